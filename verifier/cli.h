// anycred-verifier's command-line commands.
//
// Exit codes (README and specs/cli.md):
//   0  every credential verified
//   1  at least one credential did not verify (or was malformed)
//   2  usage or I/O error (bad flags, unreadable file)
#ifndef ANYCRED_VERIFIER_CLI_H_
#define ANYCRED_VERIFIER_CLI_H_

#include <CLI/CLI.hpp>
#include <functional>

namespace anycred::verifier {

inline constexpr int kExitVerified = 0;
inline constexpr int kExitNotVerified = 1;
inline constexpr int kExitUsage = 2;

using Command = std::function<int()>;

Command RegisterVerify(CLI::App& app);
Command RegisterCanonicalize(CLI::App& app);
Command RegisterVerifyPresentation(CLI::App& app);
Command RegisterInspect(CLI::App& app);
Command RegisterServe(CLI::App& app);
Command RegisterEvaluate(CLI::App& app);  // evaluate (credit policies)

}  // namespace anycred::verifier

#endif  // ANYCRED_VERIFIER_CLI_H_
