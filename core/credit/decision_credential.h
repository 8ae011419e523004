// A credit decision as a verifiable credential, so that credit granted at
// one institution is itself portable evidence the student carries onward.
//
// The CreditDecisionCredential (VC 2.0 with anycred's bundled context
// https://w3id.org/anycred/credit-decision/v1; specs/credit-policy.md) is
// issued by the institution to the student and lists each granted target
// with its credits and rule, and for each source credential its id, issuer,
// achievement, a digest of the credential as presented (digestSRI: SHA-256
// of its JCS form) and a copy of its credentialStatus entries, so that the
// decision can later be re-checked against the sources' revocation lists
// without the sources themselves.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_CREDIT_DECISION_CREDENTIAL_H_
#define ANYCRED_CORE_CREDIT_DECISION_CREDENTIAL_H_

#include <string>
#include <vector>

#include "core/credit/evaluate.h"
#include "core/json/json.h"
#include "core/util/datetime.h"
#include "core/util/status.h"

namespace anycred::credit {

inline constexpr const char* kDecisionContext =
    "https://w3id.org/anycred/credit-decision/v1";

struct DecisionCredentialOptions {
  std::string id;          // the credential id (urn:uuid:… when empty)
  std::string subject_id;  // the student's DID, when known
  Timestamp valid_from = Now();
};

// The unsigned decision credential. `sources` are the credentials as
// presented, parallel to `evidence` (sources[i] is what evidence[i] was
// read from). Fails when nothing was granted (there is nothing to carry).
Result<Json> DecisionCredential(const Decision& decision,
                                const std::vector<Evidence>& evidence,
                                const std::vector<Json>& sources,
                                const DecisionCredentialOptions& options);

// "sha256-" + base64 of SHA-256 over the JCS form of `credential`.
Result<std::string> CredentialDigest(const Json& credential);

// A source credential as a signed decision records it.
struct DecisionSource {
  std::string target_code;
  std::string credential_id;
  std::string issuer;
  std::string achievement;
  std::string digest;
  Json status = Json::array();  // the source's credentialStatus entries
};

// The sources of a decision credential, for re-checking; MALFORMED_CREDENTIAL
// when it is not a CreditDecisionCredential.
Result<std::vector<DecisionSource>> DecisionSources(const Json& decision);

}  // namespace anycred::credit

#endif  // ANYCRED_CORE_CREDIT_DECISION_CREDENTIAL_H_
