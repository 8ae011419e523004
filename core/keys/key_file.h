// Key files: an Ed25519 signing key with its verification method, stored as
// the Multikey JSON that other implementations export, optionally encrypted
// with a passphrase. The exact format is in specs/key-file.md.
//
// Plain form (written with mode 0600):
//   {"@context": "https://w3id.org/security/multikey/v1", "id": VM,
//    "type": "Multikey", "controller": C, "publicKeyMultibase": "z6Mk…",
//    "secretKeyMultibase": "z3u2…"}
// Read leniently: only secretKeyMultibase is required; publicKeyMultibase,
// if present, must match; id and controller default to the did:key of the
// key and its `#<multibase>` fragment. Other members are ignored.
//
// Encrypted form: the public members in clear, the secret key sealed with
// XChaCha20-Poly1305 under a key derived from the passphrase by Argon2id.
//
// Thread safety: functions are thread-safe; SigningKey is a value.
#ifndef ANYCRED_CORE_KEYS_KEY_FILE_H_
#define ANYCRED_CORE_KEYS_KEY_FILE_H_

#include <functional>
#include <string>

#include "core/crypto/ed25519.h"
#include "core/json/json.h"
#include "core/util/passphrase.h"
#include "core/util/status.h"

namespace anycred::keys {

struct SigningKey {
  std::string verification_method;  // e.g. did:key:z6Mk…#z6Mk…
  std::string controller;  // e.g. did:key:z6Mk… or an https issuer URL
  crypto::Ed25519PrivateKey key;
};

// Builds a SigningKey whose verification method is the key's did:key.
SigningKey SigningKeyFromDidKey(crypto::Ed25519PrivateKey key);

// Asked only when the file is encrypted.
using PassphraseSource = std::function<Result<SecretString>()>;

Result<SigningKey> ParseKeyFile(const Json& file,
                                const PassphraseSource& passphrase);
Result<SigningKey> ReadKeyFile(const std::string& path,
                               const PassphraseSource& passphrase);

// The plain Multikey JSON (contains the secret key).
Json KeyFileJson(const SigningKey& key);
// The encrypted form.
struct KdfLimits {
  unsigned long long opslimit;
  std::size_t memlimit;
};
KdfLimits DefaultKdfLimits();  // Argon2id "interactive": 2 passes, 64 MiB
Result<Json> EncryptedKeyFileJson(const SigningKey& key,
                                  const SecretString& passphrase,
                                  KdfLimits limits = DefaultKdfLimits());

// Writes `content` to `path` (or stdout for "-") with mode 0600, atomically
// (temporary file, fsync, rename). Refuses to overwrite unless `overwrite`.
Status WriteSecretFile(const std::string& path, const std::string& content,
                       bool overwrite);

}  // namespace anycred::keys

#endif  // ANYCRED_CORE_KEYS_KEY_FILE_H_
