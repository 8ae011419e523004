// The credit-equivalence engine: applies a receiving institution's policy
// (core/credit/policy.h) to a student's verified evidence from any number
// of providers and decides, with reasons, which targets are granted and for
// how much credit.
//
// Deterministic: the same policy, evidence and time always give the same
// decision, whatever order the evidence came in:
//   - evidence is considered most recently earned first, then by id;
//   - targets are decided in policy order; for each, its rules are tried in
//     policy order and the first one satisfied grants it;
//   - a rule consumes the evidence it used, so that one credential counts
//     toward one target, unless the rule says shareEvidence (it then uses
//     evidence without consuming it). A later target that could have used
//     consumed evidence says so in its notes.
// Only evidence that verified counts; revoked, suspended or failed
// credentials are named in the reasons. Seat-time-only evidence counts only
// under rules with allowSeatTime.
//
// Thread safety: Evaluate is a pure function of its arguments (the
// Recognition it calls must be safe to call from the calling thread).
#ifndef ANYCRED_CORE_CREDIT_EVALUATE_H_
#define ANYCRED_CORE_CREDIT_EVALUATE_H_

#include <string>
#include <vector>

#include "core/credit/evidence.h"
#include "core/credit/policy.h"
#include "core/json/json.h"
#include "core/util/datetime.h"

namespace anycred::credit {

struct RecognitionAnswer {
  bool recognized = false;
  std::string explanation;  // "recognized by R as NAME for SCOPE", or why not
};

// Whether the institution recognizes an evidence's issuer for the
// competency the rule matched (null when the rule matched by achievement id,
// type or field of study). Backed by the verifier's trust registry.
class Recognition {
 public:
  virtual ~Recognition() = default;
  virtual RecognitionAnswer Check(const Evidence& evidence,
                                  const Alignment* competency,
                                  Timestamp at) const = 0;
};

struct EvaluateOptions {
  Timestamp at = Now();
  // Null: no issuer is recognized, so rules that require recognition (the
  // default) are never satisfied.
  const Recognition* recognition = nullptr;
  // Count authentic evidence whose revocation status could not be checked.
  bool accept_unknown_status = false;
};

struct UsedEvidence {
  std::size_t index = 0;  // into the evidence list given to Evaluate
  std::string matched;    // what matched, in words
  std::string result;     // the result that met a minimum, if one was asked
  std::string recognition;
};

struct TargetDecision {
  std::string code;
  std::string title;
  double max_credits = 0;
  bool granted = false;
  std::string rule;  // the rule that granted it
  double credits = 0;
  std::vector<UsedEvidence> evidence;
  std::vector<std::string> missing;  // when not granted: what each rule lacks
  // When not granted: the evidence that already meets part of the rule that
  // came closest (the most evidence met; the first such rule), so that a
  // student sees what is there. Nothing here is consumed.
  std::vector<UsedEvidence> partial;
  std::string partial_rule;
  std::vector<std::string> notes;  // conflicts and how they were resolved
};

struct Decision {
  std::string policy_id;
  std::string institution_id;
  std::string institution_name;
  Timestamp at;
  std::vector<TargetDecision> targets;
  std::size_t granted = 0;
  double credits = 0;
  std::vector<std::size_t> unused;  // evidence that counted toward nothing
};

Decision Evaluate(const Policy& policy, const std::vector<Evidence>& evidence,
                  const EvaluateOptions& options);

// The decision as JSON (specs/credit-policy.md, "Decision report").
Json DecisionToJson(const Decision& decision,
                    const std::vector<Evidence>& evidence);
// The decision in words, for a transfer-credit officer or a student.
std::string DecisionToText(const Decision& decision,
                           const std::vector<Evidence>& evidence);

// "3", "2.5", "0.33": credits as people write them.
std::string FormatCredits(double credits);

}  // namespace anycred::credit

#endif  // ANYCRED_CORE_CREDIT_EVALUATE_H_
