// Documents fetched once per run and shared by every credential that needs
// them (the issuers' key histories): `verify --jsonl` over many credentials
// of one issuer fetches its key-history.json once, and an issuer that
// publishes none (HTTP 404) is asked once, not once per credential.
//
// An entry is the fetch outcome, document or error, kept 5 minutes (a
// failure 1 minute) so that a long-running service sees changes.
//
// Thread safety: Fetch is thread-safe; concurrent Fetches of one URL fetch
// it once and the others wait for that result.
#ifndef ANYCRED_CORE_VERIFICATION_DOCUMENT_CACHE_H_
#define ANYCRED_CORE_VERIFICATION_DOCUMENT_CACHE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/did/resolver.h"
#include "core/util/datetime.h"
#include "core/util/status.h"

namespace anycred::verification {

class DocumentCache {
 public:
  // `url` from `source`, or the outcome of an earlier fetch that is still
  // current.
  Result<did::FetchedDocument> Fetch(const std::string& url,
                                     const did::DocumentSource& source);
  std::size_t fetches() const;  // how many times the source was asked

 private:
  struct Slot {
    std::mutex mu;  // held while fetching
    std::unique_ptr<Result<did::FetchedDocument>> outcome;
    Timestamp expires;
  };
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Slot>> slots_;
  std::size_t fetches_ = 0;
};

}  // namespace anycred::verification

#endif  // ANYCRED_CORE_VERIFICATION_DOCUMENT_CACHE_H_
