// Group commit: request threads hand their signed credentials to a
// writer thread, which records everything that is waiting in ONE store
// transaction and wakes each request when its batch is committed; the
// request then waits until the batch is on disk (store::Store::Sync: one
// fdatasync for the batch, run by its first request while the writer
// records the next batch). Under load the batch grows with the number of
// requests in flight, so the cost of a durable commit is shared; with one
// request at a time it is a plain synchronous commit. There are as many
// writer threads as the store runs transactions at once
// (Store::ConcurrentWriters: one for SQLite; for PostgreSQL, whose commit
// waits for the server's flush, the next batches are written meanwhile).
//
// Waking a batch: the writer wakes only the batch's first request, and each
// woken request wakes two more (a binary tree over the batch). A woken
// thread tends to take the CPU from the thread that woke it, so a writer
// that woke every request itself was pushed off the CPU once per request
// (two thirds of its context switches) before it could start the next
// batch.
//
// Thread safety: Record may be called from any number of threads.
#ifndef ANYCRED_ISSUER_SERVICE_GROUP_COMMIT_H_
#define ANYCRED_ISSUER_SERVICE_GROUP_COMMIT_H_

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "issuer/store/store.h"

namespace anycred::issuer {

class GroupCommitter {
 public:
  GroupCommitter(store::Store* store, std::size_t max_batch);
  ~GroupCommitter();  // finishes what is queued, then stops
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Blocks until `credential` is durably recorded (OK) or refused.
  Status Record(store::IssuedCredential credential);

 private:
  struct Pending {
    store::IssuedCredential credential;
    Status result;
    store::SyncToken sync = 0;  // for store::Store::Sync, once done
    bool done = false;
    std::condition_variable cv;        // one per request: no thundering herd
    std::shared_ptr<Pending> wake[2];  // to wake once woken (same batch)
  };
  // Shared by the request and the writer: the writer wakes a request after
  // releasing the lock (so it does not wake into a held mutex), and the
  // request may return and drop its reference before that wake-up lands.
  using PendingPtr = std::shared_ptr<Pending>;
  void Run();

  store::Store* store_;
  std::size_t max_batch_;
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::deque<PendingPtr> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_GROUP_COMMIT_H_
