// A receiving institution's credit-equivalence policy: which of its own
// courses or competencies ("targets") it grants, and the rules that say
// what evidence earns each, from whom, how recent, how good, and for how
// much credit. The file format is specified in specs/credit-policy.md
// (JSON Schema: specs/schemas/credit-policy.schema.json).
//
// ParsePolicy checks everything a rule needs before any evaluation runs:
// an error (INVALID_POLICY) names the JSON path and the problem, e.g.
// `rules[2].when.anyOf[0].evidence.minResult: give either score or level`.
//
// Thread safety: a Policy is immutable after parsing; share it freely.
#ifndef ANYCRED_CORE_CREDIT_POLICY_H_
#define ANYCRED_CORE_CREDIT_POLICY_H_

#include <optional>
#include <string>
#include <vector>

#include "core/credit/duration.h"
#include "core/credit/evidence.h"
#include "core/json/json.h"
#include "core/util/status.h"

namespace anycred::credit {

struct Target {
  std::string code;
  std::string title;
  double credits = 0;
  std::vector<Alignment> alignment;  // the institution's own framework
};

// The least result that counts: a number (score) compared with the result
// value, or a level in an ordered list of levels (lowest first).
struct MinResult {
  std::string result;  // only results with this ResultDescription name
  std::optional<double> score;
  std::string level;
  std::vector<std::string> levels;
};

// What one credential must be to count. Every given field must hold.
struct EvidenceMatch {
  std::string achievement_id;
  std::optional<Alignment> alignment;  // framework + code (type optional)
  std::string achievement_type;
  std::string field_of_study;
  std::vector<std::string> issuers;  // only these issuer ids, if given
  bool require_recognized = true;    // issuer recognized for the competency
  std::optional<MinResult> min_result;
  std::optional<Duration> earned_within;
};

struct Condition {
  enum class Kind { kEvidence, kAllOf, kAnyOf, kAtLeast };
  Kind kind = Kind::kEvidence;
  std::size_t at_least = 0;  // kAtLeast
  std::vector<Condition> children;
  EvidenceMatch match;  // kEvidence
  std::string path;     // where it is in the policy, for reports
};

struct Credit {
  enum class Kind { kFixed, kFromEvidence, kFromHours };
  Kind kind = Kind::kFixed;
  double fixed = 0;               // kFixed (default: the target's credits)
  bool from_earned = true;        // kFromEvidence: creditsEarned, else
                                  // creditsAvailable
  double factor = 1;              // kFromEvidence multiplier
  double hours_per_credit = 120;  // kFromHours (the Carnegie unit)
  std::optional<double> max;      // cap (default: the target's credits)
};

struct Rule {
  std::string id;
  std::string target;  // a Target code
  Condition when;
  Credit credit;
  bool share_evidence = false;   // evidence may also count elsewhere
  bool allow_seat_time = false;  // seat-time-only evidence may count
};

struct Policy {
  std::string id;  // the policy's own id or version label
  std::string institution_id;
  std::string institution_name;
  Json registry;  // inline registry object, or a file name (string)
  std::vector<Target> targets;
  std::vector<Rule> rules;

  const Target* FindTarget(const std::string& code) const;
};

Result<Policy> ParsePolicy(const Json& policy);

}  // namespace anycred::credit

#endif  // ANYCRED_CORE_CREDIT_POLICY_H_
