#include "wallet-cli/credential_index.h"

#include <cstdio>

namespace anycred::wallet {

namespace {
std::string Str(const Json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}
std::optional<double> Num(const Json& obj, const char* key) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}
const Json& Member(const Json& obj, const char* key) {
  static const Json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}
// A value or array of values as a list.
std::vector<const Json*> Items(const Json& v) {
  std::vector<const Json*> out;
  if (v.is_array()) {
    for (const auto& x : v) out.push_back(&x);
  } else if (!v.is_null()) {
    out.push_back(&v);
  }
  return out;
}
void AddAlignments(const Json& holder, std::vector<Competency>* out) {
  for (const Json* a : Items(Member(holder, "alignment"))) {
    Competency c{Str(*a, "targetFramework"), Str(*a, "targetCode"),
                 Str(*a, "targetName")};
    if (c.code.empty()) c.code = Str(*a, "targetUrl");
    if (c.code.empty() && c.name.empty()) continue;
    out->push_back(std::move(c));
  }
}
}  // namespace

std::string FormatCredits(double credits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", credits);
  return buf;
}

IndexRow IndexEntry(const Entry& entry, Timestamp now) {
  const Json& vc = entry.credential;
  IndexRow row;
  row.id = entry.id;
  const Json* subject = nullptr;
  for (const Json* s : Items(Member(vc, "credentialSubject"))) {
    if (Member(*s, "achievement").is_object()) {
      subject = s;
      break;
    }
  }
  if (!subject && !Items(Member(vc, "credentialSubject")).empty()) {
    subject = Items(Member(vc, "credentialSubject"))[0];
  }
  static const Json kNull;
  const Json& achievement = subject ? Member(*subject, "achievement") : kNull;
  row.achievement = Str(achievement, "name");
  if (row.achievement.empty()) row.achievement = Str(vc, "name");
  if (row.achievement.empty()) row.achievement = "(no name)";
  const Json& issuer = Member(vc, "issuer");
  row.issuer =
      issuer.is_string() ? issuer.get<std::string>() : Str(issuer, "name");
  if (row.issuer.empty()) row.issuer = Str(issuer, "id");
  std::string from = Str(vc, "validFrom");
  if (from.empty()) from = Str(vc, "issuanceDate");
  row.date = from.substr(0, 10);
  row.valid_until = Str(vc, "validUntil");
  if (row.valid_until.empty()) row.valid_until = Str(vc, "expirationDate");

  AddAlignments(achievement, &row.competencies);
  row.credits_available = Num(achievement, "creditsAvailable");
  if (subject) {
    row.credits_earned = Num(*subject, "creditsEarned");
    for (const Json* r : Items(Member(*subject, "result"))) {
      AddAlignments(*r, &row.competencies);
      if (!row.credits_earned) row.credits_earned = Num(*r, "creditsEarned");
    }
  }

  const Json& meta = entry.meta;
  const Json& v = Member(meta, "verification");
  bool verified = Member(v, "verified") == true;
  if (Member(meta, "flagged") == true) {
    row.status = "flagged";
  } else if (Member(v, "expired") == true) {
    row.status = "expired";
  } else if (!verified) {
    row.status = "not verified";
  } else {
    row.status = "verified";
  }
  if (!row.valid_until.empty()) {
    auto until = ParseDateTime(row.valid_until, false);
    if (until.ok() && *until < now && row.status == "verified") {
      row.status = "expired";
    }
  }
  return row;
}

Json IndexRowToJson(const IndexRow& row) {
  Json j = {{"id", row.id},
            {"achievement", row.achievement},
            {"issuer", row.issuer},
            {"date", row.date}};
  if (!row.valid_until.empty()) j["validUntil"] = row.valid_until;
  Json comps = Json::array();
  for (const auto& c : row.competencies) {
    comps.push_back(
        {{"framework", c.framework}, {"code", c.code}, {"name", c.name}});
  }
  j["competencies"] = comps;
  if (row.credits_available) j["creditsAvailable"] = *row.credits_available;
  if (row.credits_earned) j["creditsEarned"] = *row.credits_earned;
  j["status"] = row.status;
  return j;
}

}  // namespace anycred::wallet
