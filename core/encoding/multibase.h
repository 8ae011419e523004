// Multibase (the self-describing prefix character) and multicodec varint
// headers, as used by Multikey (CID 1.0), did:key and Data Integrity proofs.
//
// Supported bases: 'z' (base58btc) and 'u' (base64url, no padding). Anything
// else is an error naming the prefix.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_ENCODING_MULTIBASE_H_
#define ANYCRED_CORE_ENCODING_MULTIBASE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/status.h"

namespace anycred::encoding {

enum class Multibase : char { kBase58Btc = 'z', kBase64Url = 'u' };

std::string MultibaseEncode(Multibase base,
                            std::span<const std::uint8_t> bytes);
// Decodes any supported base; the prefix tells which.
Result<std::vector<std::uint8_t>> MultibaseDecode(std::string_view text);
// Decodes and requires the given base.
Result<std::vector<std::uint8_t>> MultibaseDecode(std::string_view text,
                                                  Multibase required);

// Multicodec codes this project knows.
namespace multicodec {
inline constexpr std::uint64_t kEd25519Pub = 0xed;
inline constexpr std::uint64_t kX25519Pub = 0xec;
inline constexpr std::uint64_t kP256Pub = 0x1200;
inline constexpr std::uint64_t kP384Pub = 0x1201;
inline constexpr std::uint64_t kEd25519Priv = 0x1300;
inline constexpr std::uint64_t kP256Priv = 0x1306;
inline constexpr std::uint64_t kP384Priv = 0x1307;
}  // namespace multicodec

// Unsigned LEB128 varint (at most 9 bytes, minimal encoding required).
void AppendVarint(std::uint64_t value, std::vector<std::uint8_t>* out);
struct VarintPrefix {
  std::uint64_t code;
  std::size_t length;  // bytes consumed
};
Result<VarintPrefix> ReadVarint(std::span<const std::uint8_t> bytes);

// code ‖ payload.
std::vector<std::uint8_t> AddMulticodec(std::uint64_t code,
                                        std::span<const std::uint8_t> payload);
struct MulticodecValue {
  std::uint64_t code;
  std::vector<std::uint8_t> payload;
};
Result<MulticodecValue> SplitMulticodec(std::span<const std::uint8_t> bytes);

}  // namespace anycred::encoding

#endif  // ANYCRED_CORE_ENCODING_MULTIBASE_H_
