// Small pieces the claim-link code (claims.cc) and bulk awards
// (batches.cc) share. Internal to issuer/service.
//
// Thread safety: pure functions (RandomHex reads the system's randomness).
#ifndef ANYCRED_ISSUER_SERVICE_CLAIM_UTIL_H_
#define ANYCRED_ISSUER_SERVICE_CLAIM_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/json/json.h"

namespace anycred::issuer {

// n random bytes in hex.
std::string RandomHex(std::size_t n);
// A new claim id: `clm_`, the Unix time in milliseconds (12 hex), then 6
// random bytes (12 hex). Ids made one after another sort together, so the
// claims' primary-key index grows at its end instead of being written all
// over (a bulk batch makes thousands a second). The time is no secret: the
// claim records it, and the link's token is an HMAC of the id, not the id.
std::string NewClaimId();
std::string NewClaimIdAt(std::uint64_t unix_ms);  // for tests
// Now + seconds, as an XSD dateTimeStamp.
std::string Later(std::int64_t seconds);
// Whether `when` has passed (an unreadable time counts as passed).
bool Passed(const std::string& when);
// What a claim keeps of the award request: everything but the recipient
// (whose plain email or student id is never stored) and the claim option,
// plus the awarded credential's hashed identifiers.
Json StoredRequest(const Json& request, const Json& awarded);

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_CLAIM_UTIL_H_
