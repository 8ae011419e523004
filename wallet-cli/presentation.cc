#include "wallet-cli/presentation.h"

#include <sodium.h>

#include "core/encoding/hex.h"
#include "core/proof/data_integrity.h"

namespace anycred::wallet {

namespace {
std::string RandomUuid() {
  std::uint8_t b[16];
  randombytes_buf(b, sizeof b);
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 4122
  std::string h = encoding::HexEncode(b);
  return "urn:uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" +
         h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}
}  // namespace

Result<Json> MakePresentation(const keys::SigningKey& holder,
                              std::vector<Json> credentials,
                              const PresentationOptions& options) {
  Json vp = {
      {"@context", Json::array({"https://www.w3.org/ns/credentials/v2"})},
      {"id", RandomUuid()},
      {"type", Json::array({"VerifiablePresentation"})},
      {"holder", holder.controller}};
  if (!credentials.empty()) {
    Json vcs = Json::array();
    for (auto& c : credentials) vcs.push_back(std::move(c));
    vp["verifiableCredential"] = std::move(vcs);
  }
  proof::AddProofOptions add;
  add.cryptosuite = "eddsa-rdfc-2022";
  add.proof_purpose = "authentication";
  add.challenge = options.challenge;
  if (options.domain) add.domain.push_back(*options.domain);
  return proof::AddProof(std::move(vp), holder, add);
}

}  // namespace anycred::wallet
