// anycred-wallet's command-line commands. Each Register* adds subcommands
// to the CLI11 app and returns the functions that run them, by name.
//
// Exit codes (documented in README and specs/cli.md):
//   0  success
//   1  refused: a credential that does not verify, a wrong passphrase, an
//      unknown credential id, a damaged wallet or backup
//   2  usage or I/O error (bad flags, unreadable file, no wallet)
#ifndef ANYCRED_WALLET_CLI_CLI_H_
#define ANYCRED_WALLET_CLI_CLI_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <string>

namespace anycred::wallet {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;

using Command = std::function<int()>;
using Commands = std::map<std::string, Command>;

void RegisterInit(CLI::App& app, Commands* commands);     // init, passwd
void RegisterImport(CLI::App& app, Commands* commands);   // import
void RegisterLook(CLI::App& app, Commands* commands);     // list, show, summary
void RegisterVerify(CLI::App& app, Commands* commands);   // verify, remove
void RegisterPresent(CLI::App& app, Commands* commands);  // present
void RegisterBackup(CLI::App& app, Commands* commands);   // export, restore
void RegisterProgress(CLI::App& app, Commands* commands);  // progress
void RegisterBake(CLI::App& app, Commands* commands);     // bake
void RegisterClaim(CLI::App& app, Commands* commands);    // receive

}  // namespace anycred::wallet

#endif  // ANYCRED_WALLET_CLI_CLI_H_
