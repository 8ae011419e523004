// WalSync: group fsync of a SQLite write-ahead log, off the writer's lock.
//
// The SQLite store's writer runs with synchronous=NORMAL: a COMMIT writes
// the transaction's frames to the WAL file and returns without waiting for
// the disk. A committed transaction is then visible to every connection and
// survives this process dying, but not yet a power cut. WalSync makes it
// durable: Committed() numbers each commit (called right after COMMIT, with
// the writer's lock held) and Sync(ticket) returns once the WAL is on disk
// up to that commit, by fdatasync(2) of the WAL file. That is what
// synchronous=FULL does inside COMMIT, moved to where the caller chooses:
//   - a plain write method commits and syncs before it returns (as FULL);
//   - a group commit can release the writer's lock first, so the next
//     transaction is built while the disk writes this one, and one
//     fdatasync covers every commit made before it started.
// Nothing of a transaction may leave the process (a response, an output
// file) before Sync of its ticket returned OK.
//
// If the WAL file is gone (SQLite checkpoints it into the database and
// deletes it when the last connection closes), the database file is synced
// instead: the checkpoint copied the commits there.
//
// Thread safety: thread-safe. Committed() must be called in commit order
// (the store calls it under its write lock).
#ifndef ANYCRED_ISSUER_STORE_WAL_SYNC_H_
#define ANYCRED_ISSUER_STORE_WAL_SYNC_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "core/util/status.h"

namespace anycred::issuer::store {

class WalSync {
 public:
  // `db_path` is the database file; its WAL is db_path + "-wal".
  explicit WalSync(std::string db_path);
  WalSync(const WalSync&) = delete;
  WalSync& operator=(const WalSync&) = delete;

  // The ticket of the commit that just returned (1, 2, 3, …).
  std::uint64_t Committed() {
    return committed_.fetch_add(1, std::memory_order_acq_rel) + 1;
  }
  // Returns once every commit up to `ticket` is on disk (0: nothing to
  // wait for). Concurrent callers share one fdatasync.
  Status Sync(std::uint64_t ticket);

  // fdatasync calls made so far (for tests).
  std::uint64_t syncs() const { return syncs_.load(std::memory_order_relaxed); }

 private:
  const std::string db_path_;
  const std::string wal_path_;
  std::atomic<std::uint64_t> committed_{0};
  std::atomic<std::uint64_t> syncs_{0};
  std::mutex mu_;             // one fdatasync at a time
  std::uint64_t synced_ = 0;  // guarded by mu_
};

}  // namespace anycred::issuer::store

#endif  // ANYCRED_ISSUER_STORE_WAL_SYNC_H_
