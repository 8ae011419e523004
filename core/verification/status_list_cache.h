// Status list credentials fetched and verified once, shared by every
// credential that points to them: `verify --jsonl` over many credentials
// with the same list fetches, verifies and decodes it once.
//
// An entry is what the status check learned about one list URL: the fetch
// outcome (with its time and origin), whether the list's own proof
// verified and whose key signed it, its dates and purposes, and its
// decoded bits. Entries expire (the list's `ttl`, or 5 minutes; failures
// after 1 minute) so a long-running service sees status changes.
//
// Thread safety: Get is thread-safe; concurrent Gets of one URL run the
// loader once and the others wait for its result.
#ifndef ANYCRED_CORE_VERIFICATION_STATUS_LIST_CACHE_H_
#define ANYCRED_CORE_VERIFICATION_STATUS_LIST_CACHE_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/util/datetime.h"
#include "core/util/status.h"
#include "core/verification/report.h"

namespace anycred::verification {

struct StatusListInfo {
  std::string url;
  // Retrieval: when not ok, the list could not be had (offline,
  // unreachable): the credential's status is unknown.
  Status retrieval;
  bool offline = false;
  std::string origin;                   // "network", "cache", "bundle", …
  std::optional<Timestamp> fetched_at;  // "status as of"
  std::string note;                     // e.g. a stale copy was used
  // The list credential itself.
  std::string type;  // BitstringStatusListCredential / StatusList2021Credential
  std::string issuer;
  std::vector<std::string> purposes;  // credentialSubject.statusPurpose
  std::optional<std::string> valid_from, valid_until;
  std::optional<std::int64_t> ttl_ms;
  // The list's own proof: outcome (ok, failed, unknown when its key could
  // not be retrieved) and the problems found.
  Outcome proof = Outcome::kUnknown;
  std::vector<Problem> proof_problems;
  std::vector<std::string> signers;  // controllers of assertionMethod keys
                                     // whose proofs verified
  // Decoding: ok, or STATUS_LIST_LENGTH_ERROR / MALFORMED_VALUE_ERROR.
  Status decoding;
  std::vector<std::uint8_t> bits;  // MSB-first
};

class StatusListCache {
 public:
  using Loader = std::function<StatusListInfo(const std::string& url)>;
  // The entry for `url`, from the cache while it is current, else from
  // `load` (which must not throw).
  std::shared_ptr<const StatusListInfo> Get(const std::string& url,
                                            const Loader& load);
  std::size_t loads() const;  // how many times a loader ran (for tests)

 private:
  struct Slot {
    std::mutex mu;  // held while loading
    std::shared_ptr<const StatusListInfo> info;
    Timestamp expires;
  };
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Slot>> slots_;
  std::size_t loads_ = 0;
};

}  // namespace anycred::verification

#endif  // ANYCRED_CORE_VERIFICATION_STATUS_LIST_CACHE_H_
