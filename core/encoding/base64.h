// base64url without padding (RFC 4648 §5, as multibase 'u' and JOSE use it)
// and standard base64 with padding (RFC 4648 §4, for data: URLs).
//
// Decoders are strict: they reject characters outside the alphabet, padding
// where none is allowed, impossible lengths and non-zero trailing bits, and
// say where the problem is.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_ENCODING_BASE64_H_
#define ANYCRED_CORE_ENCODING_BASE64_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/status.h"

namespace anycred::encoding {

std::string Base64UrlEncode(std::span<const std::uint8_t> bytes);
std::string Base64UrlEncode(std::string_view bytes);
Result<std::vector<std::uint8_t>> Base64UrlDecode(std::string_view text);

std::string Base64Encode(std::span<const std::uint8_t> bytes);
// Accepts padded input; whitespace is not allowed.
Result<std::vector<std::uint8_t>> Base64Decode(std::string_view text);

}  // namespace anycred::encoding

#endif  // ANYCRED_CORE_ENCODING_BASE64_H_
