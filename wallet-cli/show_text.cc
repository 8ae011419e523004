#include "wallet-cli/show_text.h"

#include "core/vc/achievement_facts.h"
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
void Line(std::string* out, const char* label, const std::string& value) {
  if (!value.empty()) *out += std::string("  ") + label + ": " + value + "\n";
}
}  // namespace

std::string ShowText(const Entry& entry, Timestamp now) {
  IndexRow row = IndexEntry(entry, now);
  std::string out =
      row.achievement + "  (" + ShortId(entry.id) + ", " + row.status + ")\n";
  // What it says: the same facts and words as `anycred-verifier inspect`.
  out +=
      vc::AchievementFactsToText(vc::AchievementFacts(entry.credential), "  ");
  const Json& v = Member(entry.meta, "verification");
  if (v.is_object()) {
    std::string verdict = Member(v, "verified") == true ? "verified"
                          : Member(v, "expired") == true
                              ? "verified, but it has expired"
                              : "NOT verified";
    out += "  Last check: " + verdict +
           (Str(v, "checked").empty() ? "" : " (" + Str(v, "checked") + ")") +
           "\n";
  }
  Line(&out, "Added to the wallet", Str(entry.meta, "added"));
  Line(&out, "From", Str(entry.meta, "source"));
  if (Member(entry.meta, "flagged") == true) {
    out +=
        "  FLAGGED: it did not verify when it was added (kept with --force, "
        "or received from a claim link)\n";
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
