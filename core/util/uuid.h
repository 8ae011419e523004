// Random (version 4) UUIDs as URNs, the ids anycred gives credentials,
// presentations and decisions that have none: urn:uuid:xxxxxxxx-xxxx-4xxx-
// yxxx-xxxxxxxxxxxx (RFC 9562), from libsodium's CSPRNG.
//
// Thread safety: thread-safe.
#ifndef ANYCRED_CORE_UTIL_UUID_H_
#define ANYCRED_CORE_UTIL_UUID_H_

#include <string>

namespace anycred {

std::string NewUrnUuid();

}  // namespace anycred

#endif  // ANYCRED_CORE_UTIL_UUID_H_
