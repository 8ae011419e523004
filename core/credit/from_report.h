// Evidence from a verified credential: reads what the credit engine matches
// on (achievement id, name, type, field of study, alignments, results,
// creditsEarned / creditsAvailable, contact hours, when it was earned,
// issuer) from the credential's facts (core/vc/achievement_facts.h), and
// its verification outcome from the verifier's report
// (core/verification/verify_credential.h).
//
// Outcome: revoked or suspended when the status check says so; status
// unknown when every other check passed but revocation could not be
// checked; failed when any other check (structure, schema, proof, issuer,
// validity, endorsements) did not pass or the status list could not be
// trusted. The trust check is left to the credit engine, which asks its own
// Recognition for the competency a rule matched (trust_recognition.h).
//
// Never fails: what a credential does not say is left empty.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_CREDIT_FROM_REPORT_H_
#define ANYCRED_CORE_CREDIT_FROM_REPORT_H_

#include <string>

#include "core/credit/evidence.h"
#include "core/json/json.h"
#include "core/verification/report.h"

namespace anycred::credit {

// The result type that records contact hours (specs/credit-policy.md).
inline constexpr const char* kContactHoursResultType = "ext:ContactHours";

// The outcome of `report` for the credit engine; `detail` (may be null)
// gets why, in words, when it is not kVerified.
EvidenceStatus EvidenceStatusFromReport(
    const verification::CredentialReport& report, std::string* detail);

// `credential` as evidence, with `report` its verification report.
Evidence EvidenceFromCredential(const Json& credential,
                                const verification::CredentialReport& report);

}  // namespace anycred::credit

#endif  // ANYCRED_CORE_CREDIT_FROM_REPORT_H_
