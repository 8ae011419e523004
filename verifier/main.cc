// anycred-verifier: checks credentials for colleges, employers and anyone
// who receives them.
#include <CLI/CLI.hpp>
#include <map>

#include "verifier/cli.h"

int main(int argc, char** argv) {
  CLI::App app{
      "anycred-verifier: check Open Badges 3.0 / Verifiable Credentials: who "
      "issued them, whether\n"
      "they were changed, and whether they are valid today.\n"
      "Exit codes: 0 all verified, 1 some not verified, 2 usage or I/O error."};
  app.require_subcommand(1);
  std::map<std::string, anycred::verifier::Command> commands;
  commands["verify"] = anycred::verifier::RegisterVerify(app);
  commands["verify-presentation"] =
      anycred::verifier::RegisterVerifyPresentation(app);
  commands["inspect"] = anycred::verifier::RegisterInspect(app);
  commands["evaluate"] = anycred::verifier::RegisterEvaluate(app);
  commands["serve"] = anycred::verifier::RegisterServe(app);
  commands["canonicalize"] = anycred::verifier::RegisterCanonicalize(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : anycred::verifier::kExitUsage;
  }
  for (auto* sub : app.get_subcommands()) {
    auto it = commands.find(sub->get_name());
    if (it != commands.end()) return it->second();
  }
  return anycred::verifier::kExitUsage;
}
