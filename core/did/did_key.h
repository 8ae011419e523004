// did:key (W3C CCG did:key method): DIDs that are their own public key.
//
//   did:key:<multibase public key>   e.g. did:key:z6Mk… (Ed25519)
//
// Resolution is local and deterministic. Ed25519 and P-256 (and P-384) keys
// are recognized; P-256/P-384 points are checked to be on the curve. The
// DID document has one Multikey verification method, `<did>#<multibase>`,
// referenced from authentication, assertionMethod, capabilityInvocation and
// capabilityDelegation.
//
// Errors use the did:key spec's codes: invalidDid, invalidPublicKeyLength,
// invalidPublicKey (also as Status codes).
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_DID_DID_KEY_H_
#define ANYCRED_CORE_DID_DID_KEY_H_

#include <string>
#include <string_view>

#include "core/crypto/ed25519.h"
#include "core/json/json.h"
#include "core/keys/multikey.h"
#include "core/util/status.h"

namespace anycred::did {

struct DidKey {
  std::string did;        // "did:key:z…"
  std::string multibase;  // "z…", the method-specific id
  keys::KeyType type;
  std::vector<std::uint8_t> public_key;  // raw bytes

  std::string VerificationMethodId() const { return did + "#" + multibase; }
};

std::string DidKeyFromEd25519(const crypto::Ed25519PublicKey& key);
// Accepts "did:key:z…" (and "did:key:1:z…", version 1). A DID URL with a
// fragment or path is not a DID: strip it first.
Result<DidKey> ParseDidKey(std::string_view did);
// The DID document (Multikey verification method).
Json DidKeyDocument(const DidKey& key);

}  // namespace anycred::did

#endif  // ANYCRED_CORE_DID_DID_KEY_H_
