// The result of verifying a credential: one entry per check, each ok,
// failed (with codes and reasons) or unknown (with why), plus the
// credential's errors and warnings gathered, and the JSON and plain-text
// forms the verifier prints. The JSON form is a contract
// (specs/verification-report.md).
//
// Thread safety: plain values.
#ifndef ANYCRED_CORE_VERIFICATION_REPORT_H_
#define ANYCRED_CORE_VERIFICATION_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"

namespace anycred::verification {

enum class Outcome { kOk, kFailed, kUnknown };
const char* OutcomeName(Outcome outcome);  // "ok", "failed", "unknown"

struct Problem {
  std::string code;
  std::string message;
};

struct CheckResult {
  std::string check;  // "structure", "proof", "issuer", "validity", …
  Outcome outcome = Outcome::kOk;
  std::string summary;  // one sentence for people
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
  Json details = Json::object();  // machine detail (keys, dates, trace)
  // An advisory check's `unknown` does not by itself make the credential
  // unverified (keyHistory: most issuers publish no key history); its
  // `failed` does. JSON: "advisory": true.
  bool advisory = false;

  // Does not stop the credential from verifying: ok, or an advisory check's
  // unknown.
  bool Passed() const {
    return outcome == Outcome::kOk ||
           (advisory && outcome == Outcome::kUnknown);
  }
};

struct CredentialReport {
  bool verified = false;
  std::vector<CheckResult> checks;
  std::vector<Problem> errors;    // all checks' errors, in check order
  std::vector<Problem> warnings;  // all checks' warnings
  // What the credential says, for the report header: id, name, issuer, …
  Json facts = Json::object();

  // Adds a check and folds its errors and warnings into the totals.
  void Add(CheckResult check);
  // verified = at least one check, none failed, and none unknown except
  // advisory ones.
  void Finish();
};

// {"file": source, "verified", "checks": [...], "errors", "warnings",
// "credential": facts}
Json ReportToJson(const CredentialReport& report, const Json& source);
// The "checks" array of the JSON form, and a list of problems as
// [{"code", "message"}].
Json ChecksToJson(const std::vector<CheckResult>& checks);
Json ProblemsToJson(const std::vector<Problem>& problems);
// A report for people: a status line, what the credential is, then one
// line per check.
std::string ReportToText(const CredentialReport& report,
                         const std::string& source);
// One line per check ("[ok     ] proof      summary") with its errors and
// warnings below, each line starting with `indent`.
std::string ChecksToText(const std::vector<CheckResult>& checks,
                         const std::string& indent);
// The same, appended to `out`.
void AppendChecksText(const std::vector<CheckResult>& checks,
                      std::string_view indent, std::string* out);

}  // namespace anycred::verification

#endif  // ANYCRED_CORE_VERIFICATION_REPORT_H_
