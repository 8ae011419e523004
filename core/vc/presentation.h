// Structural checks of a Verifiable Presentation (W3C VC Data Model 2.0
// §4.13, and 1.1): the fields a presentation must have, with the forms they
// must take, before its proof and its credentials are checked.
//
// Each problem is a Status with code MALFORMED_PRESENTATION whose message
// starts with the field's path, e.g. "verifiableCredential[1]: …".
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_VC_PRESENTATION_H_
#define ANYCRED_CORE_VC_PRESENTATION_H_

#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/util/status.h"

namespace anycred::vc {

inline constexpr const char* kMalformedPresentation = "MALFORMED_PRESENTATION";

// Every problem found (empty when the structure is sound). The enclosed
// credentials are only checked to be objects here; each is verified on its
// own.
std::vector<Status> CheckPresentationStructure(const Json& presentation);

// The holder's id (string form or object's id), or "" when absent.
std::string HolderId(const Json& presentation);

// The enclosed credentials (verifiableCredential as one object or a list),
// in order; entries that are not objects are included as they are.
std::vector<const Json*> EnclosedCredentials(const Json& presentation);

// The ids of a credential's subjects (credentialSubject.id, each subject of
// a list), in order; subjects without an id are skipped.
std::vector<std::string> SubjectIds(const Json& credential);

}  // namespace anycred::vc

#endif  // ANYCRED_CORE_VC_PRESENTATION_H_
