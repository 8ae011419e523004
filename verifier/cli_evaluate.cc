// anycred-verifier evaluate: applies a receiving institution's credit policy
// to a student's credentials (or a presentation of them), after verifying
// every one, and says per target what is granted, on what evidence, and
// what is missing; --sign makes the decision a credential signed by the
// institution; --recheck re-checks the sources of signed decisions.
#include <algorithm>
#include <iostream>
#include <memory>

#include "core/badge/badge.h"
#include "core/credit/decision_credential.h"
#include "core/credit/evaluation.h"
#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "core/util/io.h"
#include "core/util/passphrase.h"
#include "core/verification/checks.h"
#include "core/verification/verify_credential.h"
#include "verifier/cli.h"
#include "verifier/evaluate_inputs.h"
#include "verifier/verify_flags.h"

namespace anycred::verifier {

namespace {
struct EvaluateArgs {
  std::string policy;
  std::vector<std::string> inputs;
  bool json = false;
  bool sign = false;
  std::string key_file;
  std::string subject;
  bool accept_unknown_status = false;
  std::vector<std::string> recheck;
  VerifyFlags flags;
};

int Usage(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return kExitUsage;
}

// The status of one source of a signed decision, re-checked now.
Json RecheckSource(const credit::DecisionSource& source,
                   const verification::VerifyCredentialOptions& options) {
  Json out = {{"target", source.target_code},
              {"credentialId", source.credential_id},
              {"issuer", source.issuer},
              {"achievement", source.achievement}};
  if (source.status.empty()) {
    out["status"] = "no status";
    out["message"] =
        "its issuer publishes no status for it, so it cannot be revoked";
    return out;
  }
  // The status check needs only the issuer and the status entries, which
  // the decision recorded.
  Json probe = {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
                {"type", {"VerifiableCredential"}},
                {"issuer", source.issuer},
                {"credentialStatus", source.status}};
  auto check = verification::CheckStatus(probe, options);
  std::string status = "not revoked";
  if (check.outcome == verification::Outcome::kUnknown) status = "unknown";
  if (check.outcome == verification::Outcome::kFailed) {
    status = "failed";
    for (const auto& e : check.errors) {
      if (e.code == "REVOKED") status = "revoked";
      if (e.code == "SUSPENDED" && status != "revoked") status = "suspended";
    }
  }
  out["status"] = status;
  out["message"] = check.summary;
  if (!check.errors.empty())
    out["problems"] = verification::ProblemsToJson(check.errors);
  return out;
}

int RunRecheck(const EvaluateArgs& args, const VerifyContext& context) {
  const auto options = context.Options();
  bool all_stand = true;
  bool io_error = false;
  for (const auto& file : args.recheck) {
    auto bytes = ReadFileOrStdin(file);
    if (!bytes.ok()) {
      std::cerr << "error: " << bytes.status().message() << "\n";
      io_error = true;
      continue;
    }
    Json out = {{"file", file}};
    std::vector<std::string> reasons;
    auto decision = ParseJson(*bytes);
    Result<std::vector<credit::DecisionSource>> sources =
        decision.ok()
            ? credit::DecisionSources(*decision)
            : Result<std::vector<credit::DecisionSource>>(Status::Error(
                  "MALFORMED_CREDENTIAL", decision.status().message()));
    std::string state = "stands";
    if (!sources.ok()) {
      state = "no longer stands";
      reasons.push_back("it is not a credit decision: " +
                        sources.status().message());
    } else {
      auto report = verification::VerifyCredential(*decision, options);
      out["decision"] = report.facts.value("id", "");
      out["institution"] = report.facts.value("issuer", "");
      out["verified"] = report.verified;
      if (!report.verified) {
        state = "no longer stands";
        for (const auto& e : report.errors)
          reasons.push_back("the decision itself: " + e.message);
        if (report.errors.empty())
          reasons.push_back(
              "the decision itself could not be fully "
              "verified");
      }
      Json list = Json::array();
      for (const auto& s : *sources) {
        Json r = RecheckSource(s, options);
        const std::string st = r["status"];
        if (st == "revoked" || st == "suspended" || st == "failed") {
          state = "no longer stands";
          reasons.push_back(
              s.target_code + ": source " + s.credential_id + " from " +
              s.issuer + " is " +
              (st == "failed"
                   ? "not checkable (" + r["message"].get<std::string>() + ")"
                   : st));
        } else if (st == "unknown" && state == "stands") {
          state = "unconfirmed";
        }
        if (st == "unknown")
          reasons.push_back(s.target_code + ": the status of source " +
                            s.credential_id + " could not be checked (" +
                            r["message"].get<std::string>() + ")");
        list.push_back(std::move(r));
      }
      out["sources"] = std::move(list);
    }
    out["state"] = state;
    out["stands"] = state == "stands";
    out["reasons"] = reasons;
    all_stand &= state == "stands";
    if (args.json) {
      std::cout << DumpJson(out) << "\n";
      continue;
    }
    std::string headline = state == "stands" ? "STANDS"
                           : state == "unconfirmed"
                               ? "UNCONFIRMED (a source's status could not "
                                 "be checked)"
                               : "NO LONGER STANDS";
    std::cout << file << ": " << headline << "\n";
    if (out.contains("sources")) {
      for (const auto& s : out["sources"])
        std::cout << "  " << s["target"].get<std::string>() << "  "
                  << s["credentialId"].get<std::string>() << " from "
                  << s["issuer"].get<std::string>() << ": "
                  << s["status"].get<std::string>() << "\n";
    }
    for (const auto& r : reasons) std::cout << "  - " << r << "\n";
  }
  std::cout.flush();
  if (io_error) return kExitUsage;
  return all_stand ? kExitVerified : kExitNotVerified;
}

int RunEvaluate(const EvaluateArgs& args) {
  auto context = VerifyContext::Create(args.flags);
  if (!context.ok()) return Usage(context.status().message());
  if (!args.recheck.empty()) {
    if (!args.inputs.empty() || !args.policy.empty() || args.sign)
      return Usage(
          "--recheck takes signed decisions only, without --policy, "
          "credentials or --sign");
    return RunRecheck(args, **context);
  }
  if (args.policy.empty()) return Usage("--policy is required");
  if (args.inputs.empty())
    return Usage("give the student's credentials or a presentation");
  if (args.sign && args.key_file.empty())
    return Usage("--sign needs --key KEYFILE (the institution's key)");
  if (!args.sign && !args.key_file.empty())
    return Usage("--key is only used with --sign");

  auto loaded = credit::ReadPolicyFile(args.policy);
  if (!loaded.ok())
    return Usage(loaded.status().code() + ": " + loaded.status().message());
  for (const auto& file : args.flags.registries) {
    auto r = trust::Registry::ReadFile(file);
    if (!r.ok()) return Usage("--registry " + r.status().message());
    loaded->registries.push_back(std::move(r).value());
  }

  std::optional<keys::SigningKey> key;
  if (args.sign) {
    auto k = keys::ReadKeyFile(args.key_file, [] {
      return GetPassphrase("ANYCRED_KEY_PASSPHRASE",
                           "Passphrase for the institution's key: ", false);
    });
    if (!k.ok()) return Usage(k.status().message());
    if (k->controller != loaded->policy.institution_id)
      return Usage("--key belongs to " + k->controller +
                   ", but the policy's institution.id is " +
                   loaded->policy.institution_id +
                   "; decisions are signed by the institution");
    key = std::move(k).value();
  }

  const auto options = (*context)->Options();
  EvaluateInputs inputs;
  for (const auto& file : args.inputs) {
    auto bytes = ReadFileOrStdin(file);
    if (!bytes.ok()) return Usage(bytes.status().message());
    auto document = badge::ReadCredential(*bytes);
    if (!document.ok()) {
      AddUnreadableInput(document.status(), file, &inputs);
      continue;
    }
    AddEvaluateInput(*document, file, options, &inputs);
  }
  std::string student = args.subject.empty() ? StudentId(inputs) : args.subject;
  credit::Evaluation evaluation = credit::EvaluateCredentials(
      loaded->policy, loaded->registries, std::move(inputs.credentials),
      options.at, args.accept_unknown_status);
  const credit::Decision& decision = evaluation.decision;

  std::ostream& report_out = args.sign ? std::cerr : std::cout;
  if (args.json && !args.sign) {
    Json out = credit::DecisionToJson(decision, evaluation.evidence);
    out["inputs"] = inputs.summary;
    report_out << DumpJson(out) << "\n";
  } else {
    report_out << "Inputs:\n"
               << InputsToText(inputs.summary) << "\n"
               << credit::DecisionToText(decision, evaluation.evidence);
  }
  report_out.flush();

  if (args.sign) {
    credit::DecisionCredentialOptions dco;
    dco.subject_id = student;
    // Valid from the evaluation time, unless that is still to come.
    dco.valid_from = std::min(options.at, Now());
    auto vc = credit::DecisionCredential(decision, evaluation.evidence,
                                         evaluation.sources, dco);
    if (!vc.ok()) {
      std::cerr << "error: " << vc.status().code() << ": "
                << vc.status().message() << "\n";
      return kExitNotVerified;
    }
    auto signed_vc = proof::AddProof(std::move(vc).value(), *key, {});
    if (!signed_vc.ok()) {
      std::cerr << "error: " << signed_vc.status().message() << "\n";
      return kExitUsage;
    }
    std::cout << DumpJson(*signed_vc, true) << "\n";
    std::cout.flush();
  }
  return decision.granted > 0 ? kExitVerified : kExitNotVerified;
}
}  // namespace

Command RegisterEvaluate(CLI::App& app) {
  auto args = std::make_shared<EvaluateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "evaluate",
      "Apply an institution's credit policy to a student's credentials: "
      "what credit they earn, why, and what is missing");
  cmd->add_option("inputs", args->inputs,
                  "The student's credentials (JSON, or baked PNG/SVG badges) "
                  "or a presentation of them; - for standard input");
  cmd->add_option("--policy", args->policy,
                  "The institution's credit policy (specs/credit-policy.md)");
  cmd->add_flag(
      "--json", args->json,
      "Print the decision as one JSON object (specs/credit-policy.md)");
  cmd->add_flag("--sign", args->sign,
                "Print the decision as a credential signed by the institution "
                "(the report goes to standard error)");
  cmd->add_option("--key", args->key_file,
                  "The institution's key file, for --sign (its DID must be "
                  "the policy's institution.id)");
  cmd->add_option("--subject", args->subject,
                  "The student's DID for a signed decision (default: the "
                  "presentation's holder, or the credentials' common subject)");
  cmd->add_flag("--accept-unknown-status", args->accept_unknown_status,
                "Count credentials whose revocation status could not be "
                "checked (e.g. --offline without the status lists)");
  cmd->add_option("--recheck", args->recheck,
                  "Re-check the sources of signed decisions (files) and say "
                  "which no longer stand")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  AddVerifyFlags(cmd, &args->flags);
  return [args] { return RunEvaluate(*args); };
}

}  // namespace anycred::verifier
