// anycred-issuer: keys and signing for organizations that issue credentials.
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "issuer/cli.h"

int main(int argc, char** argv) {
  CLI::App app{
      "anycred-issuer: create signing keys and sign Open Badges 3.0 / "
      "Verifiable Credentials 2.0, or run the issuer service for partner "
      "organizations.\n"
      "Exit codes: 0 success, 1 some input refused, 2 usage or I/O error."};
  app.require_subcommand(1);
  std::map<std::string, anycred::issuer::Command> commands;
  commands["keygen"] = anycred::issuer::RegisterKeygen(app);
  commands["sign"] = anycred::issuer::RegisterSign(app);
  commands["init"] = anycred::issuer::RegisterInit(app);
  commands["org"] = anycred::issuer::RegisterOrg(app);
  for (const char* name : {"revoke", "suspend", "unsuspend"})
    commands[name] = anycred::issuer::RegisterStatusCommand(app, name);
  commands["credentials"] = anycred::issuer::RegisterCredentials(app);
  commands["audit"] = anycred::issuer::RegisterAudit(app);
  commands["serve"] = anycred::issuer::RegisterServe(app);
  commands["bulk"] = anycred::issuer::RegisterBulk(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : anycred::issuer::kExitUsage;
  }
  for (auto* sub : app.get_subcommands()) {
    auto it = commands.find(sub->get_name());
    if (it != commands.end()) return it->second();
  }
  return anycred::issuer::kExitUsage;
}
