// The SQLite schema as numbered migrations: migration N (1-based) is
// SqliteMigrations()[N-1]. Applied in order, in one transaction, by
// OpenSqliteStore; the version reached is recorded in schema_version.
// Never edit a published migration: add a new one (specs/issuer-store.md).
//
// Thread safety: returns constant data.
#ifndef ANYCRED_ISSUER_STORE_SQLITE_MIGRATIONS_H_
#define ANYCRED_ISSUER_STORE_SQLITE_MIGRATIONS_H_

#include <vector>

namespace anycred::issuer::store {

const std::vector<const char*>& SqliteMigrations();

}  // namespace anycred::issuer::store

#endif  // ANYCRED_ISSUER_STORE_SQLITE_MIGRATIONS_H_
