// UUIDs as URNs (RFC 9562), the ids anycred gives credentials,
// presentations and decisions that have none, from libsodium's CSPRNG:
//   NewUrnUuid             version 4, 122 random bits;
//   NewTimeOrderedUrnUuid  version 7: the Unix time in milliseconds (48
//                          bits) then 74 random bits, so ids made one after
//                          another sort together. The issuer uses these for
//                          credentials: a store index on them then grows at
//                          its end instead of being written all over.
//                          They reveal the creation time to the
//                          millisecond, which an issued credential states
//                          anyway (validFrom, proof.created).
//
// Thread safety: thread-safe.
#ifndef ANYCRED_CORE_UTIL_UUID_H_
#define ANYCRED_CORE_UTIL_UUID_H_

#include <cstdint>
#include <string>

namespace anycred {

std::string NewUrnUuid();
std::string NewTimeOrderedUrnUuid();
// The same at a given Unix time in milliseconds (for tests).
std::string NewTimeOrderedUrnUuidAt(std::uint64_t unix_ms);

}  // namespace anycred

#endif  // ANYCRED_CORE_UTIL_UUID_H_
