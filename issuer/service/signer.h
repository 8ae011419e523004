// How the issuing code signs: through an organization's Signer, opened by
// a KeyVault from the key's record in the store. The issuing code never
// sees key material, so keys can move to a hardware security module or a
// cloud key service by adding a KeyVault, without touching the code that
// issues credentials, awards badges or signs status lists.
//
// The one vault today is SealedKeyVault (sealed_key_vault.h): Ed25519 seeds
// sealed under the data folder's master key, opened only in memory.
//
// What a vault promises:
//   - Generate makes a new Ed25519 key and returns the record to store:
//     the public key in clear and, in `sealed_seed`, whatever the vault
//     needs to find the secret again (a sealed seed here, a key handle for
//     a module). The secret itself never leaves the vault in clear.
//   - Open returns a Signer for a stored record, or WRONG_MASTER_KEY /
//     another error that never contains secret material.
//   - Secrets held in memory are wiped when the Signer is destroyed.
//
// Thread safety: vaults and signers are thread-safe (const methods may be
// called concurrently).
#ifndef ANYCRED_ISSUER_SERVICE_SIGNER_H_
#define ANYCRED_ISSUER_SERVICE_SIGNER_H_

#include <memory>
#include <string>

#include "core/crypto/signer.h"
#include "core/json/json.h"
#include "core/proof/data_integrity.h"
#include "core/util/status.h"
#include "issuer/store/store.h"

namespace anycred::issuer {

// One signing key of an organization, ready to sign.
class Signer : public crypto::Ed25519Signer {
 public:
  // The key's id in the key history, e.g. "key-2".
  virtual const std::string& key_id() const = 0;
  // The verification method a proof names: DID#key-2 (did:web) or
  // did:key:z…#z… (did:key).
  virtual const std::string& verification_method() const = 0;
};

class KeyVault {
 public:
  virtual ~KeyVault() = default;
  // A new key for `org_id` named `key_id`, created and activated at `at`.
  virtual Result<store::SealedKey> Generate(const std::string& org_id,
                                            const std::string& key_id,
                                            const std::string& at) const = 0;
  // The signer of a stored key, naming `verification_method` in proofs.
  virtual Result<std::unique_ptr<Signer>> Open(
      const store::SealedKey& key,
      const std::string& verification_method) const = 0;
};

// Adds a Data Integrity proof made by `signer` (proof::AddProof).
Result<Json> SignDocument(Json document, const Signer& signer,
                          const proof::AddProofOptions& options = {});

// The verification method of `key` for an organization whose DID is `did`:
// DID#KEY_ID for did:web, the did:key's own method for did:key.
std::string VerificationMethodFor(const std::string& did,
                                  const store::SealedKey& key);

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_SIGNER_H_
