#include "core/proof/suites.h"

#include <array>

#include "core/proof/eddsa_jcs_2022.h"

namespace anycred::proof {

namespace {
const EddsaJcs2022 kEddsaJcs2022;
const std::array<const Cryptosuite*, 1> kSuites = {&kEddsaJcs2022};
}  // namespace

const Cryptosuite* FindSuiteForProof(const Json& proof) {
  if (!proof.is_object()) return nullptr;
  auto type = proof.find("type");
  if (type == proof.end() || !type->is_string()) return nullptr;
  auto suite = proof.find("cryptosuite");
  std::string suite_name = (suite != proof.end() && suite->is_string()) ? suite->get<std::string>() : "";
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
  for (const Cryptosuite* s : kSuites) names.emplace_back(s->name());
  return names;
}

const char* DefaultSigningSuite() { return "eddsa-jcs-2022"; }

}  // namespace anycred::proof
