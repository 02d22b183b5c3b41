// paiam/cli — DataDirLock (data_dir.h).
#include "cli/data_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace paiam::cli {

StatusOr<DataDirLock> DataDirLock::Acquire(const std::string& data_dir) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    return Status(StatusCode::kInvalidArgument, "cli.data-dir",
                  "cannot create the data directory " + data_dir + ": " + error.message());
  }
  ::chmod(data_dir.c_str(), 0700);
  std::string path = data_dir + "/paiam.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status(StatusCode::kInvalidArgument, "cli.data-dir",
                  "cannot open " + path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Status(StatusCode::kFailedPrecondition, "cli.data-dir-locked",
                  "the data directory " + data_dir +
                      " is in use by another paiam process (a running `paiam serve`?)");
  }
  return DataDirLock(fd);
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace paiam::cli
