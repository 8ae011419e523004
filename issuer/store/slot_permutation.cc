#include "issuer/store/slot_permutation.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace anycred::issuer::store {

namespace {

constexpr int kRounds = 8;

int BitsFor(std::uint64_t v) {
  int bits = 0;
  while (v != 0) {
    ++bits;
    v >>= 1;
  }
  return bits;
}

}  // namespace

SlotPermutation::SlotPermutation(const Key& key, std::uint64_t size)
    : key_(key), size_(size) {
  static_assert(crypto_shorthash_KEYBYTES == kKeyBytes);
  const int bits = BitsFor(size_ - 1);
  half_bits_ = std::max(1, (bits + 1) / 2);
  half_mask_ = (std::uint64_t{1} << half_bits_) - 1;
}

SlotPermutation::Key SlotPermutation::NewKey() {
  Key key;
  randombytes_buf(key.data(), key.size());
  return key;
}

bool SlotPermutation::KeyFromBytes(const std::string& bytes, Key* key) {
  if (bytes.size() != kKeyBytes) return false;
  std::memcpy(key->data(), bytes.data(), kKeyBytes);
  return true;
}

std::uint64_t SlotPermutation::Round(int round,
                                     std::uint64_t half_value) const {
  unsigned char in[5] = {static_cast<unsigned char>(round),
                         static_cast<unsigned char>(half_value),
                         static_cast<unsigned char>(half_value >> 8),
                         static_cast<unsigned char>(half_value >> 16),
                         static_cast<unsigned char>(half_value >> 24)};
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, in, sizeof in, key_.data());
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | out[i];
  return v & half_mask_;
}

std::uint64_t SlotPermutation::Encrypt(std::uint64_t x) const {
  std::uint64_t l = x >> half_bits_;
  std::uint64_t r = x & half_mask_;
  for (int i = 0; i < kRounds; ++i) {
    const std::uint64_t next = l ^ Round(i, r);
    l = r;
    r = next;
  }
  return (l << half_bits_) | r;
}

std::uint64_t SlotPermutation::Decrypt(std::uint64_t y) const {
  std::uint64_t l = y >> half_bits_;
  std::uint64_t r = y & half_mask_;
  for (int i = kRounds - 1; i >= 0; --i) {
    const std::uint64_t prev = r ^ Round(i, l);
    r = l;
    l = prev;
  }
  return (l << half_bits_) | r;
}

std::uint64_t SlotPermutation::Index(std::uint64_t position) const {
  std::uint64_t y = Encrypt(position);
  while (y >= size_) y = Encrypt(y);
  return y;
}

std::uint64_t SlotPermutation::Position(std::uint64_t index) const {
  std::uint64_t x = Decrypt(index);
  while (x >= size_) x = Decrypt(x);
  return x;
}

}  // namespace anycred::issuer::store
