// The closed set of cryptosuites anycred implements, looked up by the
// proof's `type` and `cryptosuite` (verification) or by name (signing).
//
// Thread safety: the registry is immutable static data.
#ifndef ANYCRED_CORE_PROOF_SUITES_H_
#define ANYCRED_CORE_PROOF_SUITES_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/proof/cryptosuite.h"

namespace anycred::proof {

// The suite that handles `proof`, or nullptr when none does.
const Cryptosuite* FindSuiteForProof(const Json& proof);
// By cryptosuite name (e.g. "eddsa-jcs-2022") or legacy proof type; nullptr
// when unsupported.
const Cryptosuite* FindSuiteByName(std::string_view name);
// Names of the suites that can sign, for help texts and errors.
std::vector<std::string> SigningSuiteNames();
// The suite used when none is asked for.
const char* DefaultSigningSuite();

}  // namespace anycred::proof

#endif  // ANYCRED_CORE_PROOF_SUITES_H_
