// The few facts the wallet's list and summary need from a credential
// (Open Badges 3.0 / CLR 2.0 achievement credentials, or any VC): what was
// achieved, who issued it, when, the competencies it is aligned to and the
// credits. Reads leniently: anything missing is left empty.
//
// This is an index, not an interpretation: the full reading of a credential
// is core's job (and show_text.h's for now).
//
// Thread safety: pure functions.
#ifndef ANYCRED_WALLET_CLI_CREDENTIAL_INDEX_H_
#define ANYCRED_WALLET_CLI_CREDENTIAL_INDEX_H_

#include <optional>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/util/datetime.h"
#include "wallet-cli/store/wallet_store.h"

namespace anycred::wallet {

struct Competency {
  std::string framework;  // alignment targetFramework ("" if none)
  std::string code;       // targetCode, else targetUrl
  std::string name;       // targetName
};

struct IndexRow {
  std::string id;  // full wallet id
  std::string achievement;
  std::string issuer;  // name, else id
  std::string date;    // validFrom (or issuanceDate), YYYY-MM-DD
  std::string valid_until;
  std::vector<Competency> competencies;
  std::optional<double> credits_available;  // achievement.creditsAvailable
  std::optional<double> credits_earned;     // subject or result creditsEarned
  std::string status;  // verified, expired, not verified, flagged
};

// `now` decides "expired".
IndexRow IndexEntry(const Entry& entry, Timestamp now);

// {"id", "achievement", "issuer", "date", "validUntil", "competencies":
// [{"framework","code","name"}], "creditsAvailable", "creditsEarned",
// "status"} (absent values omitted).
Json IndexRowToJson(const IndexRow& row);

// "1.5" rather than "1.500000".
std::string FormatCredits(double credits);

}  // namespace anycred::wallet

#endif  // ANYCRED_WALLET_CLI_CREDENTIAL_INDEX_H_
