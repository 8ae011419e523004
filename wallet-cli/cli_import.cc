// anycred-wallet import: verify credentials and keep them in the wallet.
#include <iostream>
#include <memory>

#include "core/util/datetime.h"
#include "core/verification/report.h"
#include "wallet-cli/cli.h"
#include "wallet-cli/cli_common.h"
#include "wallet-cli/credential_index.h"
#include "wallet-cli/import_source.h"

namespace anycred::wallet {

namespace {
// Imported credentials are written to disk in batches of this many, so a
// long import that is interrupted keeps what was saved before.
constexpr std::size_t kCommitEvery = 32;

struct ImportArgs {
  std::string source;
  bool force = false;
  bool json = false;
};

std::string Reasons(const verification::CredentialReport& report) {
  std::string out;
  for (const auto& e : report.errors) {
    out += "    - " + e.code + ": " + e.message + "\n";
  }
  return out;
}

int RunImport(const ImportArgs& args) {
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  auto items = ReadImportSource(args.source);
  if (!items.ok()) return Fail(items.status());
  bool refused = false;
  std::size_t pending = 0;
  for (auto& item : *items) {
    Json out = {{"source", item.where}};
    if (!item.credential.ok()) {
      refused = true;
      if (args.json) {
        out["imported"] = false;
        out["error"] = {{"code", item.credential.status().code()},
                        {"message", item.credential.status().message()}};
        std::cout << DumpJson(out) << "\n";
      } else {
        std::cout << "refused   " << item.where << ": "
                  << item.credential.status().message() << "\n";
      }
      continue;
    }
    Json credential = std::move(item.credential).value();
    auto report = VerifyNow(credential);
    bool acceptable = Acceptable(report);
    std::string id = CredentialId(credential);
    Json meta = {{"added", FormatDateTime(Now())},
                 {"source", item.where},
                 {"flagged", !acceptable},
                 {"verification", VerificationMeta(report)}};
    Entry probe;
    probe.id = id;
    probe.credential = credential;
    probe.meta = meta;
    IndexRow row = IndexEntry(probe, Now());
    bool keep = acceptable || args.force;
    bool added = keep && (*store)->Add(std::move(credential), std::move(meta));
    if (!keep) refused = true;
    if (added && ++pending >= kCommitEvery) {
      if (Status st = (*store)->Commit(); !st.ok()) return Fail(st);
      pending = 0;
    }
    if (args.json) {
      out["id"] = id;
      out["imported"] = added;
      out["duplicate"] = keep && !added;
      out["flagged"] = added && !acceptable;
      out["report"] = verification::ReportToJson(report, Json(item.where));
      std::cout << DumpJson(out) << "\n";
      continue;
    }
    std::string what = ShortId(id) + "  " + row.achievement;
    if (!keep) {
      std::cout << "refused   " << item.where << ": " << row.achievement
                << " does not verify; it was not imported (use --force to "
                   "keep it, flagged)\n"
                << Reasons(report);
    } else if (!added) {
      std::cout << "skipped   " << what << " (already in the wallet)\n";
    } else if (!acceptable) {
      std::cout << "imported  " << what
                << " (NOT VERIFIED: kept because of --force, flagged)\n"
                << Reasons(report);
    } else if (!report.verified) {
      std::cout << "imported  " << what
                << " (verified, but it has expired: kept as history)\n";
    } else {
      std::cout << "imported  " << what << " (verified)\n";
    }
  }
  if (pending > 0) {
    if (Status st = (*store)->Commit(); !st.ok()) return Fail(st);
  }
  std::cout.flush();
  return refused ? kExitRefused : kExitOk;
}
}  // namespace

void RegisterImport(CLI::App& app, Commands* commands) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Verify credentials and add them to the wallet: a credential (JSON) "
      "or many (JSON Lines, one per line)");
  cmd->add_option("source", args->source,
                  "A .json or .jsonl file, or - for standard input")
      ->required();
  cmd->add_flag("--force", args->force,
                "Keep credentials that do not verify (they stay flagged)");
  cmd->add_flag("--json", args->json,
                "Print one JSON object per credential read");
  (*commands)["import"] = [args] { return RunImport(*args); };
}

}  // namespace anycred::wallet
