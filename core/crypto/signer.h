// An Ed25519 signing capability whose secret may live anywhere: in this
// process (Ed25519PrivateKey), in a hardware security module, or in a
// cloud key service. Data Integrity suites sign through this interface, so
// a new place for keys needs no change to the code that builds proofs.
//
// Promises: public_key() is fixed for the signer's lifetime; Sign returns a
// 64-byte Ed25519 signature of exactly `message`, or an error (a remote
// module may be unreachable) that never contains secret material.
//
// Thread safety: implementations must allow concurrent const calls.
#ifndef ANYCRED_CORE_CRYPTO_SIGNER_H_
#define ANYCRED_CORE_CRYPTO_SIGNER_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "core/util/status.h"

namespace anycred::crypto {

inline constexpr std::size_t kEd25519SignatureSize = 64;
using Ed25519Signature = std::array<std::uint8_t, kEd25519SignatureSize>;

class Ed25519PublicKey;  // core/crypto/ed25519.h

class Ed25519Signer {
 public:
  virtual ~Ed25519Signer() = default;
  virtual const Ed25519PublicKey& public_key() const = 0;
  virtual Result<Ed25519Signature> SignMessage(
      std::string_view message) const = 0;
};

}  // namespace anycred::crypto

#endif  // ANYCRED_CORE_CRYPTO_SIGNER_H_
