#include "wallet-cli/show_text.h"

#include "wallet-cli/cli_common.h"
#include "wallet-cli/credential_index.h"

namespace anycred::wallet {

namespace {
std::string Str(const Json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}
const Json& Member(const Json& obj, const char* key) {
  static const Json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}
const Json& First(const Json& v) {
  return v.is_array() && !v.empty() ? v[0] : v;
}
void Line(std::string* out, const char* label, const std::string& value) {
  if (!value.empty()) *out += std::string("  ") + label + ": " + value + "\n";
}
}  // namespace

std::string ShowText(const Entry& entry, Timestamp now) {
  const Json& vc = entry.credential;
  IndexRow row = IndexEntry(entry, now);
  const Json& subject = First(Member(vc, "credentialSubject"));
  const Json& achievement = Member(subject, "achievement");
  const Json& issuer = Member(vc, "issuer");

  std::string out =
      row.achievement + "  (" + ShortId(entry.id) + ", " + row.status + ")\n";
  Line(&out, "What it is", Str(achievement, "achievementType"));
  Line(&out, "Description",
       Str(achievement, "description").empty()
           ? Str(vc, "description")
           : Str(achievement, "description"));
  Line(&out, "How it was earned",
       Str(Member(achievement, "criteria"), "narrative"));
  Line(&out, "Field of study", Str(achievement, "fieldOfStudy"));
  std::string who = Str(issuer, "name");
  std::string issuer_id =
      issuer.is_string() ? issuer.get<std::string>() : Str(issuer, "id");
  Line(&out, "Issued by",
       who.empty() ? issuer_id : who + " (" + issuer_id + ")");
  Line(&out, "Issuer's web site", Str(issuer, "url"));
  Line(&out, "Awarded to", Str(subject, "id"));
  Line(&out, "Valid from",
       Str(vc, "validFrom").empty() ? Str(vc, "issuanceDate")
                                    : Str(vc, "validFrom"));
  Line(&out, "Valid until",
       row.valid_until.empty() ? "it does not expire" : row.valid_until);
  if (row.credits_earned) {
    Line(&out, "Credits earned", FormatCredits(*row.credits_earned));
  }
  if (row.credits_available) {
    Line(&out, "Credits available", FormatCredits(*row.credits_available));
  }
  if (!row.competencies.empty()) {
    out += "  Competencies:\n";
    for (const auto& c : row.competencies) {
      out += "    - " + (c.code.empty() ? "" : c.code + " ") + c.name;
      if (!c.framework.empty()) out += " (" + c.framework + ")";
      out += "\n";
    }
  }
  const Json& results = Member(subject, "result");
  if (results.is_array() && !results.empty()) {
    out += "  Results:\n";
    for (const auto& r : results) {
      std::string name = Str(r, "resultDescription");
      for (const auto& d : Member(achievement, "resultDescription")) {
        if (Str(d, "id") == name && !Str(d, "name").empty()) {
          name = Str(d, "name");
        }
      }
      std::string value = Str(r, "value");
      if (value.empty()) value = Str(r, "status");
      out += "    - " + (name.empty() ? std::string("result") : name) + ": " +
             value + "\n";
    }
  }
  const Json& evidence = Member(vc, "evidence");
  if (evidence.is_array() && !evidence.empty()) {
    out += "  Evidence:\n";
    for (const auto& e : evidence) {
      std::string name = Str(e, "name");
      std::string text = Str(e, "narrative");
      out += "    - " + (name.empty() ? Str(e, "id") : name) +
             (text.empty() ? "" : ": " + text) + "\n";
    }
  }
  const Json& v = Member(entry.meta, "verification");
  Line(&out, "Added to the wallet", Str(entry.meta, "added"));
  Line(&out, "Last checked", Str(v, "checked"));
  if (Member(entry.meta, "flagged") == true) {
    out +=
        "  FLAGGED: it did not verify when it was imported (kept with "
        "--force)\n";
  }
  const Json& errors = Member(v, "errors");
  if (errors.is_array()) {
    for (const auto& e : errors) {
      out += "    - " + Str(e, "code") + ": " + Str(e, "message") + "\n";
    }
  }
  out += "  Wallet id: " + entry.id + "\n";
  return out;
}

}  // namespace anycred::wallet
