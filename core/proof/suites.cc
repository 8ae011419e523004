#include "core/proof/suites.h"

#include <array>

#include "core/proof/ed25519_signature_2020.h"
#include "core/proof/eddsa_jcs_2022.h"
#include "core/proof/eddsa_rdfc_2022.h"

namespace anycred::proof {

namespace {
const EddsaRdfc2022 kEddsaRdfc2022;
const EddsaJcs2022 kEddsaJcs2022;
const Ed25519Signature2020 kEd25519Signature2020;
const Eddsa2022Legacy kEddsa2022;
// Signing suites first, in the order help texts list them.
const std::array<const Cryptosuite*, 4> kSuites = {
    &kEddsaRdfc2022, &kEddsaJcs2022, &kEd25519Signature2020, &kEddsa2022};
}  // namespace

const Cryptosuite* FindSuiteForProof(const Json& proof) {
  if (!proof.is_object()) return nullptr;
  auto type = proof.find("type");
  if (type == proof.end() || !type->is_string()) return nullptr;
  auto suite = proof.find("cryptosuite");
  std::string suite_name = (suite != proof.end() && suite->is_string())
                               ? suite->get<std::string>()
                               : "";
  for (const Cryptosuite* s : kSuites) {
    if (*type == s->proof_type() && suite_name == s->cryptosuite()) return s;
  }
  return nullptr;
}

const Cryptosuite* FindSuiteByName(std::string_view name) {
  for (const Cryptosuite* s : kSuites) {
    if (name == s->name()) return s;
  }
  return nullptr;
}

std::vector<std::string> SigningSuiteNames() {
  std::vector<std::string> names;
  for (const Cryptosuite* s : kSuites) {
    if (s != &kEddsa2022) names.emplace_back(s->name());
  }
  return names;
}

const char* DefaultSigningSuite() { return "eddsa-rdfc-2022"; }

}  // namespace anycred::proof
