#include "core/encoding/base64.h"

#include <array>

namespace anycred::encoding {

namespace {
constexpr char kUrlAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kStdAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> MakeTable(const char* alphabet) {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i)
    t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return t;
}
constexpr auto kUrlTable = MakeTable(kUrlAlphabet);
constexpr auto kStdTable = MakeTable(kStdAlphabet);

std::string Encode(std::span<const std::uint8_t> in, const char* alphabet,
                   bool pad) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    std::uint32_t v = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    out.push_back(alphabet[v & 63]);
  }
  std::size_t rest = in.size() - i;
  if (rest == 1) {
    std::uint32_t v = in[i] << 16;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (pad) out.append("==");
  } else if (rest == 2) {
    std::uint32_t v = (in[i] << 16) | (in[i + 1] << 8);
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    if (pad) out.push_back('=');
  }
  return out;
}

Result<std::vector<std::uint8_t>> Decode(
    std::string_view text, const std::array<std::int8_t, 256>& table,
    const char* name) {
  if (text.size() % 4 == 1) {
    return Status::Error(codes::kMalformedInput,
                         std::string(name) +
                             " text has an impossible length (" +
                             std::to_string(text.size()) + " characters)");
  }
  std::vector<std::uint8_t> out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    int v = table[static_cast<unsigned char>(text[i])];
    if (v < 0) {
      return Status::Error(codes::kMalformedInput,
                           "invalid " + std::string(name) +
                               " character at position " + std::to_string(i));
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
    }
  }
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
    return Status::Error(
        codes::kMalformedInput,
        std::string(name) + " text has non-zero trailing bits");
  }
  return out;
}
}  // namespace

std::string Base64UrlEncode(std::span<const std::uint8_t> bytes) {
  return Encode(bytes, kUrlAlphabet, false);
}
std::string Base64UrlEncode(std::string_view bytes) {
  return Encode(
      {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()},
      kUrlAlphabet, false);
}
Result<std::vector<std::uint8_t>> Base64UrlDecode(std::string_view text) {
  return Decode(text, kUrlTable, "base64url");
}

std::string Base64Encode(std::span<const std::uint8_t> bytes) {
  return Encode(bytes, kStdAlphabet, true);
}
Result<std::vector<std::uint8_t>> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return Status::Error(codes::kMalformedInput,
                         "base64 text length is not a multiple of 4");
  }
  std::size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=')
    ++pad;
  return Decode(text.substr(0, text.size() - pad), kStdTable, "base64");
}

}  // namespace anycred::encoding
