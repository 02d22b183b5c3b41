// paiam/cli — DataDirLock: one process at a time owns a data directory. `paiam serve` holds it
// while it runs; `paiam admin restore` needs it, so a restore can never swap the database under
// a running server. The lock is an flock(2) on DATA_DIR/paiam.lock, released by the kernel when
// the process dies, so a crash leaves no stale lock behind.
#ifndef PAIAM_CLI_DATA_DIR_H_
#define PAIAM_CLI_DATA_DIR_H_

#include <string>

#include "base/status.h"

namespace paiam::cli {

class DataDirLock {
 public:
  // Creates the directory (mode 0700) if needed. Refused (rule "cli.data-dir-locked") while
  // another process holds it.
  static StatusOr<DataDirLock> Acquire(const std::string& data_dir);
  DataDirLock(DataDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DataDirLock& operator=(DataDirLock&&) = delete;
  DataDirLock(const DataDirLock&) = delete;
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace paiam::cli

#endif  // PAIAM_CLI_DATA_DIR_H_
