#include "wallet-cli/cli_common.h"

#include <cstdlib>
#include <iostream>
#include <memory>

#include "core/did/resolver.h"
#include "core/net/document_sources.h"
#include "core/util/datetime.h"
#include "core/verification/status_list_cache.h"
#include "core/verification/verify_credential.h"
#include "wallet-cli/cli.h"

namespace anycred::wallet {

std::string WalletDir() {
  if (const char* env = std::getenv(kWalletEnv); env && *env) return env;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.anycred/wallet";
}

namespace {
bool g_allow_http_loopback = false;
}  // namespace

void SetAllowHttpLoopback(bool allow) { g_allow_http_loopback = allow; }
bool AllowHttpLoopback() { return g_allow_http_loopback; }

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

namespace {
// What the wallet verifies with: did:web documents, keys and status lists
// from the network, kept in memory only (a cache on disk would name the
// student's issuers outside the encrypted wallet).
struct Verifier {
  std::unique_ptr<net::VerifierDocumentSources> sources;
  std::unique_ptr<did::Resolver> resolver;
  verification::StatusListCache status_lists;
  verification::DocumentCache key_histories;
};

Verifier& SharedVerifier() {
  static Verifier* verifier = [] {
    auto* v = new Verifier();
    net::SourceOptions options;
    options.offline = std::getenv("ANYCRED_WALLET_OFFLINE") != nullptr;
    options.allow_http_loopback = AllowHttpLoopback();
    auto sources = net::VerifierDocumentSources::Open(options);
    if (sources.ok()) {
      v->sources = std::move(sources).value();
      v->resolver = std::make_unique<did::Resolver>(v->sources->source());
    }
    return v;
  }();
  return *verifier;
}
}  // namespace

verification::CredentialReport VerifyNow(const Json& credential) {
  Verifier& v = SharedVerifier();
  verification::VerifyCredentialOptions options;
  options.at = Now();
  if (v.sources) {
    options.resolver = v.resolver.get();
    options.documents = v.sources->source();
  }
  options.status_lists = &v.status_lists;
  options.key_histories = &v.key_histories;
  return verification::VerifyCredential(credential, options);
}

bool OnlyExpired(const verification::CredentialReport& report) {
  if (report.verified || report.errors.empty()) return false;
  for (const auto& c : report.checks) {
    if (c.Passed()) continue;
    if (c.check == "status" && c.outcome == verification::Outcome::kUnknown)
      continue;  // said in the report; not a reason to refuse
    if (c.check != "validity") return false;
    for (const auto& e : c.errors) {
      if (e.code != "EXPIRED") return false;
    }
  }
  return true;
}

bool StatusUnknownOnly(const verification::CredentialReport& report) {
  if (report.verified) return false;
  bool unknown_status = false;
  for (const auto& c : report.checks) {
    if (c.Passed()) continue;
    if (c.check == "status" && c.outcome == verification::Outcome::kUnknown) {
      unknown_status = true;
      continue;
    }
    return false;
  }
  return unknown_status;
}

bool Acceptable(const verification::CredentialReport& report) {
  return report.verified || OnlyExpired(report) || StatusUnknownOnly(report);
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
