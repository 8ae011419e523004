// `anycred-wallet show`: what a credential says, in plain words, for the
// student: core's achievement facts in the words of `anycred-verifier
// inspect` (core/vc/achievement_facts.h), then what the wallet knows of it
// (last check, when and from where it was added, why it is flagged).
//
// Thread safety: pure function.
#ifndef ANYCRED_WALLET_CLI_SHOW_TEXT_H_
#define ANYCRED_WALLET_CLI_SHOW_TEXT_H_

#include <string>

#include "core/util/datetime.h"
#include "wallet-cli/store/wallet_store.h"

namespace anycred::wallet {

std::string ShowText(const Entry& entry, Timestamp now);

}  // namespace anycred::wallet

#endif  // ANYCRED_WALLET_CLI_SHOW_TEXT_H_
