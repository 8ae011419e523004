// anycred-wallet: a student's encrypted wallet of credentials.
#include <CLI/CLI.hpp>
#include <iostream>

#include "wallet-cli/cli.h"
#include "wallet-cli/cli_common.h"

int main(int argc, char** argv) {
  CLI::App app{
      "anycred-wallet: keep your credentials from every school, course and "
      "employer in one\n"
      "encrypted wallet on your computer, and show them to whoever asks.\n"
      "The wallet is in $ANYCRED_WALLET (default ~/.anycred/wallet); the "
      "passphrase is asked for,\n"
      "or read from ANYCRED_WALLET_PASSPHRASE.\n"
      "Exit codes: 0 success, 1 refused (does not verify, wrong passphrase, "
      "unknown id), 2 usage or I/O error."};
  app.require_subcommand(1);
  bool allow_http_loopback = false;
  app.add_flag("--allow-http-loopback", allow_http_loopback,
               "Use plain http for an issuer on this computer (localhost, "
               "127.0.0.1): tests and local pilots");
  app.fallthrough();
  anycred::wallet::Commands commands;
  anycred::wallet::RegisterInit(app, &commands);
  anycred::wallet::RegisterImport(app, &commands);
  anycred::wallet::RegisterLook(app, &commands);
  anycred::wallet::RegisterVerify(app, &commands);
  anycred::wallet::RegisterPresent(app, &commands);
  anycred::wallet::RegisterBackup(app, &commands);
  anycred::wallet::RegisterProgress(app, &commands);
  anycred::wallet::RegisterBake(app, &commands);
  anycred::wallet::RegisterClaim(app, &commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : anycred::wallet::kExitUsage;
  }
  anycred::wallet::SetAllowHttpLoopback(allow_http_loopback);
  for (auto* sub : app.get_subcommands()) {
    auto it = commands.find(sub->get_name());
    if (it != commands.end()) return it->second();
  }
  return anycred::wallet::kExitUsage;
}
