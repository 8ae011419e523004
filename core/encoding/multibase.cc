#include "core/encoding/multibase.h"

#include "core/encoding/base58.h"
#include "core/encoding/base64.h"

namespace anycred::encoding {

std::string MultibaseEncode(Multibase base,
                            std::span<const std::uint8_t> bytes) {
  if (base == Multibase::kBase58Btc) return "z" + Base58BtcEncode(bytes);
  return "u" + Base64UrlEncode(bytes);
}

Result<std::vector<std::uint8_t>> MultibaseDecode(std::string_view text) {
  if (text.empty()) {
    return Status::Error(codes::kMalformedInput, "multibase value is empty");
  }
  switch (text[0]) {
    case 'z':
      return Base58BtcDecode(text.substr(1));
    case 'u':
      return Base64UrlDecode(text.substr(1));
    default: {
      unsigned char c = static_cast<unsigned char>(text[0]);
      std::string shown = (c >= 0x20 && c < 0x7f)
                              ? std::string("'") + text[0] + "'"
                              : std::string("a non-printable byte");
      return Status::Error(
          codes::kMalformedInput,
          "unsupported multibase prefix " + shown +
              " (expected 'z' for base58btc or 'u' for base64url)");
    }
  }
}

Result<std::vector<std::uint8_t>> MultibaseDecode(std::string_view text,
                                                  Multibase required) {
  if (text.empty() || text[0] != static_cast<char>(required)) {
    return Status::Error(
        codes::kMalformedInput,
        std::string("multibase value must start with '") +
            static_cast<char>(required) +
            (required == Multibase::kBase58Btc ? "' (base58btc)"
                                               : "' (base64url)"));
  }
  return MultibaseDecode(text);
}

void AppendVarint(std::uint64_t value, std::vector<std::uint8_t>* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<std::uint8_t>(value | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<std::uint8_t>(value));
}

Result<VarintPrefix> ReadVarint(std::span<const std::uint8_t> bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < bytes.size() && i < 9; ++i) {
    value |= static_cast<std::uint64_t>(bytes[i] & 0x7f) << (7 * i);
    if ((bytes[i] & 0x80) == 0) {
      if (i > 0 && bytes[i] == 0) {
        return Status::Error(codes::kMalformedInput,
                             "multicodec varint is not minimally encoded");
      }
      return VarintPrefix{value, i + 1};
    }
  }
  return Status::Error(codes::kMalformedInput,
                       bytes.empty()
                           ? "multicodec value is empty"
                           : "multicodec varint is truncated or too long");
}

std::vector<std::uint8_t> AddMulticodec(std::uint64_t code,
                                        std::span<const std::uint8_t> payload) {
  std::vector<std::uint8_t> out;
  out.reserve(payload.size() + 3);
  AppendVarint(code, &out);
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Result<MulticodecValue> SplitMulticodec(std::span<const std::uint8_t> bytes) {
  ANYCRED_ASSIGN_OR_RETURN(VarintPrefix prefix, ReadVarint(bytes));
  return MulticodecValue{
      prefix.code,
      {bytes.begin() + static_cast<std::ptrdiff_t>(prefix.length),
       bytes.end()}};
}

}  // namespace anycred::encoding
