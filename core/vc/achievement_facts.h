// What a credential says, as facts a person reads: the achievement (name,
// type, description, criteria), the issuer, the recipient said plainly
// (an id, or a hashed identity explained), the competencies it aligns to
// (framework and code), credits, results, dates and evidence. Works for
// Open Badges 3.0 (VC 2.0 and 1.1), CLR 2.0 (each contained credential
// listed with its own facts), presentations (each credential), and plain
// VCs (the subject's claims).
//
// Used by `anycred-verifier inspect`, the verifier's web page, and the
// wallet's show/summary and credit engine. Extraction never fails: what is
// missing or malformed is left out. It does not verify anything.
//
// The JSON form is a contract (specs/inspect.md).
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_VC_ACHIEVEMENT_FACTS_H_
#define ANYCRED_CORE_VC_ACHIEVEMENT_FACTS_H_

#include <string>

#include "core/json/json.h"

namespace anycred::vc {

// {"kind", "dataModel", "id", "type", "name", "description", "issuer",
//  "recipient", "achievement", "competencies", "credits", "results",
//  "dates", "evidence", "claims", "credentials"} (those present).
Json AchievementFacts(const Json& credential);

// The facts in words, one fact per line, each line starting with `indent`.
std::string AchievementFactsToText(const Json& facts,
                                   const std::string& indent = "");

// A language-tagged or plain string value as text ("" when neither).
std::string TextValue(const Json& value);

}  // namespace anycred::vc

#endif  // ANYCRED_CORE_VC_ACHIEVEMENT_FACTS_H_
