// Open Badges baked PNG images (Open Badges 3.0 §"Baking", PNG 1.2): the
// credential travels inside the image in one iTXt chunk with the keyword
// "openbadgecredential", uncompressed, placed before IEND.
//
// Promises: every length, offset and CRC is checked before use; input of
// any shape yields either a value or MALFORMED_CREDENTIAL whose message
// names the byte offset and chunk, never a crash or an unbounded
// allocation. Images larger than kMaxImageBytes and credential texts larger
// than kMaxCredentialBytes (also after decompression) are refused.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_BADGE_PNG_H_
#define ANYCRED_CORE_BADGE_PNG_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/util/status.h"

namespace anycred::badge {

inline constexpr std::size_t kMaxImageBytes = std::size_t{32} << 20;
inline constexpr std::size_t kMaxCredentialBytes = std::size_t{4} << 20;
inline constexpr const char* kPngKeyword = "openbadgecredential";

// True when `bytes` starts with the 8-byte PNG signature.
bool IsPng(std::string_view bytes);

// The text of the first iTXt "openbadgecredential" chunk (JSON or a
// compact JWS). A compressed chunk (which the specification forbids) is
// still read. MALFORMED_CREDENTIAL when the image is not a sound PNG up to
// that chunk, or carries no credential.
Result<std::string> ExtractPng(std::string_view png);

// `png` with `credential` baked in: any existing openbadgecredential chunk
// is replaced, the new one goes right before IEND. The image must be a
// sound PNG (every chunk's CRC checked).
Result<std::string> BakePng(std::string_view png, std::string_view credential);

}  // namespace anycred::badge

#endif  // ANYCRED_CORE_BADGE_PNG_H_
