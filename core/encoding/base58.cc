#include "core/encoding/base58.h"

#include <array>

namespace anycred::encoding {

namespace {
constexpr char kAlphabet[] =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

constexpr std::array<std::int8_t, 256> MakeDecodeTable() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 58; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  return t;
}
constexpr auto kDecode = MakeDecodeTable();
}  // namespace

std::string Base58BtcEncode(std::span<const std::uint8_t> bytes) {
  std::size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  // log(256)/log(58) ~= 1.366; digits in base 58, little-endian.
  std::vector<std::uint8_t> digits((bytes.size() - zeros) * 138 / 100 + 1);
  std::size_t len = 0;
  for (std::size_t i = zeros; i < bytes.size(); ++i) {
    std::uint32_t carry = bytes[i];
    for (std::size_t j = 0; j < len; ++j) {
      carry += static_cast<std::uint32_t>(digits[j]) << 8;
      digits[j] = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits[len++] = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  out.reserve(zeros + len);
  for (std::size_t i = 0; i < len; ++i) out.push_back(kAlphabet[digits[len - 1 - i]]);
  return out;
}

Result<std::vector<std::uint8_t>> Base58BtcDecode(std::string_view text) {
  if (text.size() > kMaxBase58DecodeInput) {
    return Status::Error(codes::kMalformedInput,
                         "base58btc text is too long (" + std::to_string(text.size()) +
                             " characters, at most " +
                             std::to_string(kMaxBase58DecodeInput) + ")");
  }
  std::size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  std::vector<std::uint8_t> bytes(text.size() * 733 / 1000 + 1);  // log(58)/log(256)
  std::size_t len = 0;
  for (std::size_t i = ones; i < text.size(); ++i) {
    int v = kDecode[static_cast<unsigned char>(text[i])];
    if (v < 0) {
      std::string shown = (static_cast<unsigned char>(text[i]) >= 0x20 &&
                           static_cast<unsigned char>(text[i]) < 0x7f)
                              ? std::string("'") + text[i] + "'"
                              : "a non-printable byte";
      return Status::Error(codes::kMalformedInput,
                           "invalid base58btc character " + shown + " at position " +
                               std::to_string(i));
    }
    std::uint32_t carry = static_cast<std::uint32_t>(v);
    for (std::size_t j = 0; j < len; ++j) {
      carry += static_cast<std::uint32_t>(bytes[j]) * 58;
      bytes[j] = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry > 0) {
      bytes[len++] = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
  }
  std::vector<std::uint8_t> out(ones, 0);
  out.reserve(ones + len);
  for (std::size_t i = 0; i < len; ++i) out.push_back(bytes[len - 1 - i]);
  return out;
}

}  // namespace anycred::encoding
