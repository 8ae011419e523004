// anycred-issuer: keys and signing for organizations that issue credentials.
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "issuer/cli.h"

int main(int argc, char** argv) {
  CLI::App app{
      "anycred-issuer: create signing keys and sign Open Badges 3.0 / "
      "Verifiable Credentials 2.0.\n"
      "Exit codes: 0 success, 1 some input refused, 2 usage or I/O error."};
  app.require_subcommand(1);
  std::map<std::string, anycred::issuer::Command> commands;
  commands["keygen"] = anycred::issuer::RegisterKeygen(app);
  commands["sign"] = anycred::issuer::RegisterSign(app);
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
