#include "issuer/service/status_index_pool.h"

namespace anycred::issuer {

Result<store::StatusSlot> StatusIndexPool::Take(const std::string& org_id,
                                                const std::string& purpose) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& q = free_[org_id + '\0' + purpose];
  if (q.empty()) {
    ANYCRED_ASSIGN_OR_RETURN(
        auto slots,
        store_->ReserveStatusIndices(org_id, purpose, block_, list_size_));
    for (auto& s : slots) q.push_back(std::move(s));
    if (q.empty())
      return Status::Error(store::kStoreError, "no status index is available");
  }
  store::StatusSlot slot = std::move(q.front());
  q.pop_front();
  return slot;
}

}  // namespace anycred::issuer
