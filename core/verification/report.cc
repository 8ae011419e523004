#include "core/verification/report.h"

#include <algorithm>

namespace anycred::verification {

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk:
      return "ok";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kUnknown:
      return "unknown";
  }
  return "unknown";
}

void CredentialReport::Add(CheckResult check) {
  errors.insert(errors.end(), check.errors.begin(), check.errors.end());
  warnings.insert(warnings.end(), check.warnings.begin(), check.warnings.end());
  checks.push_back(std::move(check));
}

void CredentialReport::Finish() {
  verified = !checks.empty() &&
             std::all_of(checks.begin(), checks.end(),
                         [](const CheckResult& c) { return c.Passed(); });
}

Json ProblemsToJson(const std::vector<Problem>& problems) {
  Json out = Json::array();
  for (const auto& p : problems)
    out.push_back({{"code", p.code}, {"message", p.message}});
  return out;
}

Json ReportToJson(const CredentialReport& report, const Json& source) {
  Json out = Json::object();
  out["file"] = source;
  out["verified"] = report.verified;
  out["checks"] = ChecksToJson(report.checks);
  out["errors"] = ProblemsToJson(report.errors);
  out["warnings"] = ProblemsToJson(report.warnings);
  if (!report.facts.empty()) out["credential"] = report.facts;
  return out;
}

Json ChecksToJson(const std::vector<CheckResult>& checks_in) {
  Json checks = Json::array();
  for (const auto& c : checks_in) {
    Json j = Json::object();
    j["check"] = c.check;
    j["ok"] = c.outcome == Outcome::kOk;
    j["outcome"] = OutcomeName(c.outcome);
    j["summary"] = c.summary;
    if (c.advisory) j["advisory"] = true;
    if (!c.errors.empty()) j["errors"] = ProblemsToJson(c.errors);
    if (!c.warnings.empty()) j["warnings"] = ProblemsToJson(c.warnings);
    if (!c.details.empty()) j["details"] = c.details;
    checks.push_back(std::move(j));
  }
  return checks;
}

std::string ReportToText(const CredentialReport& report,
                         const std::string& source) {
  std::string out =
      source + ": " + (report.verified ? "VERIFIED" : "NOT VERIFIED") + "\n";
  const Json& f = report.facts;
  auto fact = [&](const char* key) -> std::string {
    auto it = f.find(key);
    return (it != f.end() && it->is_string()) ? it->get<std::string>() : "";
  };
  if (!fact("name").empty()) out += "  Credential: " + fact("name") + "\n";
  if (!fact("achievement").empty())
    out += "  Achievement: " + fact("achievement") + "\n";
  if (!fact("issuer").empty()) {
    std::string who = fact("issuerName").empty()
                          ? fact("issuer")
                          : fact("issuerName") + " (" + fact("issuer") + ")";
    out += "  Issued by: " + who + "\n";
  }
  if (!fact("subject").empty()) out += "  About: " + fact("subject") + "\n";
  out += ChecksToText(report.checks, "  ");
  return out;
}

std::string ChecksToText(const std::vector<CheckResult>& checks,
                         const std::string& indent) {
  std::string out;
  for (const auto& c : checks) {
    const char* mark = c.outcome == Outcome::kOk       ? "ok     "
                       : c.outcome == Outcome::kFailed ? "FAILED "
                                                       : "unknown";
    std::string name = c.check;
    name.resize(std::max<std::size_t>(name.size(), 10), ' ');
    out += indent + "[" + mark + "] " + name + " " + c.summary + "\n";
    for (const auto& e : c.errors)
      out += indent + "          - " + e.code + ": " + e.message + "\n";
    for (const auto& w : c.warnings)
      out += indent + "          ! warning " + w.code + ": " + w.message + "\n";
  }
  return out;
}

}  // namespace anycred::verification
