// paiam/store — the file side of the SQLite backend: online backup into a new file, and the
// small POSIX helpers restore needs (existence, durable copy, directory fsync).
// Internal to the store component.
#ifndef PAIAM_STORE_SQLITE_FILES_H_
#define PAIAM_STORE_SQLITE_FILES_H_

#include <string>

#include "base/status.h"

namespace paiam::store::internal {

bool FileExists(const std::string& path);

// Copies the database at `source` (open elsewhere, WAL) into the new file `dest` with the
// sqlite3 backup API in a single step, i.e. from one read snapshot. `dest` is claimed with
// O_EXCL (store.file-exists) and removed again if the backup fails. The copy is left in
// rollback-journal mode so that it is one self-contained file.
Status BackupDatabase(const std::string& source, int busy_timeout_ms, const std::string& dest);

}  // namespace paiam::store::internal

#endif  // PAIAM_STORE_SQLITE_FILES_H_
