#include "issuer/service/status_index_pool.h"

namespace anycred::issuer {

Result<store::StatusSlot> StatusIndexPool::Take(const std::string& org_id,
                                                const std::string& purpose) {
  std::unique_lock<std::mutex> lock(mu_);
  Free& f = free_[org_id + '\0' + purpose];  // map nodes never move
  while (true) {
    if (f.slots.size() > block_ / 2 || f.reserving) {
      if (!f.slots.empty()) break;
      // Dry, and another request is reserving: wait for its block (or its
      // failure, after which this request tries itself).
      reserved_.wait(lock, [&] { return !f.reserving || !f.slots.empty(); });
      continue;
    }
    // Half the block is used: reserve the next one, outside the lock.
    f.reserving = true;
    lock.unlock();
    auto slots =
        store_->ReserveStatusIndices(org_id, purpose, block_, list_size_);
    lock.lock();
    f.reserving = false;
    if (slots.ok())
      for (auto& s : *slots) f.slots.push_back(std::move(s));
    reserved_.notify_all();
    if (f.slots.empty()) {
      if (!slots.ok()) return slots.status();
      return Status::Error(store::kStoreError, "no status index is available");
    }
    break;
  }
  store::StatusSlot slot = std::move(f.slots.front());
  f.slots.pop_front();
  return slot;
}

}  // namespace anycred::issuer
