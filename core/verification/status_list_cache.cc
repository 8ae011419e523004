#include "core/verification/status_list_cache.h"

namespace anycred::verification {

namespace {
constexpr std::int64_t kDefaultLifetimeSeconds = 300;
constexpr std::int64_t kFailureLifetimeSeconds = 60;
constexpr std::size_t kMaxSlots = 4096;
}  // namespace

std::shared_ptr<const StatusListInfo> StatusListCache::Get(
    const std::string& url, const Loader& load) {
  std::shared_ptr<Slot> slot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto& s = slots_[url];
    if (!s) {
      if (slots_.size() > kMaxSlots) {
        // Drop every other list rather than grow without bound.
        for (auto it = slots_.begin(); it != slots_.end();) {
          it = it->first == url ? std::next(it) : slots_.erase(it);
        }
      }
      s = std::make_shared<Slot>();
    }
    slot = s;
  }
  std::lock_guard<std::mutex> slot_lock(slot->mu);
  Timestamp now = Now();
  if (slot->info && now < slot->expires) return slot->info;
  auto info = std::make_shared<StatusListInfo>(load(url));
  std::int64_t life = kDefaultLifetimeSeconds;
  if (!info->retrieval.ok()) {
    life = kFailureLifetimeSeconds;
  } else if (info->ttl_ms && *info->ttl_ms >= 0) {
    life = std::min<std::int64_t>(life, *info->ttl_ms / 1000);
  }
  slot->info = std::move(info);
  slot->expires = Timestamp{now.seconds + life, now.nanos};
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++loads_;
  }
  return slot->info;
}

std::size_t StatusListCache::loads() const {
  std::lock_guard<std::mutex> lock(mu_);
  return loads_;
}

}  // namespace anycred::verification
