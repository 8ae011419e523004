// anycred-wallet init and passwd: create the wallet, change its passphrase.
#include <iostream>

#include "wallet-cli/cli.h"
#include "wallet-cli/cli_common.h"

namespace anycred::wallet {

namespace {
int RunInit() {
  std::string dir = WalletDir();
  if (WalletStore::Exists(dir)) {
    return Fail(Status::Error(
        codes::kWalletExists,
        "there is already a wallet in " + dir + "; it was left unchanged"));
  }
  auto pass = AskPassphrase("New wallet passphrase: ", true);
  if (!pass.ok()) return Fail(pass.status());
  auto store = WalletStore::Create(dir, *pass);
  if (!store.ok()) return Fail(store.status());
  std::cout << "Created your wallet in " << dir << "\n"
            << "Your holder DID (give it to schools and employers that issue "
               "you credentials):\n  "
            << (*store)->holder_did() << "\n";
  return kExitOk;
}

int RunPasswd() {
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  auto pass = GetPassphrase(kNewPassphraseEnv, "New wallet passphrase: ", true);
  if (!pass.ok()) return Fail(pass.status());
  if (Status st = (*store)->ChangePassphrase(*pass); !st.ok()) return Fail(st);
  std::cout << "The wallet passphrase was changed.\n";
  return kExitOk;
}
}  // namespace

void RegisterInit(CLI::App& app, Commands* commands) {
  app.add_subcommand("init",
                     "Create your wallet and your holder DID (did:key), "
                     "protected by a passphrase");
  (*commands)["init"] = RunInit;
  app.add_subcommand("passwd",
                     "Change the wallet passphrase (the new one is read from "
                     "ANYCRED_WALLET_NEW_PASSPHRASE or asked for)");
  (*commands)["passwd"] = RunPasswd;
}

}  // namespace anycred::wallet
