// base58btc (the Bitcoin alphabet), as used by multibase 'z' for keys and
// proof values. Leading zero bytes map to leading '1' characters.
//
// Decoding is quadratic in the input length, so it refuses inputs longer
// than kMaxBase58DecodeInput characters (keys and signatures are < 100).
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_ENCODING_BASE58_H_
#define ANYCRED_CORE_ENCODING_BASE58_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/status.h"

namespace anycred::encoding {

inline constexpr std::size_t kMaxBase58DecodeInput = 8192;

std::string Base58BtcEncode(std::span<const std::uint8_t> bytes);
Result<std::vector<std::uint8_t>> Base58BtcDecode(std::string_view text);

}  // namespace anycred::encoding

#endif  // ANYCRED_CORE_ENCODING_BASE58_H_
