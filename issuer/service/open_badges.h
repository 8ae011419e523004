// Open Badges 3.0 pieces the service builds: catalog achievements
// (checked and completed with the `type`s every nested OB object needs),
// recipients without a DID as salted-hash IdentityObjects, and the
// OpenBadgeCredential of an award.
//
// Errors are INVALID_REQUEST (400) or MALFORMED_CREDENTIAL (422) with a
// message that starts with the field's path ("achievement.name: …").
//
// Thread safety: pure functions.
#ifndef ANYCRED_ISSUER_SERVICE_OPEN_BADGES_H_
#define ANYCRED_ISSUER_SERVICE_OPEN_BADGES_H_

#include <string>

#include "core/json/json.h"
#include "core/util/status.h"
#include "issuer/store/store.h"

namespace anycred::issuer {

inline constexpr const char* kInvalidRequest = "INVALID_REQUEST";
inline constexpr const char* kObContext =
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

// Checks a catalog entry and completes it: `id` becomes `url`, missing
// `type`s of the achievement, alignments, result descriptions, rubric
// levels and image are filled in.
Result<Json> NormalizeAchievement(Json achievement, const std::string& url);

// "sha256$" + hex(SHA-256(value ‖ salt)).
std::string IdentityHash(const std::string& value, const std::string& salt);

// The credential of an award request `{"recipient", "result"?, "evidence"?,
// "validFrom"?, "validUntil"?}` for `achievement` (from the catalog).
// `salt` is used for a hashed recipient identifier.
Result<Json> BuildAward(const store::Organization& org, const Json& achievement,
                        const Json& request, const std::string& salt);

// Structure checks that Open Badges adds to VC 2.0 (OpenBadgeCredential /
// AchievementCredential only): the subject's achievement and id or
// identifier. MALFORMED_CREDENTIAL "path: problem".
Status CheckOpenBadge(const Json& credential);

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_OPEN_BADGES_H_
