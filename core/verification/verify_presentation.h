// Verifying a Verifiable Presentation: a holder's envelope around one or
// more credentials, signed by the holder for `authentication`, usually bound
// to the verifier's challenge and domain so that it cannot be replayed.
//
// Every check runs and reports, as for credentials:
//   structure    the presentation's own fields (MALFORMED_PRESENTATION)
//   proof        the holder's signature, purpose authentication, with the
//                expected challenge and domain (CHALLENGE_MISMATCH,
//                DOMAIN_MISMATCH)
//   holder       the signing key is the holder's (HOLDER_MISMATCH)
//   credentials  each enclosed credential verified with VerifyCredential
//                (CREDENTIAL_NOT_VERIFIED when one is not)
// and, for each credential, whether its subject is the holder.
//
// Thread safety: VerifyPresentation is thread-safe given thread-safe
// options (the resolver and document loader they point to).
#ifndef ANYCRED_CORE_VERIFICATION_VERIFY_PRESENTATION_H_
#define ANYCRED_CORE_VERIFICATION_VERIFY_PRESENTATION_H_

#include <optional>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/verification/report.h"
#include "core/verification/verify_credential.h"

namespace anycred::verification {

struct VerifyPresentationOptions {
  // Time, key resolution, contexts and trace for the presentation's proof;
  // passed unchanged to VerifyCredential for each enclosed credential.
  VerifyCredentialOptions credential;
  std::optional<std::string> challenge;  // must equal proof.challenge
  std::optional<std::string> domain;     // must be one of proof.domain
};

// Whether a credential's subject is the presentation's holder.
enum class SubjectMatch { kYes, kNo, kUnknown };
const char* SubjectMatchName(SubjectMatch m);  // "yes", "no", "unknown"

struct EnclosedCredentialReport {
  CredentialReport report;
  SubjectMatch subject_is_holder = SubjectMatch::kUnknown;
  std::string subject_note;  // one sentence for people
};

struct PresentationReport {
  bool verified = false;  // every presentation check ok
  std::vector<CheckResult> checks;
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
  Json facts = Json::object();  // id, holder, credentials (count)
  std::vector<EnclosedCredentialReport> credentials;
};

PresentationReport VerifyPresentation(const Json& presentation,
                                      const VerifyPresentationOptions& options);

// A report for input that could not be read as a presentation at all
// (not JSON): one failed structure check with `code` and the reason.
PresentationReport UnreadablePresentation(const Status& status);

// {"file", "verified", "presentation": facts, "checks", "errors",
//  "warnings", "credentials": [{"index", "subjectIsHolder", "subjectNote",
//  + the credential report's members}]} (specs/verification-report.md).
Json PresentationReportToJson(const PresentationReport& report,
                              const Json& source);
// For people: a status line, who presents, the presentation's checks, then
// each credential's report, indented.
std::string PresentationReportToText(const PresentationReport& report,
                                     const std::string& source);

}  // namespace anycred::verification

#endif  // ANYCRED_CORE_VERIFICATION_VERIFY_PRESENTATION_H_
