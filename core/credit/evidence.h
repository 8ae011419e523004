// A piece of evidence as the credit-equivalence engine sees it: one
// credential a student presented, after verification, reduced to what
// policy rules match on (achievement, competency alignments, results,
// credits, seat time, when it was earned, whether it verified).
//
// Seat time: Open Badges 3.0 has no hours property. A credential records
// contact hours as a result whose ResultDescription has resultType
// "ext:ContactHours" and whose value is the number of hours
// (specs/credit-policy.md). Evidence that records hours and aligns to no
// competency is "seat-time only": rules count it only when they say so.
//
// Thread safety: plain data.
#ifndef ANYCRED_CORE_CREDIT_EVIDENCE_H_
#define ANYCRED_CORE_CREDIT_EVIDENCE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/util/datetime.h"

namespace anycred::credit {

// A competency or standard a credential aligns to (OB 3.0 Alignment).
struct Alignment {
  std::string framework;  // targetFramework
  std::string code;       // targetCode
  std::string type;       // targetType, e.g. CFItem
  std::string name;       // targetName
  std::string url;        // targetUrl
};

// One result of the achievement (OB 3.0 Result with its ResultDescription).
struct ResultValue {
  std::string name;         // the ResultDescription's name
  std::string result_type;  // e.g. Percent, RubricCriterionLevel
  std::string value;        // Result.value
  std::string level;        // name of the achieved RubricCriterionLevel
  std::string status;       // Result.status (Completed when absent)
};

// Whether the credential itself checked out.
enum class EvidenceStatus {
  kVerified,       // every check passed
  kFailed,         // a check failed (forged, expired, wrong issuer…)
  kRevoked,        // the issuer revoked it
  kSuspended,      // the issuer suspended it
  kStatusUnknown,  // authentic, but revocation could not be checked
};

struct Evidence {
  std::string credential_id;  // its id (or a hash when it has none)
  std::string issuer_id;
  std::string issuer_name;
  std::string achievement_id;
  std::string achievement_name;
  std::string achievement_type;
  std::string field_of_study;
  std::vector<Alignment> alignments;  // the achievement's and its results'
  std::vector<ResultValue> results;
  std::optional<double> credits_earned;     // credentialSubject.creditsEarned
  std::optional<double> credits_available;  // achievement.creditsAvailable
  std::optional<double> hours;              // contact hours, if recorded
  std::optional<Timestamp> earned;  // awardedDate, else validFrom/issuanceDate
  std::string earned_text;          // the date as written
  EvidenceStatus status = EvidenceStatus::kVerified;
  std::string status_detail;  // why, in words, when not verified

  bool SeatTimeOnly() const { return hours.has_value() && alignments.empty(); }
};

const char* EvidenceStatusName(EvidenceStatus status);

}  // namespace anycred::credit

#endif  // ANYCRED_CORE_CREDIT_EVIDENCE_H_
