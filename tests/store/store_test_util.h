// Test support for tests/store/: a temporary directory, raw SQL against a database file (to
// build old schemas, damage, and inspect what the store wrote), and change/audit makers.
#ifndef PAIAM_TESTS_STORE_STORE_TEST_UTIL_H_
#define PAIAM_TESTS_STORE_STORE_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "store/sqlite_store.h"
#include "store/store.h"

namespace paiam::store::testing {

#define EXPECT_RULE(expr, status_code, rule_id)                              \
  do {                                                                       \
    const ::paiam::Status s_ = (expr);                                       \
    EXPECT_EQ(s_.code(), ::paiam::StatusCode::status_code) << s_.ToString(); \
    EXPECT_EQ(s_.rule(), rule_id) << s_.ToString();                          \
  } while (0)

#define ASSERT_OK(expr)                               \
  do {                                                \
    const ::paiam::Status s_ = (expr);                \
    ASSERT_TRUE(s_.ok()) << s_.ToString();            \
  } while (0)

// A fresh directory under /tmp, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    char templ[] = "/tmp/paiam-store-XXXXXX";
    const char* made = ::mkdtemp(templ);
    if (made == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = made != nullptr ? made : "/tmp";
  }
  ~TempDir() {
    std::error_code ignored;
    if (path_ != "/tmp") std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Runs `sql` on the database at `path` with a plain sqlite3 connection; returns the first
// column of every row as text. Fails the test on any error.
inline std::vector<std::string> RawSql(const std::string& path, const std::string& sql) {
  std::vector<std::string> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    ADD_FAILURE() << "open " << path << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
    return rows;
  }
  char* error = nullptr;
  auto collect = [](void* out, int columns, char** values, char**) {
    if (columns > 0) {
      static_cast<std::vector<std::string>*>(out)->push_back(values[0] ? values[0] : "NULL");
    }
    return 0;
  };
  if (sqlite3_exec(db, sql.c_str(), collect, &rows, &error) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << (error ? error : "?");
  }
  sqlite3_free(error);
  sqlite3_close(db);
  return rows;
}

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

inline Change MakeChange(const std::string& operation, const std::string& body,
                         int64_t at_ms = 1700000000000) {
  Change c;
  c.at_ms = at_ms;
  c.actor = "acs:ram::1000000000000001:root";
  c.request_id = "req-" + operation;
  c.operation = operation;
  c.body = body;
  return c;
}

inline std::vector<Change> OneChange(const std::string& operation, const std::string& body) {
  std::vector<Change> v;
  v.push_back(MakeChange(operation, body));
  return v;
}

// Every change of `store`, in order.
inline std::vector<Change> AllChanges(const Store& store, uint64_t after = 0) {
  std::vector<Change> out;
  Status s = store.ForEachChange(after, [&](const Change& c) {
    out.push_back(c);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

inline std::unique_ptr<Store> OpenOrDie(const std::string& path) {
  auto store = OpenSqliteStore(path);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(*store) : nullptr;
}

}  // namespace paiam::store::testing

#endif  // PAIAM_TESTS_STORE_STORE_TEST_UTIL_H_
