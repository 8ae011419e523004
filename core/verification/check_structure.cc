#include "core/vc/structure.h"
#include "core/verification/checks.h"

namespace anycred::verification {

CheckResult CheckStructure(const Json& credential) {
  CheckResult r;
  r.check = "structure";
  for (const auto& s : vc::CheckCredentialStructure(credential)) {
    r.errors.push_back({s.code(), s.message()});
  }
  if (r.errors.empty()) {
    r.summary = "The credential has every required field, in the right form.";
  } else {
    r.outcome = Outcome::kFailed;
    r.summary = "The credential is not well formed (" +
                std::to_string(r.errors.size()) +
                (r.errors.size() == 1 ? " problem)." : " problems).");
  }
  return r;
}

}  // namespace anycred::verification
