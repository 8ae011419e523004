// anycred-wallet list, show and summary: what is in the wallet.
#include <iostream>
#include <map>
#include <memory>

#include "core/util/datetime.h"
#include "wallet-cli/cli.h"
#include "wallet-cli/cli_common.h"
#include "wallet-cli/credential_index.h"
#include "wallet-cli/show_text.h"

namespace anycred::wallet {

namespace {
// `s` cut to at most `width` bytes at a UTF-8 boundary ("…" when cut).
std::string Fit(const std::string& s, std::size_t width) {
  if (s.size() <= width) return s;
  std::size_t cut = width - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "\xE2\x80\xA6";
}
// Display width, counting UTF-8 code points.
std::size_t Width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Credits(const IndexRow& row) {
  if (row.credits_earned && row.credits_available) {
    return FormatCredits(*row.credits_earned) + " of " +
           FormatCredits(*row.credits_available);
  }
  if (row.credits_earned) return FormatCredits(*row.credits_earned);
  if (row.credits_available) return FormatCredits(*row.credits_available);
  return "";
}

std::string Codes(const IndexRow& row) {
  std::string out;
  for (const auto& c : row.competencies) {
    if (!out.empty()) out += ", ";
    out += c.code.empty() ? c.name : c.code;
  }
  return out;
}

int RunList(bool json) {
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  Timestamp now = Now();
  if (json) {
    Json out = Json::array();
    for (const auto& e : (*store)->entries()) {
      out.push_back(IndexRowToJson(IndexEntry(e, now)));
    }
    std::cout << DumpJson(Json{{"holder", (*store)->holder_did()},
                               {"credentials", out}})
              << "\n";
    return kExitOk;
  }
  if ((*store)->entries().empty()) {
    std::cout << "The wallet is empty. Add credentials with: anycred-wallet "
                 "import FILE\n";
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows = {{"ID", "ACHIEVEMENT", "ISSUER",
                                                 "DATE", "COMPETENCIES",
                                                 "CREDITS", "STATUS"}};
  for (const auto& e : (*store)->entries()) {
    IndexRow r = IndexEntry(e, now);
    rows.push_back({ShortId(r.id), Fit(r.achievement, 40), Fit(r.issuer, 36),
                    r.date, Fit(Codes(r), 30), Credits(r), r.status});
  }
  std::vector<std::size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], Width(row[i]));
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) {
        line += std::string(widths[i] - Width(row[i]) + 2, ' ');
      }
    }
    std::cout << line << "\n";
  }
  return kExitOk;
}

int RunShow(const std::string& id, bool json) {
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  auto entry = (*store)->Find(id);
  if (!entry.ok()) return Fail(entry.status());
  if (json) {
    std::cout << DumpJson(Json{{"id", (*entry)->id},
                               {"summary",
                                IndexRowToJson(IndexEntry(**entry, Now()))},
                               {"wallet", (*entry)->meta},
                               {"credential", (*entry)->credential}},
                          true)
              << "\n";
    return kExitOk;
  }
  std::cout << ShowText(**entry, Now());
  return kExitOk;
}

int RunSummary(bool json) {
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  Timestamp now = Now();
  struct Group {
    std::string name;
    Json credentials = Json::array();
  };
  // (framework, code) → group, in sorted order.
  std::map<std::pair<std::string, std::string>, Group> groups;
  for (const auto& e : (*store)->entries()) {
    IndexRow r = IndexEntry(e, now);
    Json support = {{"id", r.id},
                    {"achievement", r.achievement},
                    {"issuer", r.issuer},
                    {"date", r.date},
                    {"status", r.status}};
    if (r.credits_earned) support["creditsEarned"] = *r.credits_earned;
    if (r.credits_available) support["creditsAvailable"] = *r.credits_available;
    for (const auto& c : r.competencies) {
      Group& g = groups[{c.framework, c.code}];
      if (g.name.empty()) g.name = c.name;
      bool listed = false;
      for (const auto& s : g.credentials) listed |= s["id"] == r.id;
      if (!listed) g.credentials.push_back(support);
    }
  }
  if (json) {
    Json out = Json::array();
    for (const auto& [key, g] : groups) {
      out.push_back({{"framework", key.first},
                     {"code", key.second},
                     {"name", g.name},
                     {"credentials", g.credentials}});
    }
    std::cout << DumpJson(Json{{"competencies", out}}) << "\n";
    return kExitOk;
  }
  if (groups.empty()) {
    std::cout << "No credential in the wallet is aligned to a competency.\n";
    return kExitOk;
  }
  std::string framework = "\x01";
  for (const auto& [key, g] : groups) {
    if (key.first != framework) {
      framework = key.first;
      std::cout << (framework.empty() ? "(no framework named)" : framework)
                << "\n";
    }
    std::cout << "  " << key.second << (g.name.empty() ? "" : "  " + g.name)
              << "\n";
    for (const auto& s : g.credentials) {
      std::string credits;
      if (s.contains("creditsEarned")) {
        credits = ", " + FormatCredits(s["creditsEarned"].get<double>()) +
                  " credits earned";
      } else if (s.contains("creditsAvailable")) {
        credits = ", " + FormatCredits(s["creditsAvailable"].get<double>()) +
                  " credits";
      }
      std::cout << "    - " << ShortId(s["id"].get<std::string>()) << "  "
                << s["achievement"].get<std::string>() << ", "
                << s["issuer"].get<std::string>() << ", "
                << s["date"].get<std::string>() << credits << " ("
                << s["status"].get<std::string>() << ")\n";
    }
  }
  return kExitOk;
}
}  // namespace

void RegisterLook(CLI::App& app, Commands* commands) {
  auto list_json = std::make_shared<bool>(false);
  CLI::App* list = app.add_subcommand(
      "list",
      "List the credentials: achievement, issuer, date, competencies, "
      "credits, status");
  list->add_flag("--json", *list_json, "Print JSON");
  (*commands)["list"] = [list_json] { return RunList(*list_json); };

  struct ShowArgs {
    std::string id;
    bool json = false;
  };
  auto show_args = std::make_shared<ShowArgs>();
  CLI::App* show =
      app.add_subcommand("show", "Show what a credential says, in words");
  show->add_option("id", show_args->id,
                   "The credential's ID (from list; the first characters "
                   "are enough)")
      ->required();
  show->add_flag("--json", show_args->json,
                 "Print the credential and the wallet's notes as JSON");
  (*commands)["show"] = [show_args] {
    return RunShow(show_args->id, show_args->json);
  };

  auto summary_json = std::make_shared<bool>(false);
  CLI::App* summary = app.add_subcommand(
      "summary",
      "Every competency your credentials show, by framework and code, "
      "with credits and the credentials that support it");
  summary->add_flag("--json", *summary_json, "Print JSON");
  (*commands)["summary"] = [summary_json] { return RunSummary(*summary_json); };
}

}  // namespace anycred::wallet
