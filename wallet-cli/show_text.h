// `anycred-wallet show`: what a credential says, in plain words, for the
// student. Kept in this one file on purpose: it will read core's
// achievement facts (core/vc/achievement_facts.h) when they are available.
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
