// anycred-wallet progress: the student's side of credit equivalence. Runs a
// receiving institution's credit policy over every credential in the
// wallet, as the institution's verifier would (core/credit/evaluation.h),
// and says which targets the credentials already satisfy, which they partly
// satisfy (and with what), and what is still missing.
//
// A preview, not a decision: credentials whose revocation status cannot be
// checked now still count (the institution checks again when it decides).
#include <iostream>
#include <memory>

#include "core/credit/evaluation.h"
#include "wallet-cli/cli.h"
#include "wallet-cli/cli_common.h"

namespace anycred::wallet {

namespace {
struct ProgressArgs {
  std::string policy;
  bool json = false;
};

const char* State(const credit::TargetDecision& t) {
  if (t.granted) return "satisfied";
  if (!t.partial.empty()) return "partly satisfied";
  return "missing";
}

std::string EvidenceLine(const credit::Evidence& e) {
  std::string name =
      e.achievement_name.empty() ? e.credential_id : e.achievement_name;
  std::string from = e.issuer_name.empty() ? e.issuer_id : e.issuer_name;
  return name + " from " + from;
}

std::string ProgressText(const credit::Evaluation& ev) {
  const credit::Decision& d = ev.decision;
  std::string out =
      "Progress toward " + d.institution_name +
      (d.policy_id.empty() ? "" : " (policy " + d.policy_id + ")") +
      ", as of " + FormatDateTime(d.at) + ":\n\n";
  double possible = 0;
  std::size_t partly = 0;
  for (const auto& t : d.targets) {
    possible += t.max_credits;
    std::string head = t.code + " " + t.title;
    if (t.granted) {
      out += "SATISFIED         " + head + ": " +
             credit::FormatCredits(t.credits) + " credits\n";
      for (const auto& u : t.evidence)
        out += "    - " + EvidenceLine(ev.evidence[u.index]) + ", " +
               u.matched + "\n";
      continue;
    }
    if (!t.partial.empty()) {
      ++partly;
      out += "PARTLY SATISFIED  " + head + " (" +
             credit::FormatCredits(t.max_credits) + " credits)\n";
      out += "  You already have:\n";
      for (const auto& u : t.partial)
        out += "    - " + EvidenceLine(ev.evidence[u.index]) + ", " +
               u.matched + "\n";
    } else {
      out += "NOT YET           " + head + " (" +
             credit::FormatCredits(t.max_credits) + " credits)\n";
    }
    out += "  Still missing:\n";
    for (const auto& m : t.missing) out += "    " + m + "\n";
  }
  out += "\n" + std::to_string(d.granted) + " of " +
         std::to_string(d.targets.size()) + " satisfied, " +
         std::to_string(partly) + " partly; " +
         credit::FormatCredits(d.credits) + " of " +
         credit::FormatCredits(possible) + " credits.\n";
  return out;
}

int RunProgress(const ProgressArgs& args) {
  auto loaded = credit::ReadPolicyFile(args.policy);
  if (!loaded.ok()) {
    std::cerr << "error: " << loaded.status().code() << ": "
              << loaded.status().message() << "\n";
    return kExitUsage;
  }
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  std::vector<credit::VerifiedCredential> credentials;
  for (const auto& e : (*store)->entries())
    credentials.push_back({e.credential, VerifyNow(e.credential)});
  const Timestamp at = Now();
  credit::Evaluation ev = credit::EvaluateCredentials(
      loaded->policy, loaded->registries, std::move(credentials), at,
      /*accept_unknown_status=*/true);
  if (args.json) {
    Json out = credit::DecisionToJson(ev.decision, ev.evidence);
    std::size_t partly = 0;
    for (std::size_t i = 0; i < ev.decision.targets.size(); ++i) {
      const auto& t = ev.decision.targets[i];
      out["targets"][i]["state"] = State(t);
      partly += !t.granted && !t.partial.empty();
    }
    out["totals"]["partlySatisfied"] = partly;
    std::cout << DumpJson(out) << "\n";
  } else {
    std::cout << ProgressText(ev);
  }
  std::cout.flush();
  return kExitOk;
}
}  // namespace

void RegisterProgress(CLI::App& app, Commands* commands) {
  auto args = std::make_shared<ProgressArgs>();
  CLI::App* cmd = app.add_subcommand(
      "progress",
      "See how far your credentials go toward a program: which courses of an "
      "institution's credit policy they satisfy, partly satisfy, and what is "
      "missing");
  cmd->add_option("--policy", args->policy,
                  "The institution's credit policy (JSON file, or - for "
                  "standard input)")
      ->required();
  cmd->add_flag("--json", args->json,
                "Print the result as one JSON object (the credit decision "
                "with a \"state\" per target)");
  (*commands)["progress"] = [args] { return RunProgress(*args); };
}

}  // namespace anycred::wallet
