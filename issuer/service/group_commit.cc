#include "issuer/service/group_commit.h"

#include <algorithm>
#include <vector>

namespace anycred::issuer {

GroupCommitter::GroupCommitter(store::Store* store, std::size_t max_batch)
    : store_(store), max_batch_(max_batch == 0 ? 1 : max_batch) {
  const std::size_t writers = std::max<std::size_t>(
      1, store == nullptr ? 1 : store->ConcurrentWriters());
  for (std::size_t i = 0; i < writers; ++i)
    threads_.emplace_back([this] { Run(); });
}

GroupCommitter::~GroupCommitter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : threads_) t.join();
}

Status GroupCommitter::Record(store::IssuedCredential credential) {
  auto p = std::make_shared<Pending>();
  p->credential = std::move(credential);
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_)
    return Status::Error(store::kStoreError, "the service is shutting down");
  queue_.push_back(p);
  work_cv_.notify_one();
  p->cv.wait(lock, [&] { return p->done; });
  lock.unlock();
  // Committed; on disk once Sync returns. The first request of a batch
  // runs the fdatasync while the writer already records the next batch;
  // the requests it wakes find it done.
  if (p->result.ok()) {
    if (Status st = store_->Sync(p->sync); !st.ok()) p->result = st;
  }
  for (PendingPtr& next : p->wake) {
    if (next) next->cv.notify_one();
    next.reset();
  }
  return std::move(p->result);
}

void GroupCommitter::Run() {
  std::vector<PendingPtr> batch;
  std::vector<store::IssuedCredential> records;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      batch.clear();
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    records.clear();
    for (const PendingPtr& p : batch)
      records.push_back(std::move(p->credential));
    store::SyncToken sync = 0;
    auto results = store_->RecordCredentialsUnsynced(records, &sync);
    {
      std::lock_guard<std::mutex> lock(mu_);
      const std::size_t n = batch.size();
      for (std::size_t i = 0; i < n; ++i) {
        batch[i]->result = results.ok() ? (*results)[i] : results.status();
        batch[i]->sync = sync;
        batch[i]->done = true;
        for (std::size_t k = 0; k < 2; ++k)
          if (2 * i + 1 + k < n) batch[i]->wake[k] = batch[2 * i + 1 + k];
      }
    }
    if (!batch.empty()) batch[0]->cv.notify_one();
  }
}

}  // namespace anycred::issuer
