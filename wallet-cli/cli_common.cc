#include "wallet-cli/cli_common.h"

#include <cstdlib>
#include <iostream>

#include "core/util/datetime.h"
#include "core/verification/verify_credential.h"
#include "wallet-cli/cli.h"

namespace anycred::wallet {

std::string WalletDir() {
  if (const char* env = std::getenv(kWalletEnv); env && *env) return env;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.anycred/wallet";
}

Result<SecretString> AskPassphrase(const std::string& prompt, bool confirm) {
  return GetPassphrase(kPassphraseEnv, prompt, confirm);
}

Result<std::unique_ptr<WalletStore>> OpenWallet() {
  std::string dir = WalletDir();
  if (!WalletStore::Exists(dir)) {
    return Status::Error(codes::kWalletNotFound,
                         "there is no wallet in " + dir +
                             " (create one with: anycred-wallet init)");
  }
  ANYCRED_ASSIGN_OR_RETURN(SecretString pass,
                           AskPassphrase("Wallet passphrase: ", false));
  return WalletStore::Open(dir, pass);
}

verification::CredentialReport VerifyNow(const Json& credential) {
  verification::VerifyCredentialOptions options;
  options.at = Now();
  return verification::VerifyCredential(credential, options);
}

bool OnlyExpired(const verification::CredentialReport& report) {
  if (report.verified || report.errors.empty()) return false;
  for (const auto& c : report.checks) {
    if (c.outcome == verification::Outcome::kOk) continue;
    if (c.check != "validity") return false;
    for (const auto& e : c.errors) {
      if (e.code != "EXPIRED") return false;
    }
  }
  return true;
}

bool Acceptable(const verification::CredentialReport& report) {
  return report.verified || OnlyExpired(report);
}

Json VerificationMeta(const verification::CredentialReport& report) {
  Json errors = Json::array();
  for (const auto& e : report.errors) {
    errors.push_back({{"code", e.code}, {"message", e.message}});
  }
  return Json{{"verified", report.verified},
              {"expired", OnlyExpired(report)},
              {"checked", FormatDateTime(Now())},
              {"errors", errors}};
}

int Fail(const Status& status) {
  std::cerr << "error: " << status.message() << "\n";
  const std::string& c = status.code();
  if (c == codes::kWrongPassphrase || c == codes::kWalletDamaged ||
      c == codes::kNoSuchCredential || c == codes::kAmbiguousId ||
      c == codes::kWalletExists) {
    return kExitRefused;
  }
  return kExitUsage;
}

}  // namespace anycred::wallet
