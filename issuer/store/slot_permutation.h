// SlotPermutation: the order in which a status list hands out its indices.
//
// A Bitstring Status List assigns each credential a random index, so that
// an index says nothing about when or to whom a credential was issued
// (Bitstring Status List 1.0, "Privacy Considerations"). Instead of drawing
// indices at random and remembering each draw, a list keeps a secret
// 16-byte key and a counter: the n-th index it hands out is
// Index(n) = P(n), where P is a pseudorandom permutation of [0, size) under
// that key. Reserving k indices is then one counter update, whatever k is;
// no index is ever handed out twice (P is a bijection and the counter only
// grows); and a used slot can be stored under its position n, which grows
// with time, instead of its random index.
//
// P is fixed: stores keep positions and rebuild indices from them, so the
// bytes below must never change (specs/issuer-store.md, "Status entries
// by position"):
//   - half = ceil(bits(size - 1) / 2) (at least 1); the permutation works on
//     2*half-bit numbers x = (L << half) | R;
//   - 8 Feistel rounds r = 0..7: (L, R) <- (R, L xor F(r, R)), with
//     F(r, v) = the first 8 bytes of SipHash-2-4 (libsodium
//     crypto_shorthash) under the key of the 5 bytes [r, v as 4 bytes
//     little-endian], read as a little-endian integer, mod 2^half;
//   - cycle walking: P(n) = the first of E(n), E(E(n)), … below size.
//
// Thread safety: immutable after construction; any number of threads may
// use one instance.
#ifndef ANYCRED_ISSUER_STORE_SLOT_PERMUTATION_H_
#define ANYCRED_ISSUER_STORE_SLOT_PERMUTATION_H_

#include <array>
#include <cstdint>
#include <string>

namespace anycred::issuer::store {

class SlotPermutation {
 public:
  static constexpr std::size_t kKeyBytes = 16;
  using Key = std::array<unsigned char, kKeyBytes>;

  // `size` in [2, 2^32].
  SlotPermutation(const Key& key, std::uint64_t size);

  // A fresh random key (libsodium's randombytes).
  static Key NewKey();
  // The key as stored (kKeyBytes bytes); false if `bytes` has another size.
  static bool KeyFromBytes(const std::string& bytes, Key* key);

  std::uint64_t size() const { return size_; }
  // The index at `position` (< size).
  std::uint64_t Index(std::uint64_t position) const;
  // The position whose index is `index` (< size): Position(Index(n)) == n.
  std::uint64_t Position(std::uint64_t index) const;

 private:
  std::uint64_t Round(int round, std::uint64_t half_value) const;
  std::uint64_t Encrypt(std::uint64_t x) const;
  std::uint64_t Decrypt(std::uint64_t y) const;

  Key key_;
  std::uint64_t size_;
  int half_bits_;
  std::uint64_t half_mask_;
};

}  // namespace anycred::issuer::store

#endif  // ANYCRED_ISSUER_STORE_SLOT_PERMUTATION_H_
