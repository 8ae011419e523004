// anycred-issuer's command-line commands. Each Register* adds a subcommand
// to the CLI11 app and returns the function that runs it.
//
// Exit codes (documented in README and specs/cli.md):
//   0  success
//   1  some input was refused (invalid credential, a bad JSON Lines line)
//   2  usage or I/O error (bad flags, unreadable file, wrong passphrase)
#ifndef ANYCRED_ISSUER_CLI_H_
#define ANYCRED_ISSUER_CLI_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace anycred::issuer {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;

using Command = std::function<int()>;

// Adds --data DIR (the data folder: master key, and the SQLite store) and
// --store URL (a PostgreSQL database instead of the data folder's SQLite
// file; store/open_store.h) to a command that opens the issuer's store.
void AddStoreOptions(CLI::App* cmd, std::string* data, std::string* store);

Command RegisterKeygen(CLI::App& app);
Command RegisterSign(CLI::App& app);
// The issuer service (cli_service.cc).
Command RegisterInit(CLI::App& app);
Command RegisterOrg(CLI::App& app);
// `org key rotate|revoke|list` under the `org` command (cli_keys.cc).
struct OrgKeyCommand {
  CLI::App* command;
  Command run;
};
OrgKeyCommand RegisterOrgKey(CLI::App& org);
Command RegisterStatusCommand(CLI::App& app, const std::string& name);
Command RegisterCredentials(CLI::App& app);
Command RegisterAudit(CLI::App& app);
Command RegisterServe(CLI::App& app);
// `bulk`: awards from a CSV file (cli_bulk.cc).
Command RegisterBulk(CLI::App& app);

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_CLI_H_
