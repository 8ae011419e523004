// Multikey encodings (W3C Controlled Identifiers 1.0 §2.2.2): public and
// secret keys as multibase base58btc strings with a multicodec header.
//
//   Ed25519 public:  "z" + base58btc(0xed 0x01 ‖ 32-byte key)   -> "z6Mk…"
//   Ed25519 secret:  "z" + base58btc(0x80 0x26 ‖ 32-byte seed)  -> "z3u2…"
//   P-256 public:    "z" + base58btc(0x80 0x24 ‖ 33-byte point) -> "zDn…"
//
// Decoders are strict: wrong base, wrong header (a secret key where a public
// key is expected, or the reverse) or wrong length is an error that says so.
// On import only, the secret form 0x8026 ‖ seed ‖ public key (66 bytes,
// published in the 1EdTech examples) is accepted when the public half
// matches the seed; export always writes the 34-byte form.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_KEYS_MULTIKEY_H_
#define ANYCRED_CORE_KEYS_MULTIKEY_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/ed25519.h"
#include "core/util/status.h"

namespace anycred::keys {

enum class KeyType { kEd25519, kP256, kP384 };
const char* KeyTypeName(KeyType type);  // "Ed25519", "P-256", "P-384"

struct PublicKeyMultibase {
  KeyType type;
  std::vector<std::uint8_t> key;  // raw key bytes without the header
};

std::string EncodeEd25519PublicMultibase(const crypto::Ed25519PublicKey& key);
Result<crypto::Ed25519PublicKey> DecodeEd25519PublicMultibase(
    std::string_view text);
// Any public key type we recognize (Ed25519, P-256, P-384).
Result<PublicKeyMultibase> DecodePublicKeyMultibase(std::string_view text);

// The secret key's multibase form. The caller must treat it as a secret.
std::string EncodeEd25519SecretMultibase(const crypto::Ed25519PrivateKey& key);
Result<crypto::Ed25519PrivateKey> DecodeEd25519SecretMultibase(
    std::string_view text);

}  // namespace anycred::keys

#endif  // ANYCRED_CORE_KEYS_MULTIKEY_H_
