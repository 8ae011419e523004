// One evaluation, end to end, as the verifier's `evaluate` command, its
// POST /evaluations and the wallet's `progress` run it: the policy's trust
// registry loaded, every credential verified (by the caller, with its own
// document sources) and read as evidence (from_report.h), the policy applied
// with a TrustRecognition over the registries (trust_recognition.h).
//
// Thread safety: pure functions of their arguments (a Registry is
// immutable and may be shared).
#ifndef ANYCRED_CORE_CREDIT_EVALUATION_H_
#define ANYCRED_CORE_CREDIT_EVALUATION_H_

#include <string>
#include <vector>

#include "core/credit/evaluate.h"
#include "core/credit/evidence.h"
#include "core/credit/policy.h"
#include "core/json/json.h"
#include "core/trust/registry.h"
#include "core/util/status.h"
#include "core/verification/report.h"

namespace anycred::credit {

// The policy's own trust registry: an inline object, or a file name read
// relative to `base_dir` (the policy file's directory; "" forbids files,
// as a server does: INVALID_POLICY "registry: give the registry inline").
// Empty when the policy names none. Errors name "registry" and the problem.
Result<std::vector<trust::Registry>> LoadPolicyRegistry(
    const Policy& policy, const std::string& base_dir);

// A policy file: parsed, and its registry loaded from beside it.
struct LoadedPolicy {
  Policy policy;
  std::vector<trust::Registry> registries;
};
Result<LoadedPolicy> ReadPolicyFile(const std::string& path);

// A credential as presented and its verification report.
struct VerifiedCredential {
  Json credential;
  verification::CredentialReport report;
};

struct Evaluation {
  std::vector<Evidence> evidence;  // parallel to the credentials given
  std::vector<Json> sources;       // the credentials, as given
  Decision decision;
};

// Reads each credential as evidence and applies `policy`, recognizing
// issuers by `registries` (most authoritative first) at `at`.
Evaluation EvaluateCredentials(const Policy& policy,
                               const std::vector<trust::Registry>& registries,
                               std::vector<VerifiedCredential> credentials,
                               Timestamp at, bool accept_unknown_status);

}  // namespace anycred::credit

#endif  // ANYCRED_CORE_CREDIT_EVALUATION_H_
