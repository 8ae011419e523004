// anycred-wallet verify and remove.
#include <iostream>
#include <memory>

#include "core/verification/report.h"
#include "wallet-cli/cli.h"
#include "wallet-cli/cli_common.h"
#include "wallet-cli/credential_index.h"

namespace anycred::wallet {

namespace {
struct VerifyArgs {
  std::vector<std::string> ids;
  bool json = false;
};

int RunVerify(const VerifyArgs& args) {
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  std::vector<std::string> ids;
  if (args.ids.empty()) {
    for (const auto& e : (*store)->entries()) ids.push_back(e.id);
  }
  for (const auto& id : args.ids) {
    auto entry = (*store)->Find(id);
    if (!entry.ok()) return Fail(entry.status());
    ids.push_back((*entry)->id);
  }
  bool all_ok = true;
  for (const auto& id : ids) {
    const Entry* entry = *(*store)->Find(id);
    auto report = VerifyNow(entry->credential);
    all_ok &= report.verified;
    Json meta = entry->meta;
    meta["verification"] = VerificationMeta(report);
    std::string label =
        ShortId(id) + " " + IndexEntry(*entry, Now()).achievement;
    if (args.json) {
      std::cout << DumpJson(verification::ReportToJson(report, Json(id)))
                << "\n";
    } else {
      std::cout << verification::ReportToText(report, label);
      if (meta["flagged"] == true) {
        std::cout << "  (flagged: it did not verify when it was imported)\n";
      }
    }
    if (Status st = (*store)->UpdateMeta(id, std::move(meta)); !st.ok()) {
      return Fail(st);
    }
  }
  if (!ids.empty()) {
    if (Status st = (*store)->Commit(); !st.ok()) return Fail(st);
  } else if (!args.json) {
    std::cout << "The wallet is empty.\n";
  }
  return all_ok ? kExitOk : kExitRefused;
}

int RunRemove(const std::vector<std::string>& ids) {
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  std::vector<std::pair<std::string, std::string>> chosen;
  for (const auto& id : ids) {
    auto entry = (*store)->Find(id);
    if (!entry.ok()) return Fail(entry.status());
    chosen.emplace_back((*entry)->id, IndexEntry(**entry, Now()).achievement);
  }
  for (const auto& [id, name] : chosen) {
    if (Status st = (*store)->Remove(id); !st.ok()) return Fail(st);
  }
  if (Status st = (*store)->Commit(); !st.ok()) return Fail(st);
  for (const auto& [id, name] : chosen) {
    std::cout << "removed   " << ShortId(id) << "  " << name << "\n";
  }
  return kExitOk;
}
}  // namespace

void RegisterVerify(CLI::App& app, Commands* commands) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify",
      "Check credentials again now (signature, issuer key, dates); all of "
      "them when no ID is given");
  cmd->add_option("ids", args->ids, "Credential IDs (from list)");
  cmd->add_flag("--json", args->json,
                "Print one JSON report per credential, one per line");
  (*commands)["verify"] = [args] { return RunVerify(*args); };

  auto ids = std::make_shared<std::vector<std::string>>();
  CLI::App* rm =
      app.add_subcommand("remove", "Remove credentials from the wallet");
  rm->add_option("ids", *ids, "Credential IDs (from list)")->required();
  (*commands)["remove"] = [ids] { return RunRemove(*ids); };
}

}  // namespace anycred::wallet
