// The file-encrypted key vault: each organization's Ed25519 seed sealed
// with XChaCha20-Poly1305 under the data folder's master key (associated
// data org id ‖ 0x00 ‖ key id, so a sealed seed cannot be moved to another
// organization or key). Opened keys live only in memory and are wiped when
// their Signer is destroyed. See signer.h for the contract.
//
// Thread safety: thread-safe.
#ifndef ANYCRED_ISSUER_SERVICE_SEALED_KEY_VAULT_H_
#define ANYCRED_ISSUER_SERVICE_SEALED_KEY_VAULT_H_

#include "issuer/service/master_key.h"
#include "issuer/service/signer.h"

namespace anycred::issuer {

class SealedKeyVault : public KeyVault {
 public:
  explicit SealedKeyVault(MasterKey master) : master_(std::move(master)) {}

  Result<store::SealedKey> Generate(const std::string& org_id,
                                    const std::string& key_id,
                                    const std::string& at) const override;
  Result<std::unique_ptr<Signer>> Open(
      const store::SealedKey& key,
      const std::string& verification_method) const override;

 private:
  MasterKey master_;
};

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_SEALED_KEY_VAULT_H_
