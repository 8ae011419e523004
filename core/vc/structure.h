// Structural checks of a Verifiable Credential (W3C VC Data Model 2.0 §4,
// and 1.1 for older credentials) before anything is signed or verified:
// the fields every credential must have, with the forms they must take.
//
// Each problem is a Status with code MALFORMED_CREDENTIAL whose message
// starts with the field's path, e.g. "credentialSubject[1]: …" or
// "validUntil: …", so that a registrar can find and fix it.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_VC_STRUCTURE_H_
#define ANYCRED_CORE_VC_STRUCTURE_H_

#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/util/status.h"

namespace anycred::vc {

inline constexpr const char* kMalformedCredential = "MALFORMED_CREDENTIAL";
inline constexpr const char* kContextV2 =
    "https://www.w3.org/ns/credentials/v2";
inline constexpr const char* kContextV1 =
    "https://www.w3.org/2018/credentials/v1";

enum class DataModel { kV2, kV1_1, kUnknown };
// From @context[0].
DataModel DetectDataModel(const Json& credential);

// Every problem found (empty when the structure is sound).
std::vector<Status> CheckCredentialStructure(const Json& credential);

// True for an absolute URL/IRI: a scheme, ':', and no whitespace.
bool IsUrl(const Json& value);

// The issuer's id (string form or object's id), or "" when absent.
std::string IssuerId(const Json& credential);

}  // namespace anycred::vc

#endif  // ANYCRED_CORE_VC_STRUCTURE_H_
