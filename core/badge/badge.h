// Reading a credential from whatever a person was given: a JSON file, a
// baked PNG or a baked SVG badge; and baking one into an image (the wallet
// uses Bake). The input type is detected from the content, never from a
// file name: the PNG signature, '<' for SVG/XML, '{' for JSON.
//
// Promises: malformed input of any kind is MALFORMED_CREDENTIAL with the
// position (line and column for JSON, byte offset and chunk for PNG,
// element or byte offset for SVG), never a crash; sizes are limited
// (png.h).
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_BADGE_BADGE_H_
#define ANYCRED_CORE_BADGE_BADGE_H_

#include <string>
#include <string_view>

#include "core/json/json.h"
#include "core/util/status.h"

namespace anycred::badge {

enum class Format { kJson, kPng, kSvg, kUnknown };
const char* FormatName(Format f);  // "json", "png", "svg", "unknown"

Format DetectFormat(std::string_view bytes);

// The credential text baked in a PNG or SVG image.
Result<std::string> Extract(std::string_view image);

// `image` (PNG or SVG) with `credential_json` baked in.
Result<std::string> Bake(std::string_view image,
                         std::string_view credential_json);

// The credential as JSON from JSON text or a baked badge; `format` (if not
// null) receives what the input was.
Result<Json> ReadCredential(std::string_view bytes, Format* format = nullptr);

}  // namespace anycred::badge

#endif  // ANYCRED_CORE_BADGE_BADGE_H_
