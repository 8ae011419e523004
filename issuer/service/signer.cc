#include "issuer/service/signer.h"

namespace anycred::issuer {

Result<Json> SignDocument(Json document, const Signer& signer,
                          const proof::AddProofOptions& options) {
  return proof::AddProof(std::move(document), signer.verification_method(),
                         signer, options);
}

std::string VerificationMethodFor(const std::string& did,
                                  const store::SealedKey& key) {
  if (did.rfind("did:key:", 0) == 0)
    return did + "#" + did.substr(std::string("did:key:").size());
  return did + "#" + key.key_id;
}

}  // namespace anycred::issuer
