// anycred-wallet: a student's encrypted wallet of credentials.
#include <CLI/CLI.hpp>
#include <iostream>

#include "wallet-cli/cli.h"

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
  anycred::wallet::Commands commands;
  anycred::wallet::RegisterInit(app, &commands);
  anycred::wallet::RegisterImport(app, &commands);
  anycred::wallet::RegisterLook(app, &commands);
  anycred::wallet::RegisterVerify(app, &commands);
  anycred::wallet::RegisterPresent(app, &commands);
  anycred::wallet::RegisterBackup(app, &commands);
  anycred::wallet::RegisterProgress(app, &commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : anycred::wallet::kExitUsage;
  }
  for (auto* sub : app.get_subcommands()) {
    auto it = commands.find(sub->get_name());
    if (it != commands.end()) return it->second();
  }
  return anycred::wallet::kExitUsage;
}
