#include "core/verification/report.h"

#include <algorithm>
#include <string_view>

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
  std::string out;
  out.reserve(1024);
  out.append(source).append(report.verified ? ": VERIFIED\n"
                                            : ": NOT VERIFIED\n");
  const Json& f = report.facts;
  auto fact = [&](const char* key) -> std::string_view {
    auto it = f.find(key);
    return (it != f.end() && it->is_string())
               ? std::string_view(it->get_ref<const std::string&>())
               : std::string_view();
  };
  auto line = [&](std::string_view label, std::string_view value) {
    if (!value.empty()) out.append(label).append(value).append("\n");
  };
  line("  Credential: ", fact("name"));
  line("  Achievement: ", fact("achievement"));
  if (std::string_view issuer = fact("issuer"); !issuer.empty()) {
    out.append("  Issued by: ");
    if (std::string_view name = fact("issuerName"); !name.empty()) {
      out.append(name).append(" (").append(issuer).append(")\n");
    } else {
      out.append(issuer).append("\n");
    }
  }
  line("  About: ", fact("subject"));
  AppendChecksText(report.checks, "  ", &out);
  return out;
}

void AppendChecksText(const std::vector<CheckResult>& checks,
                      std::string_view indent, std::string* out) {
  for (const auto& c : checks) {
    const char* mark = c.outcome == Outcome::kOk       ? "[ok     ] "
                       : c.outcome == Outcome::kFailed ? "[FAILED ] "
                                                       : "[unknown] ";
    out->append(indent).append(mark).append(c.check);
    if (c.check.size() < 10) out->append(10 - c.check.size(), ' ');
    out->append(" ").append(c.summary).append("\n");
    for (const auto& e : c.errors) {
      out->append(indent)
          .append("          - ")
          .append(e.code)
          .append(": ")
          .append(e.message)
          .append("\n");
    }
    for (const auto& w : c.warnings) {
      out->append(indent)
          .append("          ! warning ")
          .append(w.code)
          .append(": ")
          .append(w.message)
          .append("\n");
    }
  }
}

std::string ChecksToText(const std::vector<CheckResult>& checks,
                         const std::string& indent) {
  std::string out;
  AppendChecksText(checks, indent, &out);
  return out;
}

}  // namespace anycred::verification
