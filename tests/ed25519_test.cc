#include "core/crypto/ed25519.h"

#include <catch2/catch.hpp>

#include "core/encoding/hex.h"

using namespace anycred;
using namespace anycred::crypto;

TEST_CASE("Ed25519 RFC 8032 test 1", "[ed25519]") {
  auto seed = *encoding::HexDecode(
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto key = Ed25519PrivateKey::FromSeed(seed);
  REQUIRE(key.ok());
  CHECK(encoding::HexEncode(key->public_key().bytes()) ==
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto sig = key->Sign("");
  CHECK(encoding::HexEncode(sig) ==
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  CHECK(key->public_key().Verify("", sig));
  CHECK_FALSE(key->public_key().Verify("x", sig));
  sig[10] ^= 1;
  CHECK_FALSE(key->public_key().Verify("", sig));
}

TEST_CASE("Ed25519 rejects bad sizes and small-order keys", "[ed25519]") {
  CHECK_FALSE(Ed25519PrivateKey::FromSeed(std::vector<std::uint8_t>(31)).ok());
  CHECK_FALSE(Ed25519PublicKey::FromBytes(std::vector<std::uint8_t>(33)).ok());
  auto key = Ed25519PrivateKey::Generate();
  auto sig = key.Sign("message");
  CHECK(key.public_key().Verify("message", sig));
  CHECK_FALSE(key.public_key().Verify(
      "message", std::vector<std::uint8_t>(sig.begin(), sig.begin() + 63)));
  // The identity point (small order) with an all-zero signature must not
  // verify.
  std::vector<std::uint8_t> identity(32, 0);
  identity[0] = 1;
  auto weak = Ed25519PublicKey::FromBytes(identity);
  REQUIRE(weak.ok());
  std::vector<std::uint8_t> zero_sig(64, 0);
  zero_sig[0] = 1;
  CHECK_FALSE(weak->Verify("anything", zero_sig));
}

TEST_CASE("private keys move, clone and export their seed", "[ed25519]") {
  auto a = Ed25519PrivateKey::Generate();
  auto b = a.Clone();
  CHECK(a.public_key() == b.public_key());
  auto seed = a.ExportSeed();
  auto c = Ed25519PrivateKey::FromSeed(seed);
  Wipe(seed.data(), seed.size());
  CHECK(c->public_key() == a.public_key());
  Ed25519PrivateKey moved = std::move(b);
  CHECK(moved.public_key() == a.public_key());
}
