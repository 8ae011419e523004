#include "core/encoding/base58.h"

#include <array>

namespace anycred::encoding {

namespace {
constexpr char kAlphabet[] =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

constexpr std::array<std::int8_t, 256> MakeDecodeTable() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 58; ++i)
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  return t;
}
constexpr auto kDecode = MakeDecodeTable();
}  // namespace

// Both directions work on 32-bit limbs and move five base58 digits at a
// time (58^5 < 2^32), which keeps the quadratic conversion cheap for the
// sizes that matter here (keys and 64-byte signatures).
namespace {
constexpr std::uint32_t kPow58_5 = 58u * 58u * 58u * 58u * 58u;  // 656,356,768
}  // namespace

std::string Base58BtcEncode(std::span<const std::uint8_t> bytes) {
  std::size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  // Big-endian 32-bit limbs of the number formed by the remaining bytes.
  std::size_t n = bytes.size() - zeros;
  std::vector<std::uint32_t> limbs((n + 3) / 4, 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t from_end =
        n - 1 - i;  // byte position from the least significant end
    limbs[limbs.size() - 1 - from_end / 4] |=
        static_cast<std::uint32_t>(bytes[zeros + i]) << (8 * (from_end % 4));
  }
  std::string reversed;
  reversed.reserve(n * 138 / 100 + 5);
  std::size_t start = 0;
  while (start < limbs.size() && limbs[start] == 0) ++start;
  while (start < limbs.size()) {
    std::uint64_t rem = 0;
    for (std::size_t i = start; i < limbs.size(); ++i) {
      std::uint64_t cur = (rem << 32) | limbs[i];
      limbs[i] = static_cast<std::uint32_t>(cur / kPow58_5);
      rem = cur % kPow58_5;
    }
    while (start < limbs.size() && limbs[start] == 0) ++start;
    for (int k = 0; k < 5; ++k) {
      reversed.push_back(kAlphabet[rem % 58]);
      rem /= 58;
    }
  }
  while (!reversed.empty() && reversed.back() == '1')
    reversed.pop_back();  // chunk padding
  std::string out(zeros, '1');
  out.append(reversed.rbegin(), reversed.rend());
  return out;
}

Result<std::vector<std::uint8_t>> Base58BtcDecode(std::string_view text) {
  if (text.size() > kMaxBase58DecodeInput) {
    return Status::Error(codes::kMalformedInput,
                         "base58btc text is too long (" +
                             std::to_string(text.size()) +
                             " characters, at most " +
                             std::to_string(kMaxBase58DecodeInput) + ")");
  }
  std::size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  std::vector<std::uint32_t> limbs;  // little-endian
  limbs.reserve(text.size() / 5 + 2);
  for (std::size_t i = ones; i < text.size();) {
    std::uint32_t value = 0, mul = 1;
    for (int k = 0; k < 5 && i < text.size(); ++k, ++i) {
      int v = kDecode[static_cast<unsigned char>(text[i])];
      if (v < 0) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        std::string shown = (c >= 0x20 && c < 0x7f)
                                ? std::string("'") + text[i] + "'"
                                : "a non-printable byte";
        return Status::Error(codes::kMalformedInput,
                             "invalid base58btc character " + shown +
                                 " at position " + std::to_string(i));
      }
      value = value * 58 + static_cast<std::uint32_t>(v);
      mul *= 58;
    }
    std::uint64_t carry = value;
    for (auto& limb : limbs) {
      std::uint64_t cur = static_cast<std::uint64_t>(limb) * mul + carry;
      limb = static_cast<std::uint32_t>(cur);
      carry = cur >> 32;
    }
    while (carry != 0) {
      limbs.push_back(static_cast<std::uint32_t>(carry));
      carry >>= 32;
    }
  }
  std::vector<std::uint8_t> out(ones, 0);
  out.reserve(ones + limbs.size() * 4);
  bool leading = true;
  for (std::size_t j = limbs.size(); j-- > 0;) {
    for (int b = 3; b >= 0; --b) {
      auto byte = static_cast<std::uint8_t>(limbs[j] >> (8 * b));
      if (leading && byte == 0) continue;
      leading = false;
      out.push_back(byte);
    }
  }
  return out;
}

}  // namespace anycred::encoding
