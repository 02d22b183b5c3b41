// paiam/store — backup, restore and the versioned-creation test hook of the SQLite backend.
//
// Restore installs exactly the bytes it vetted: the backup is first copied next to the target,
// the copy is checked (a paiam schema this version can open, integrity ok), and only then is it
// renamed over the target. The target's -wal/-shm are removed before the rename, because SQLite
// would otherwise replay the old database's log into the new file.
#include "store/sqlite_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <memory>

#include "store/sql.h"
#include "store/sqlite_db.h"
#include "store/sqlite_schema.h"
#include "store/sqlite_store.h"

namespace paiam::store {
namespace internal {
namespace {

// Closes a file descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Status FileAlreadyExists(const std::string& path) {
  return Status(StatusCode::kAlreadyExists, "store.file-exists",
                path + " already exists; refusing to overwrite it");
}

// Removes `path` if present; a missing file is fine.
Status RemoveIfPresent(const std::string& path) {
  if (::unlink(path.c_str()) == 0 || errno == ENOENT) return Status::Ok();
  return IoError("remove " + path, errno);
}

void RemoveDatabaseFiles(const std::string& path) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    (void)RemoveIfPresent(path + suffix);
  }
}

Status FsyncDirectoryOf(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd < 0) return IoError("open directory " + dir, errno);
  if (::fsync(d.fd) != 0) return IoError("fsync directory " + dir, errno);
  return Status::Ok();
}

Status WriteAll(int fd, const char* data, size_t size, const std::string& path) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("write " + path, errno);
    data += n;
    size -= static_cast<size_t>(n);
  }
  return Status::Ok();
}

// Copies `from` to `to` (created or truncated, mode 0600) and fsyncs it.
Status CopyFileDurably(const std::string& from, const std::string& to) {
  Fd in{::open(from.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) return IoError("open " + from, errno);
  Fd out{::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
  if (out.fd < 0) return IoError("create " + to, errno);
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(in.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("read " + from, errno);
    if (n == 0) break;
    if (Status s = WriteAll(out.fd, buffer, static_cast<size_t>(n), to); !s.ok()) return s;
  }
  if (::fsync(out.fd) != 0) return IoError("fsync " + to, errno);
  return Status::Ok();
}

// Copies the source's pages into `dest` (an empty file we created) from one read snapshot.
Status CopyPages(const std::string& source, int busy_timeout_ms, const std::string& dest) {
  auto from = Connection::Open(source, SQLITE_OPEN_READWRITE, busy_timeout_ms);
  if (!from.ok()) return from.status();
  if (Status s = (*from)->Exec(sql::kQueryOnly); !s.ok()) return s;
  auto to = Connection::Open(dest, SQLITE_OPEN_READWRITE, busy_timeout_ms);
  if (!to.ok()) return to.status();
  if (Status s = (*to)->Exec(sql::kSynchronousFull); !s.ok()) return s;
  sqlite3_backup* backup = sqlite3_backup_init((*to)->raw(), "main", (*from)->raw(), "main");
  if (backup == nullptr) return (*to)->Error(sqlite3_errcode((*to)->raw()), "backup");
  const int step = sqlite3_backup_step(backup, -1);  // everything, in one read transaction
  const int finish = sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE) return (*to)->Error(step, "backup");
  if (finish != SQLITE_OK) return (*to)->Error(finish, "backup");
  auto mode = (*to)->QueryText(sql::kJournalModeDelete);
  if (!mode.ok()) return mode.status();
  return Status::Ok();
}

// A restore candidate must be a paiam database this version can open, and undamaged.
Status VetCandidate(const std::string& path) {
  auto conn = Connection::Open(path, SQLITE_OPEN_READONLY, 5000);
  if (!conn.ok()) return conn.status();
  auto version = SchemaVersion(**conn);
  if (!version.ok()) return version.status();
  if (Status s = CheckOpenable(**conn, *version, /*require_paiam=*/true); !s.ok()) return s;
  return CheckDatabase(**conn);
}

// `s` with every mention of `from` replaced by `to` (messages name the file the user gave).
Status Renamed(const Status& s, const std::string& from, const std::string& to) {
  std::string message = s.message();
  for (size_t at = message.find(from); at != std::string::npos;
       at = message.find(from, at + to.size())) {
    message.replace(at, from.size(), to);
  }
  return Status(s.code(), s.rule(), std::move(message));
}

}  // namespace

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

Status BackupDatabase(const std::string& source, int busy_timeout_ms, const std::string& dest) {
  {
    // Claim the name atomically, so two backups (or a user's file) are never overwritten.
    Fd claim{::open(dest.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
    if (claim.fd < 0) {
      return errno == EEXIST ? FileAlreadyExists(dest) : IoError("create " + dest, errno);
    }
  }
  Status s = CopyPages(source, busy_timeout_ms, dest);
  if (s.ok()) s = FsyncDirectoryOf(dest);
  if (!s.ok()) RemoveDatabaseFiles(dest);
  return s;
}

}  // namespace internal

Status RestoreSqliteStore(const std::string& backup, const std::string& target) {
  using internal::RemoveIfPresent;
  if (!internal::FileExists(backup)) {
    return Status(StatusCode::kNotFound, "store.not-found", backup + " does not exist");
  }
  const std::string candidate = target + ".tmp";
  internal::RemoveDatabaseFiles(candidate);  // leftovers of an interrupted restore
  Status s = internal::CopyFileDurably(backup, candidate);
  if (s.ok()) s = internal::Renamed(internal::VetCandidate(candidate), candidate, backup);
  // A read-only open of a WAL-format copy may have created these; they must not follow it.
  if (s.ok()) s = RemoveIfPresent(candidate + "-wal");
  if (s.ok()) s = RemoveIfPresent(candidate + "-shm");
  if (s.ok()) s = RemoveIfPresent(target + "-wal");
  if (s.ok()) s = RemoveIfPresent(target + "-shm");
  if (s.ok() && ::rename(candidate.c_str(), target.c_str()) != 0) {
    s = internal::IoError("rename " + candidate + " to " + target, errno);
  }
  if (!s.ok()) {
    internal::RemoveDatabaseFiles(candidate);
    return s;
  }
  return internal::FsyncDirectoryOf(target);
}

Status CreateSqliteStoreAtVersion(const std::string& path, int version) {
  if (version < 1 || version > kSqliteSchemaVersion) {
    return internal::Invalid("schema version " + std::to_string(version) +
                             " is not between 1 and " + std::to_string(kSqliteSchemaVersion));
  }
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && st.st_size > 0) return internal::FileAlreadyExists(path);
  auto conn = internal::Connection::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 5000);
  if (!conn.ok()) return conn.status();
  auto mode = (*conn)->QueryText(sql::kJournalModeWal);
  if (!mode.ok()) return mode.status();
  return internal::Migrate(**conn, version);
}

}  // namespace paiam::store
