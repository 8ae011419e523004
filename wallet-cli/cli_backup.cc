// anycred-wallet export and restore: an encrypted backup of the whole
// wallet (holder key included), format in specs/wallet-format.md.
#include <iostream>
#include <memory>

#include "core/keys/key_file.h"
#include "core/util/io.h"
#include "wallet-cli/cli.h"
#include "wallet-cli/cli_common.h"

namespace anycred::wallet {

namespace {
struct ExportArgs {
  std::string output;
  bool force = false;
};

int RunExport(const ExportArgs& args) {
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  auto backup = (*store)->ExportBackup();
  if (!backup.ok()) return Fail(backup.status());
  if (Status st = keys::WriteSecretFile(args.output, *backup, args.force);
      !st.ok()) {
    return Fail(st);
  }
  if (args.output != "-") {
    std::cerr << "Wrote a backup of " << (*store)->entries().size()
              << " credential(s) and your holder key to " << args.output
              << ".\nIt opens with the wallet passphrase you have now.\n";
  }
  return kExitOk;
}

struct RestoreArgs {
  std::string input;
  bool force = false;
};

int RunRestore(const RestoreArgs& args) {
  auto bytes = ReadFileOrStdin(args.input, std::size_t{256} << 20);
  if (!bytes.ok()) return Fail(bytes.status());
  std::string dir = WalletDir();
  if (WalletStore::Exists(dir) && !args.force) {
    return Fail(Status::Error(codes::kWalletExists,
                              "there is already a wallet in " + dir +
                                  "; it was left unchanged (use --force to "
                                  "replace it with the backup)"));
  }
  auto pass = AskPassphrase("Passphrase of the backup: ", false);
  if (!pass.ok()) return Fail(pass.status());
  if (Status st = WalletStore::RestoreBackup(dir, *bytes, *pass, args.force);
      !st.ok()) {
    return Fail(st);
  }
  auto store = WalletStore::Open(dir, *pass);
  if (!store.ok()) return Fail(store.status());
  std::cout << "Restored " << (*store)->entries().size()
            << " credential(s) into " << dir
            << "\nHolder DID: " << (*store)->holder_did() << "\n";
  return kExitOk;
}
}  // namespace

void RegisterBackup(CLI::App& app, Commands* commands) {
  auto ex = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Write an encrypted backup of the whole wallet (credentials and holder "
      "key), protected by the wallet passphrase");
  cmd->add_option("-o,--output", ex->output, "Backup file, or - for stdout")
      ->required();
  cmd->add_flag("--force", ex->force, "Overwrite an existing backup file");
  (*commands)["export"] = [ex] { return RunExport(*ex); };

  auto re = std::make_shared<RestoreArgs>();
  CLI::App* rs = app.add_subcommand(
      "restore",
      "Restore a wallet from a backup made by export (asks for the "
      "backup's passphrase)");
  rs->add_option("backup", re->input, "Backup file, or - for stdin")
      ->required();
  rs->add_flag("--force", re->force,
               "Replace the existing wallet with the backup");
  (*commands)["restore"] = [re] { return RunRestore(*re); };
}

}  // namespace anycred::wallet
