#include "core/verification/document_cache.h"

namespace anycred::verification {

namespace {
constexpr std::int64_t kLifetimeSeconds = 300;
constexpr std::int64_t kFailureLifetimeSeconds = 60;
constexpr std::size_t kMaxSlots = 4096;
}  // namespace

Result<did::FetchedDocument> DocumentCache::Fetch(
    const std::string& url, const did::DocumentSource& source) {
  std::shared_ptr<Slot> slot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto& s = slots_[url];
    if (!s) {
      if (slots_.size() > kMaxSlots) {
        // Drop every other entry rather than grow without bound.
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
  if (slot->outcome && now < slot->expires) return *slot->outcome;
  slot->outcome =
      std::make_unique<Result<did::FetchedDocument>>(source.FetchDocument(url));
  std::int64_t life =
      slot->outcome->ok() ? kLifetimeSeconds : kFailureLifetimeSeconds;
  slot->expires = Timestamp{now.seconds + life, now.nanos};
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++fetches_;
  }
  return *slot->outcome;
}

std::size_t DocumentCache::fetches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fetches_;
}

}  // namespace anycred::verification
