// Ed25519PrecomputedKey must give libsodium's answer for every key libsodium
// accepts and every signature: these tests compare the two on valid and
// tampered signatures, on keys with a small-order component, and on the
// signatures libsodium refuses although the equation holds (small-order R,
// S >= L). Ed25519PublicKey::Verify, which uses the tables for keys seen
// more than once, is checked the same way, across many keys and threads.
#include "core/crypto/ed25519_precomputed.h"

#include <sodium.h>

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto/ed25519.h"
#include "core/encoding/hex.h"

using namespace anycred;
using namespace anycred::crypto;

namespace {

using Bytes32 = std::array<std::uint8_t, 32>;

Bytes32 FromHex(std::string_view hex) {
  auto bytes = encoding::HexDecode(hex);
  REQUIRE(bytes.ok());
  REQUIRE(bytes->size() == 32);
  Bytes32 out;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

bool SodiumVerify(const Bytes32& key, const std::string& message,
                  const std::array<std::uint8_t, 64>& sig) {
  return crypto_sign_verify_detached(
             sig.data(), reinterpret_cast<const unsigned char*>(message.data()),
             message.size(), key.data()) == 0;
}

std::string RandomMessage(std::size_t size) {
  std::string message(size, '\0');
  randombytes_buf(message.data(), message.size());
  return message;
}

// A point of order 8 (the torsion subgroup's generator).
constexpr std::string_view kOrder8 =
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a";

// k = SHA-512(R || A || M) mod L.
Bytes32 Challenge(const Bytes32& r, const Bytes32& a,
                  const std::string& message) {
  std::uint8_t hash[64];
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  crypto_hash_sha512_update(&state, r.data(), 32);
  crypto_hash_sha512_update(&state, a.data(), 32);
  crypto_hash_sha512_update(
      &state, reinterpret_cast<const unsigned char*>(message.data()),
      message.size());
  crypto_hash_sha512_final(&state, hash);
  Bytes32 k;
  crypto_core_ed25519_scalar_reduce(k.data(), hash);
  return k;
}

}  // namespace

TEST_CASE("the order-8 point used below has order 8", "[ed25519]") {
  REQUIRE(sodium_init() >= 0);
  const Bytes32 t = FromHex(kOrder8);
  Bytes32 acc = t;
  for (int m = 2; m <= 8; ++m) {
    Bytes32 next;
    REQUIRE(crypto_core_ed25519_add(next.data(), acc.data(), t.data()) == 0);
    acc = next;
    const bool identity = encoding::HexEncode(acc) ==
                          "0100000000000000000000000000000000000000000000000000"
                          "000000000000";
    CHECK(identity == (m == 8));
  }
}

TEST_CASE("precomputed verification: RFC 8032 test 1", "[ed25519]") {
  auto key = Ed25519PrecomputedKey::Build(FromHex(
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
  REQUIRE(key != nullptr);
  auto sig = *encoding::HexDecode(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
      "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  CHECK(key->Verify("", sig));
  CHECK_FALSE(key->Verify("x", sig));
  sig[0] ^= 1;
  CHECK_FALSE(key->Verify("", sig));
  CHECK_FALSE(key->Verify("", std::vector<std::uint8_t>(63)));
}

TEST_CASE("precomputed verification agrees with libsodium", "[ed25519]") {
  REQUIRE(sodium_init() >= 0);
  int accepted = 0;
  int rejected = 0;
  for (int k = 0; k < 200; ++k) {
    Bytes32 pk;
    std::uint8_t sk[64];
    crypto_sign_keypair(pk.data(), sk);
    auto key = Ed25519PrecomputedKey::Build(pk);
    REQUIRE(key != nullptr);
    CHECK(key->public_key() == pk);
    for (int m = 0; m < 12; ++m) {
      std::string message = RandomMessage(static_cast<std::size_t>(m) * 37);
      std::array<std::uint8_t, 64> sig;
      crypto_sign_detached(
          sig.data(), nullptr,
          reinterpret_cast<const unsigned char*>(message.data()),
          message.size(), sk);
      switch (m % 4) {
        case 1:  // one bit of R or S
          sig[randombytes_uniform(64)] ^= 1u << randombytes_uniform(8);
          break;
        case 2:  // one bit of the message
          if (!message.empty()) {
            message[randombytes_uniform(
                static_cast<std::uint32_t>(message.size()))] ^= 4;
          }
          break;
        case 3:  // a random signature
          randombytes_buf(sig.data(), sig.size());
          break;
        default:
          break;
      }
      const bool expected = SodiumVerify(pk, message, sig);
      CHECK(key->Verify(message, sig) == expected);
      (expected ? accepted : rejected) += 1;
    }
  }
  CHECK(accepted == 600);  // every unmodified signature, and no more
  CHECK(rejected == 1800);  // every tampered one
}

TEST_CASE("precomputed verification refuses S >= L", "[ed25519]") {
  Bytes32 pk;
  std::uint8_t sk[64];
  crypto_sign_keypair(pk.data(), sk);
  auto key = Ed25519PrecomputedKey::Build(pk);
  REQUIRE(key != nullptr);
  // L, little-endian.
  const Bytes32 l = FromHex(
      "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  int tried = 0;
  for (int attempt = 0; attempt < 64 && tried < 8; ++attempt) {
    const std::string message = RandomMessage(20);
    std::array<std::uint8_t, 64> sig;
    crypto_sign_detached(sig.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), sk);
    // S + L: the same point, a non-canonical scalar. Skip the sums that do
    // not fit in 256 bits.
    unsigned carry = 0;
    std::array<std::uint8_t, 64> bumped = sig;
    for (int i = 0; i < 32; ++i) {
      const unsigned sum = sig[32 + i] + l[i] + carry;
      bumped[32 + i] = static_cast<std::uint8_t>(sum);
      carry = sum >> 8;
    }
    if (carry != 0) continue;
    ++tried;
    CHECK(key->Verify(message, sig));
    CHECK_FALSE(SodiumVerify(pk, message, bumped));
    CHECK_FALSE(key->Verify(message, bumped));
  }
  CHECK(tried == 8);
  std::array<std::uint8_t, 64> s_is_l{};
  std::copy(l.begin(), l.end(), s_is_l.begin() + 32);
  CHECK_FALSE(key->Verify("", s_is_l));
}

TEST_CASE("precomputed verification of a key with a small-order part",
          "[ed25519]") {
  // A' = aB + T with T of order 8: libsodium accepts the key. A signature
  // made with a satisfies the cofactorless equation exactly when k*T = 0,
  // that is when k is a multiple of 8.
  Bytes32 a;
  crypto_core_ed25519_scalar_random(a.data());
  Bytes32 ab;
  REQUIRE(crypto_scalarmult_ed25519_base_noclamp(ab.data(), a.data()) == 0);
  const Bytes32 t = FromHex(kOrder8);
  Bytes32 pk;
  REQUIRE(crypto_core_ed25519_add(pk.data(), ab.data(), t.data()) == 0);
  auto key = Ed25519PrecomputedKey::Build(pk);
  REQUIRE(key != nullptr);

  int accepted = 0;
  for (int m = 0; m < 96; ++m) {
    const std::string message = RandomMessage(32);
    Bytes32 r_scalar;
    crypto_core_ed25519_scalar_random(r_scalar.data());
    Bytes32 r;
    REQUIRE(crypto_scalarmult_ed25519_base_noclamp(r.data(), r_scalar.data()) ==
            0);
    const Bytes32 k = Challenge(r, pk, message);
    Bytes32 ka;
    Bytes32 s;
    crypto_core_ed25519_scalar_mul(ka.data(), k.data(), a.data());
    crypto_core_ed25519_scalar_add(s.data(), r_scalar.data(), ka.data());
    std::array<std::uint8_t, 64> sig;
    std::copy(r.begin(), r.end(), sig.begin());
    std::copy(s.begin(), s.end(), sig.begin() + 32);
    const bool expected = (k[0] & 7) == 0;
    CHECK(SodiumVerify(pk, message, sig) == expected);
    CHECK(key->Verify(message, sig) == expected);
    accepted += expected ? 1 : 0;
  }
  CHECK(accepted > 0);
  CHECK(accepted < 96);

  // R of small order that satisfies the equation: R = -k*T, s = k*a. The
  // equation [s]B - [k]A' = R holds; libsodium refuses R, and so must we.
  std::vector<Bytes32> multiples;  // multiples[m] = m*T, m = 1..7
  multiples.push_back(FromHex(
      "0100000000000000000000000000000000000000000000000000000000000000"));
  for (int m = 1; m < 8; ++m) {
    Bytes32 next;
    REQUIRE(crypto_core_ed25519_add(next.data(), multiples.back().data(),
                                    t.data()) == 0);
    multiples.push_back(next);
  }
  int refused = 0;
  for (int attempt = 0; attempt < 400 && refused < 6; ++attempt) {
    const int m = 1 + static_cast<int>(randombytes_uniform(7));
    const std::string message = RandomMessage(16);
    const Bytes32 k = Challenge(multiples[m], pk, message);
    if (((k[0] + m) & 7) != 0) continue;  // R = -k*T needs k = -m (mod 8)
    Bytes32 s;
    crypto_core_ed25519_scalar_mul(s.data(), k.data(), a.data());
    std::array<std::uint8_t, 64> sig;
    std::copy(multiples[m].begin(), multiples[m].end(), sig.begin());
    std::copy(s.begin(), s.end(), sig.begin() + 32);
    CHECK_FALSE(SodiumVerify(pk, message, sig));
    CHECK_FALSE(key->Verify(message, sig));
    ++refused;
  }
  CHECK(refused == 6);
}

TEST_CASE("precomputed keys are refused where libsodium refuses the key",
          "[ed25519]") {
  const std::vector<std::string_view> refused = {
      // small order: the identity, order 2, order 4, order 8
      "0100000000000000000000000000000000000000000000000000000000000000",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000080",
      std::string_view(kOrder8),
      // y = p + 1: the identity, not canonically encoded
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      // x = 0 with the sign bit set
      "0100000000000000000000000000000000000000000000000000000000000080",
  };
  for (std::string_view hex : refused) {
    INFO(hex);
    CHECK(Ed25519PrecomputedKey::Build(FromHex(hex)) == nullptr);
  }
  // y = 2 .. 40: on the curve or not, as libsodium decodes them.
  const Bytes32 base = FromHex(
      "5866666666666666666666666666666666666666666666666666666666666666");
  int on_curve = 0;
  for (std::uint8_t y = 2; y <= 40; ++y) {
    Bytes32 encoded{};
    encoded[0] = y;
    Bytes32 sum;
    const bool decodes =
        crypto_core_ed25519_add(sum.data(), encoded.data(), base.data()) == 0;
    INFO(static_cast<int>(y));
    CHECK((Ed25519PrecomputedKey::Build(encoded) != nullptr) == decodes);
    on_curve += decodes ? 1 : 0;
  }
  CHECK(on_curve > 5);
  CHECK(on_curve < 35);
}

TEST_CASE("Ed25519PublicKey::Verify gives libsodium's answers with tables",
          "[ed25519]") {
  // 40 keys, more than the tables kept, each verifying valid and tampered
  // signatures in turns, from two threads at once.
  struct Case {
    Bytes32 key;
    std::string message;
    std::array<std::uint8_t, 64> sig;
    bool expected;
  };
  std::vector<Case> cases;
  for (int k = 0; k < 40; ++k) {
    auto key = Ed25519PrivateKey::Generate();
    for (int m = 0; m < 24; ++m) {
      Case c;
      c.key = key.public_key().bytes();
      c.message = RandomMessage(50 + m);
      c.sig = key.Sign(c.message);
      if (m % 5 == 4) c.sig[randombytes_uniform(64)] ^= 0x10;
      c.expected = SodiumVerify(c.key, c.message, c.sig);
      cases.push_back(std::move(c));
    }
  }
  // Interleaved: key 0's first signature, key 1's first, ... then the second
  // signature of each, so that keys come back after the others.
  auto run = [&](int offset, int* mismatches) {
    for (int m = 0; m < 24; ++m) {
      for (int k = 0; k < 40; ++k) {
        const Case& c =
            cases[static_cast<std::size_t>(((k + offset) % 40) * 24 + m)];
        auto key = Ed25519PublicKey::FromBytes(c.key);
        if (!key.ok() || key->Verify(c.message, c.sig) != c.expected) {
          ++*mismatches;
        }
      }
    }
  };
  int first = 0;
  int second = 0;
  std::thread other(run, 7, &second);
  run(0, &first);
  other.join();
  CHECK(first == 0);
  CHECK(second == 0);
  // And one key, many times: after its second signature it has a table.
  auto key = Ed25519PrivateKey::Generate();
  for (int i = 0; i < 50; ++i) {
    const std::string message = RandomMessage(10);
    auto sig = key.Sign(message);
    CHECK(key.public_key().Verify(message, sig));
    sig[63] ^= 0x40;
    CHECK_FALSE(key.public_key().Verify(message, sig));
  }
}
