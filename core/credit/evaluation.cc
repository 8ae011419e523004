#include "core/credit/evaluation.h"

#include <filesystem>

#include "core/credit/from_report.h"
#include "core/credit/trust_recognition.h"
#include "core/util/io.h"

namespace anycred::credit {

Result<std::vector<trust::Registry>> LoadPolicyRegistry(
    const Policy& policy, const std::string& base_dir) {
  std::vector<trust::Registry> out;
  if (policy.registry.is_null()) return out;
  if (policy.registry.is_object()) {
    auto r = trust::Registry::Parse(policy.registry,
                                    policy.institution_name + " registry");
    if (!r.ok())
      return Status::Error("INVALID_POLICY",
                           "registry: " + r.status().message());
    out.push_back(std::move(r).value());
    return out;
  }
  if (base_dir.empty())
    return Status::Error("INVALID_POLICY",
                         "registry: give the trust registry inline (an "
                         "object), not a file name, here");
  std::filesystem::path file = policy.registry.get<std::string>();
  if (file.is_relative()) file = std::filesystem::path(base_dir) / file;
  auto r = trust::Registry::ReadFile(file.string());
  if (!r.ok())
    return Status::Error(r.status().code(),
                         "registry: " + r.status().message());
  out.push_back(std::move(r).value());
  return out;
}

Result<LoadedPolicy> ReadPolicyFile(const std::string& path) {
  ANYCRED_ASSIGN_OR_RETURN(std::string text, ReadFileOrStdin(path));
  auto json = ParseJson(text);
  if (!json.ok())
    return Status::Error("INVALID_POLICY",
                         path + ": " + json.status().message());
  auto policy = ParsePolicy(*json);
  if (!policy.ok())
    return Status::Error(policy.status().code(),
                         path + ": " + policy.status().message());
  std::string dir =
      path == "-" ? "." : std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  auto registries = LoadPolicyRegistry(*policy, dir);
  if (!registries.ok())
    return Status::Error(registries.status().code(),
                         path + ": " + registries.status().message());
  return LoadedPolicy{std::move(policy).value(), std::move(registries).value()};
}

Evaluation EvaluateCredentials(const Policy& policy,
                               const std::vector<trust::Registry>& registries,
                               std::vector<VerifiedCredential> credentials,
                               Timestamp at, bool accept_unknown_status) {
  Evaluation out;
  out.evidence.reserve(credentials.size());
  out.sources.reserve(credentials.size());
  for (auto& c : credentials) {
    out.evidence.push_back(EvidenceFromCredential(c.credential, c.report));
    out.sources.push_back(std::move(c.credential));
  }
  TrustRecognition recognition(&registries);
  EvaluateOptions options;
  options.at = at;
  options.recognition = &recognition;
  options.accept_unknown_status = accept_unknown_status;
  out.decision = Evaluate(policy, out.evidence, options);
  return out;
}

}  // namespace anycred::credit
