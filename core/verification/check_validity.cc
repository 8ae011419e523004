#include "core/vc/structure.h"
#include "core/verification/checks.h"

namespace anycred::verification {

CheckResult CheckValidity(const Json& credential, Timestamp at) {
  CheckResult r;
  r.check = "validity";
  bool v1 = vc::DetectDataModel(credential) == vc::DataModel::kV1_1;
  const char* from_field = v1 ? "issuanceDate" : "validFrom";
  const char* until_field = v1 ? "expirationDate" : "validUntil";
  std::string at_text = FormatDateTime(at);
  r.details["checkedAt"] = at_text;
  auto read = [&](const char* field)
      -> std::optional<std::pair<std::string, Timestamp>> {
    if (!credential.is_object()) return std::nullopt;
    auto it = credential.find(field);
    if (it == credential.end() || !it->is_string()) return std::nullopt;
    auto t = ParseDateTime(it->get<std::string>(), !v1);
    if (!t.ok()) return std::nullopt;  // reported by the structure check
    return std::make_pair(it->get<std::string>(), *t);
  };
  auto from = read(from_field);
  auto until = read(until_field);
  if (from) r.details[from_field] = from->first;
  if (until) r.details[until_field] = until->first;
  if (from && at < from->second) {
    r.errors.push_back(
        {"NOT_YET_VALID", std::string("the credential is valid only from ") +
                              from->first + " (checked at " + at_text + ")"});
  }
  if (until && until->second < at) {
    r.errors.push_back({"EXPIRED", std::string("the credential expired at ") +
                                       until->first + " (checked at " +
                                       at_text + ")"});
  }
  if (!r.errors.empty()) {
    r.outcome = Outcome::kFailed;
    r.summary = r.errors[0].code == "EXPIRED"
                    ? "The credential has expired."
                    : "The credential is not valid yet.";
  } else {
    std::string s = from ? "Valid from " + from->first : "No start date";
    s += until ? " until " + until->first + "." : "; it does not expire.";
    r.summary = s;
  }
  return r;
}

}  // namespace anycred::verification
