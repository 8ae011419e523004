// What `evaluate` and POST /evaluations feed the credit engine: each input
// (a presentation, or a credential) verified with the verifier's options
// and turned into VerifiedCredentials, with a line per input saying what it
// was and whether it verified.
//
// A presentation's credentials count on their own verification; a
// presentation whose holder signature does not verify is reported (its
// "problems"), and its credentials are still evaluated one by one.
//
// Thread safety: pure functions given thread-safe options.
#ifndef ANYCRED_VERIFIER_EVALUATE_INPUTS_H_
#define ANYCRED_VERIFIER_EVALUATE_INPUTS_H_

#include <string>
#include <vector>

#include "core/credit/evaluation.h"
#include "core/json/json.h"
#include "core/verification/verify_credential.h"

namespace anycred::verifier {

struct EvaluateInputs {
  std::vector<credit::VerifiedCredential> credentials;
  // [{"source", "kind": "presentation"|"credential", "verified",
  //   "credentials": N, "problems": [{"code", "message"}]}]
  Json summary = Json::array();
  std::string holder;  // the first presentation's holder, if any
};

bool IsPresentation(const Json& document);

// Adds `document` (parsed; a presentation or a credential) read from
// `source` (a file name or a JSON path, for reports).
void AddEvaluateInput(const Json& document, const std::string& source,
                      const verification::VerifyCredentialOptions& options,
                      EvaluateInputs* inputs);

// Adds an input that could not be read (`status` says why): a credential
// that fails verification, so that the decision names it.
void AddUnreadableInput(const Status& status, const std::string& source,
                        EvaluateInputs* inputs);

// The students' DID: the presentation's holder, else the subject all
// verified credentials share; "" when unknown or they differ.
std::string StudentId(const EvaluateInputs& inputs);

// Input lines for people: "  credential  FILE  verified" …
std::string InputsToText(const Json& summary);

}  // namespace anycred::verifier

#endif  // ANYCRED_VERIFIER_EVALUATE_INPUTS_H_
