#include "verifier/evaluate_inputs.h"

#include "core/vc/presentation.h"
#include "core/verification/verify_presentation.h"

namespace anycred::verifier {

bool IsPresentation(const Json& document) {
  if (!document.is_object()) return false;
  auto t = document.find("type");
  if (t == document.end()) return false;
  if (t->is_string()) return *t == "VerifiablePresentation";
  if (!t->is_array()) return false;
  for (const auto& x : *t)
    if (x == "VerifiablePresentation") return true;
  return false;
}

void AddEvaluateInput(const Json& document, const std::string& source,
                      const verification::VerifyCredentialOptions& options,
                      EvaluateInputs* inputs) {
  if (!IsPresentation(document)) {
    auto report = verification::VerifyCredential(document, options);
    inputs->summary.push_back(
        {{"source", source},
         {"kind", "credential"},
         {"verified", report.verified},
         {"credentials", 1},
         {"problems", verification::ProblemsToJson(report.errors)}});
    inputs->credentials.push_back({document, std::move(report)});
    return;
  }
  verification::VerifyPresentationOptions vp;
  vp.credential = options;
  auto report = verification::VerifyPresentation(document, vp);
  // The presentation's own problems, without those of its credentials
  // (each credential's problems show in the decision).
  std::vector<verification::Problem> own;
  for (const auto& c : report.checks)
    if (c.check != "credentials")
      own.insert(own.end(), c.errors.begin(), c.errors.end());
  bool own_ok = own.empty();
  std::size_t n = 0;
  std::size_t i = 0;
  for (const Json* c : vc::EnclosedCredentials(document)) {
    if (!c->is_object()) continue;
    if (i >= report.credentials.size()) break;
    inputs->credentials.push_back({*c, report.credentials[i++].report});
    ++n;
  }
  inputs->summary.push_back({{"source", source},
                             {"kind", "presentation"},
                             {"verified", own_ok},
                             {"credentials", n},
                             {"problems", verification::ProblemsToJson(own)}});
  if (inputs->holder.empty()) inputs->holder = vc::HolderId(document);
}

void AddUnreadableInput(const Status& status, const std::string& source,
                        EvaluateInputs* inputs) {
  auto report = verification::UnreadableCredential(status);
  inputs->summary.push_back(
      {{"source", source},
       {"kind", "credential"},
       {"verified", false},
       {"credentials", 1},
       {"problems", verification::ProblemsToJson(report.errors)}});
  inputs->credentials.push_back({Json::object(), std::move(report)});
}

std::string StudentId(const EvaluateInputs& inputs) {
  if (!inputs.holder.empty()) return inputs.holder;
  std::string id;
  for (const auto& c : inputs.credentials) {
    if (!c.report.verified) continue;
    auto ids = vc::SubjectIds(c.credential);
    if (ids.empty()) continue;
    if (id.empty()) {
      id = ids.front();
    } else if (id != ids.front()) {
      return "";
    }
  }
  return id;
}

std::string InputsToText(const Json& summary) {
  std::string out;
  for (const auto& s : summary) {
    const bool presentation = s.value("kind", "") == "presentation";
    const bool ok = s.value("verified", false);
    out += "  " + s.value("source", "") + ": ";
    if (presentation) {
      std::size_t n = s.value("credentials", 0u);
      out += "a presentation of " + std::to_string(n) +
             (n == 1 ? " credential" : " credentials") +
             (ok ? "" : "; the presentation itself did not verify");
    } else {
      out += ok ? "a credential, verified" : "a credential, not verified";
    }
    out += "\n";
    for (const auto& p : s["problems"])
      out +=
          "      " + p.value("code", "") + ": " + p.value("message", "") + "\n";
  }
  return out;
}

}  // namespace anycred::verifier
