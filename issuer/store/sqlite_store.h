// The embedded store: one SQLite database file (DIR/issuer.db) in WAL mode.
// The writer connection runs with synchronous=NORMAL and syncs the WAL
// itself (wal_sync.h): every write method returns once its commit is on
// disk, as with synchronous=FULL, but a group of credentials is synced
// after the write lock is released, so the next group is written while
// the disk takes this one (RecordCredentialsUnsynced leaves the sync to
// the caller).
//
// Writes go through one connection, one transaction at a time (BEGIN
// IMMEDIATE; other processes wait up to the busy timeout); reads use a pool
// of read connections and do not wait for writers (WAL snapshots).
// Migrations (numbered SQL scripts, specs/issuer-store.md) are applied in
// one transaction when the store is opened; a database whose schema is
// newer than this program is refused (SCHEMA_TOO_NEW).
//
// Thread safety: thread-safe (see store.h).
#ifndef ANYCRED_ISSUER_STORE_SQLITE_STORE_H_
#define ANYCRED_ISSUER_STORE_SQLITE_STORE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "issuer/store/store.h"

namespace anycred::issuer::store {

// The schema version this program writes.
int LatestSchemaVersion();

struct SqliteOptions {
  // Once the WAL holds more frames than this, it is checkpointed to its
  // end with the writer held back, then rewound (specs/issuer-store.md,
  // "Checkpoints"); the file is cut back to this size then.
  std::int64_t wal_limit_bytes = std::int64_t{1} << 30;
};

// Opens (creating if `create`) the database at `path` and migrates it.
// Without `create`, a missing file is NOT_FOUND.
Result<std::unique_ptr<Store>> OpenSqliteStore(
    const std::string& path, bool create, const SqliteOptions& options = {});

}  // namespace anycred::issuer::store

#endif  // ANYCRED_ISSUER_STORE_SQLITE_STORE_H_
