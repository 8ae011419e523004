// anycred-wallet present: a Verifiable Presentation of chosen credentials,
// signed by the holder key, optionally as a QR code.
#include <algorithm>
#include <iostream>
#include <memory>

#include "core/util/io.h"
#include "wallet-cli/cli.h"
#include "wallet-cli/cli_common.h"
#include "wallet-cli/credential_index.h"
#include "wallet-cli/presentation.h"
#include "wallet-cli/qr.h"

namespace anycred::wallet {

namespace {
struct PresentArgs {
  std::vector<std::string> ids;
  std::string challenge, domain;
  std::string output = "-";
  bool qr = false;
  std::string qr_png;
  bool force = false;
};

int RunPresent(const PresentArgs& args) {
  if (args.qr && args.output == "-") {
    std::cerr << "error: --qr prints the QR code on the terminal, so the "
                 "presentation needs a file: add -o FILE\n";
    return kExitUsage;
  }
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  std::vector<Json> credentials;
  Timestamp now = Now();
  std::vector<std::string> chosen;
  for (const auto& id : args.ids) {
    auto entry = (*store)->Find(id);
    if (!entry.ok()) return Fail(entry.status());
    if (std::find(chosen.begin(), chosen.end(), (*entry)->id) != chosen.end()) {
      continue;  // named twice
    }
    chosen.push_back((*entry)->id);
    IndexRow row = IndexEntry(**entry, now);
    if ((row.status == "flagged" || row.status == "not verified") &&
        !args.force) {
      std::cerr << "error: " << ShortId(row.id) << " (" << row.achievement
                << ") did not verify; it is not presented (use --force to "
                   "present it anyway)\n";
      return kExitRefused;
    }
    if (row.status == "expired") {
      std::cerr << "note: " << ShortId(row.id) << " (" << row.achievement
                << ") expired on " << row.valid_until
                << "; it is presented as history\n";
    }
    credentials.push_back((*entry)->credential);
  }
  PresentationOptions options;
  if (!args.challenge.empty()) options.challenge = args.challenge;
  if (!args.domain.empty()) options.domain = args.domain;
  auto vp =
      MakePresentation((*store)->holder(), std::move(credentials), options);
  if (!vp.ok()) return Fail(vp.status());
  std::string text = DumpJson(*vp);
  if (Status st = WriteFileOrStdout(args.output, text + "\n"); !st.ok()) {
    return Fail(st);
  }
  if (!args.qr) return kExitOk;
  auto qr = EncodeQr(text);
  if (!qr.ok()) {
    std::cerr << "The presentation does not fit in a QR code ("
              << qr.status().message()
              << "). Send the file instead: " << args.output << "\n";
    return kExitOk;
  }
  std::string png = args.qr_png.empty() ? args.output + ".png" : args.qr_png;
  if (Status st = WriteQrPng(*qr, png); !st.ok()) return Fail(st);
  std::cout << QrToTerminal(*qr);
  std::cerr << "The presentation is in " << args.output
            << "; the QR code image is in " << png << "\n";
  return kExitOk;
}
}  // namespace

void RegisterPresent(CLI::App& app, Commands* commands) {
  auto args = std::make_shared<PresentArgs>();
  CLI::App* cmd = app.add_subcommand(
      "present",
      "Make a Verifiable Presentation of credentials, signed with your "
      "holder key, for whoever asked for them");
  cmd->add_option("ids", args->ids, "Credential IDs (from list)")->required();
  cmd->add_option("--challenge", args->challenge,
                  "The challenge the verifier gave you");
  cmd->add_option("--domain", args->domain,
                  "The verifier's domain (who the presentation is for)");
  cmd->add_option("-o,--output", args->output,
                  "Write the presentation to FILE (default: - for stdout)");
  cmd->add_flag("--qr", args->qr,
                "Also show it as a QR code on the terminal and write it as "
                "a PNG (when it fits; needs -o FILE)");
  cmd->add_option("--qr-png", args->qr_png,
                  "Where to write the QR code image (default: FILE.png)");
  cmd->add_flag("--force", args->force,
                "Present credentials that did not verify");
  (*commands)["present"] = [args] { return RunPresent(*args); };
}

}  // namespace anycred::wallet
