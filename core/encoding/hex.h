// Lowercase hexadecimal encoding and strict decoding.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_ENCODING_HEX_H_
#define ANYCRED_CORE_ENCODING_HEX_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/status.h"

namespace anycred::encoding {

std::string HexEncode(std::span<const std::uint8_t> bytes);
// Accepts upper- or lowercase digits; rejects odd length and non-hex chars.
Result<std::vector<std::uint8_t>> HexDecode(std::string_view hex);

}  // namespace anycred::encoding

#endif  // ANYCRED_CORE_ENCODING_HEX_H_
