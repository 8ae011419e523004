// What every anycred-wallet command shares: where the wallet is, asking for
// the passphrase, opening the wallet, and turning errors into messages and
// exit codes.
//
// Thread safety: for the CLI's main thread only.
#ifndef ANYCRED_WALLET_CLI_CLI_COMMON_H_
#define ANYCRED_WALLET_CLI_CLI_COMMON_H_

#include <memory>
#include <string>

#include "core/json/json.h"
#include "core/util/passphrase.h"
#include "core/util/status.h"
#include "core/verification/report.h"
#include "wallet-cli/store/wallet_store.h"

namespace anycred::wallet {

inline constexpr const char* kPassphraseEnv = "ANYCRED_WALLET_PASSPHRASE";
inline constexpr const char* kNewPassphraseEnv =
    "ANYCRED_WALLET_NEW_PASSPHRASE";  // passwd
inline constexpr const char* kWalletEnv = "ANYCRED_WALLET";

// $ANYCRED_WALLET, or ~/.anycred/wallet.
std::string WalletDir();

// Whether plain http to a loopback host (localhost, 127.0.0.0/8, ::1) may
// be used: for an issuer running on this computer (tests, a local pilot).
// Set once by main from --allow-http-loopback, before any command runs.
void SetAllowHttpLoopback(bool allow);
bool AllowHttpLoopback();

// The passphrase from ANYCRED_WALLET_PASSPHRASE or the terminal.
Result<SecretString> AskPassphrase(const std::string& prompt, bool confirm);

// Asks for the passphrase and opens the wallet.
Result<std::unique_ptr<WalletStore>> OpenWallet();

// Prints "error: <message>" on stderr and returns the exit code for it:
// 1 for refusals (wrong passphrase, damage, unknown id), else 2.
int Fail(const Status& status);

// Verifies a credential now with core's checks: did:key and did:web
// issuers, and revocation from the issuer's status list, fetched over
// HTTPS and kept in memory only (ANYCRED_WALLET_OFFLINE set: no network,
// so status is unknown).
verification::CredentialReport VerifyNow(const Json& credential);

// True when the credential verified, or when its only problems are that it
// has expired (kept as history: a finished course stays a fact) or that its
// revocation status could not be checked now (the report says so).
bool Acceptable(const verification::CredentialReport& report);
bool OnlyExpired(const verification::CredentialReport& report);

// What the wallet remembers of a verification: {"verified", "expired",
// "checked", "errors": [{"code","message"}]}.
Json VerificationMeta(const verification::CredentialReport& report);

// The first 8 characters of an id, as people see it.
inline std::string ShortId(const std::string& id) { return id.substr(0, 8); }

}  // namespace anycred::wallet

#endif  // ANYCRED_WALLET_CLI_CLI_COMMON_H_
