// Test helper: runs SQL directly on a SQLite database file, for tests that
// write a store as an older schema left it, or check what the store refuses.
//
// Thread safety: each call opens and closes its own connection.
#ifndef ANYCRED_TESTS_SQLITE_TEST_UTIL_H_
#define ANYCRED_TESTS_SQLITE_TEST_UTIL_H_

#include <sqlite3.h>

#include <string>

namespace anycred::testing {

// Runs `sql` (one or more statements) on the database at `path`, creating
// the file if needed. Returns SQLite's error message, or "" on success.
inline std::string ExecSqlite(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "cannot open " + path;
    sqlite3_close(db);
    return message;
  }
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string message =
      rc == SQLITE_OK ? "" : (err ? err : "error " + std::to_string(rc));
  sqlite3_free(err);
  sqlite3_close(db);
  return message;
}

}  // namespace anycred::testing

#endif  // ANYCRED_TESTS_SQLITE_TEST_UTIL_H_
