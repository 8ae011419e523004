// The PostgreSQL schema as numbered migrations: migration N (1-based) is
// PostgresMigrations()[N-1] and means the same change as SQLite's
// migration N (sqlite_migrations.h), in PostgreSQL's dialect
// (specs/issuer-store.md "PostgreSQL"). Applied in order, in one
// transaction under an advisory lock, by OpenPostgresStore; the version
// reached is recorded in schema_version. Never edit a published migration:
// add a new one, to both dialects.
//
// Thread safety: returns constant data.
#ifndef ANYCRED_ISSUER_STORE_POSTGRES_MIGRATIONS_H_
#define ANYCRED_ISSUER_STORE_POSTGRES_MIGRATIONS_H_

#include <vector>

namespace anycred::issuer::store {

const std::vector<const char*>& PostgresMigrations();

}  // namespace anycred::issuer::store

#endif  // ANYCRED_ISSUER_STORE_POSTGRES_MIGRATIONS_H_
