// The server store: the issuer's state in a PostgreSQL database, shared by
// any number of `anycred-issuer` processes (behind a load balancer) with no
// coordination but the database's transactions and constraints
// (specs/issuer-store.md "PostgreSQL").
//
// What it promises, beyond store.h:
//   - The same tables and migration numbers as the SQLite store, in
//     PostgreSQL's dialect (postgres_migrations.h). Migrations run in one
//     transaction under a transaction-level advisory lock, so processes
//     started at the same moment migrate once, one after the other.
//   - Every write is one transaction at READ COMMITTED; uniqueness (status
//     indices, credential ids, award keys, claims) is enforced by primary
//     keys and row locks, and a transaction that fails with a
//     serialization failure or deadlock is retried (a few times) from the
//     start.
//   - A commit that returned is durable (synchronous_commit as configured
//     on the server; on by default).
//   - The connection URL's password is never shown: RedactStoreUrl() is
//     used for every message that names the database.
//
// Thread safety: thread-safe. A small pool of connections (each used by one
// thread at a time) serves concurrent calls.
#ifndef ANYCRED_ISSUER_STORE_POSTGRES_STORE_H_
#define ANYCRED_ISSUER_STORE_POSTGRES_STORE_H_

#include <memory>
#include <string>

#include "issuer/store/store.h"

namespace anycred::issuer::store {

// True for postgresql://… and postgres://… URLs.
bool IsPostgresUrl(const std::string& url);

// `url` with any password (user:PASSWORD@ or password=…) replaced by ***.
std::string RedactStoreUrl(const std::string& url);

// Connects to the database at `url` (a libpq connection URI) and migrates
// it. Without `create`, a database that holds no issuer store yet is
// NOT_FOUND; a schema newer than this program is SCHEMA_TOO_NEW; a
// database that cannot be reached is STORE_ERROR.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 bool create);

}  // namespace anycred::issuer::store

#endif  // ANYCRED_ISSUER_STORE_POSTGRES_STORE_H_
