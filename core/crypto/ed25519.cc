#include "core/crypto/ed25519.h"

#include <sodium.h>

#include <cstdlib>

namespace anycred::crypto {

namespace {
void EnsureSodium() {
  static const bool initialized = [] {
    if (sodium_init() < 0) std::abort();  // no usable randomness source
    return true;
  }();
  (void)initialized;
}
}  // namespace

void Wipe(void* data, std::size_t size) { sodium_memzero(data, size); }

Result<Ed25519PublicKey> Ed25519PublicKey::FromBytes(
    std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kEd25519PublicKeySize) {
    return Status::Error(codes::kMalformedInput,
                         "an Ed25519 public key is 32 bytes, got " +
                             std::to_string(bytes.size()));
  }
  Ed25519PublicKey key;
  std::copy(bytes.begin(), bytes.end(), key.bytes_.begin());
  return key;
}

bool Ed25519PublicKey::Verify(std::string_view message,
                              std::span<const std::uint8_t> signature) const {
  if (signature.size() != kEd25519SignatureSize) return false;
  EnsureSodium();
  return crypto_sign_verify_detached(
             signature.data(),
             reinterpret_cast<const unsigned char*>(message.data()),
             message.size(), bytes_.data()) == 0;
}

Ed25519PrivateKey Ed25519PrivateKey::Generate() {
  EnsureSodium();
  std::array<std::uint8_t, kEd25519SeedSize> seed;
  randombytes_buf(seed.data(), seed.size());
  auto key = FromSeed(seed);
  Wipe(seed.data(), seed.size());
  return std::move(key).value();
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::FromSeed(
    std::span<const std::uint8_t> seed) {
  if (seed.size() != kEd25519SeedSize) {
    return Status::Error(
        codes::kMalformedInput,
        "an Ed25519 seed is 32 bytes, got " + std::to_string(seed.size()));
  }
  EnsureSodium();
  Ed25519PrivateKey key;
  crypto_sign_seed_keypair(key.public_key_.bytes_.data(), key.secret_.data(),
                           seed.data());
  return key;
}

Ed25519PrivateKey::Ed25519PrivateKey(Ed25519PrivateKey&& other) noexcept
    : secret_(other.secret_), public_key_(other.public_key_) {
  Wipe(other.secret_.data(), other.secret_.size());
}

Ed25519PrivateKey& Ed25519PrivateKey::operator=(
    Ed25519PrivateKey&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    public_key_ = other.public_key_;
    Wipe(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

Ed25519PrivateKey::~Ed25519PrivateKey() {
  Wipe(secret_.data(), secret_.size());
}

Ed25519PrivateKey Ed25519PrivateKey::Clone() const {
  Ed25519PrivateKey copy;
  copy.secret_ = secret_;
  copy.public_key_ = public_key_;
  return copy;
}

Ed25519Signature Ed25519PrivateKey::Sign(std::string_view message) const {
  Ed25519Signature sig;
  crypto_sign_detached(sig.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return sig;
}

std::array<std::uint8_t, kEd25519SeedSize> Ed25519PrivateKey::ExportSeed()
    const {
  std::array<std::uint8_t, kEd25519SeedSize> seed;
  std::copy(secret_.begin(), secret_.begin() + kEd25519SeedSize, seed.begin());
  return seed;
}

}  // namespace anycred::crypto
