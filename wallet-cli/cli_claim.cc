// anycred-wallet receive: follow an issuer's claim link and keep the
// credential it issues to the wallet's holder DID.
#include <iostream>
#include <memory>

#include "core/util/datetime.h"
#include "core/vc/structure.h"
#include "core/verification/report.h"
#include "wallet-cli/claim_exchange.h"
#include "wallet-cli/cli.h"
#include "wallet-cli/cli_common.h"
#include "wallet-cli/credential_index.h"

namespace anycred::wallet {

namespace {
struct ReceiveArgs {
  std::string url;
  bool json = false;
};

// The subject's id of a credential ("" when it has none or several).
std::string SubjectId(const Json& credential) {
  const Json& s = credential.value("credentialSubject", Json());
  const Json& one = s.is_array() && s.size() == 1 ? s[0] : s;
  if (!one.is_object() || !one.contains("id") || !one["id"].is_string())
    return "";
  return one["id"].get<std::string>();
}

int RunReceive(const ReceiveArgs& args) {
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  ClaimOptions options;
  options.allow_http_loopback = AllowHttpLoopback();
  auto credential = ClaimCredential(args.url, (*store)->holder(), options);
  if (!credential.ok()) {
    const std::string code = credential.status().code();
    std::cerr << "error: " << credential.status().message() << "\n";
    if (code == kClaimRefused || code == kClaimProtocol) return kExitRefused;
    return kExitUsage;
  }
  const std::string holder = (*store)->holder().controller;
  auto report = VerifyNow(*credential);
  bool acceptable = Acceptable(report);
  std::string subject = SubjectId(*credential);
  bool for_me = subject == holder;
  std::string id = CredentialId(*credential);
  // The link is spent: what the issuer sent is kept even when it does not
  // verify (flagged), so that nothing is lost; the exit code says so.
  bool flagged = !acceptable || !for_me;
  Json meta = {{"added", FormatDateTime(Now())},
               {"source", "claim from " + vc::IssuerId(*credential)},
               {"flagged", flagged},
               {"verification", VerificationMeta(report)}};
  Entry probe;
  probe.id = id;
  probe.credential = *credential;
  probe.meta = meta;
  IndexRow row = IndexEntry(probe, Now());
  bool added = (*store)->Add(*credential, std::move(meta));
  if (added) {
    if (Status st = (*store)->Commit(); !st.ok()) return Fail(st);
  }
  if (args.json) {
    Json out = {{"id", id},
                {"received", true},
                {"added", added},
                {"flagged", flagged},
                {"subjectIsHolder", for_me},
                {"report", verification::ReportToJson(report, Json("claim"))}};
    std::cout << DumpJson(out) << "\n";
  } else {
    std::cout << "received  " << ShortId(id) << "  " << row.achievement
              << " from "
              << (row.issuer.empty() ? vc::IssuerId(*credential) : row.issuer);
    if (!added) {
      std::cout << " (already in the wallet)\n";
    } else if (flagged) {
      std::cout << " (NOT VERIFIED: kept, flagged)\n";
      for (const auto& e : report.errors)
        std::cout << "    - " << e.code << ": " << e.message << "\n";
      if (!for_me)
        std::cout << "    - the credential is not issued to this wallet's "
                     "DID ("
                  << holder << ")\n";
    } else {
      std::cout << " (verified, issued to " << holder << ")\n";
    }
  }
  std::cout.flush();
  return flagged ? kExitRefused : kExitOk;
}
}  // namespace

void RegisterClaim(CLI::App& app, Commands* commands) {
  auto args = std::make_shared<ReceiveArgs>();
  CLI::App* cmd = app.add_subcommand(
      "receive",
      "Claim a credential with the link an issuer gave you: the wallet "
      "proves it holds your DID and the issuer issues the credential to it");
  cmd->add_option("claim_url", args->url,
                  "The claim link (https://…/workflows/claim/exchanges/…)")
      ->required();
  cmd->add_flag("--json", args->json, "Print the result as JSON");
  (*commands)["receive"] = [args] { return RunReceive(*args); };
}

}  // namespace anycred::wallet
