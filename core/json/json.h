// The JSON value type used throughout anycred.
//
// nlohmann::ordered_json keeps object members in their input order, so a
// credential we sign is printed back in the order its author wrote it. Code
// that needs a canonical order (JCS, JSON-LD expansion) sorts explicitly.
//
// JSON numbers: "1.0" parses as a floating-point 1.0; JSON-LD and JCS treat
// it as the number 1 (as JavaScript does), and our serializers follow them.
//
// Thread safety: a Json value is not synchronized; share const values only.
#ifndef ANYCRED_CORE_JSON_JSON_H_
#define ANYCRED_CORE_JSON_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/util/status.h"

namespace anycred {

using Json = nlohmann::ordered_json;

// Parses JSON text. On error the message gives the line and column and what
// was expected. Rejects documents nested deeper than `max_depth`. Valid text
// is parsed by simdjson and the tree built from its result; anything it
// refuses or could read differently goes to nlohmann's parser, so the tree
// (member order, duplicate keys, number types) is nlohmann's either way.
Result<Json> ParseJson(std::string_view text, int max_depth = 128);

// Serializes compactly (no whitespace) or indented with 2 spaces. UTF-8 is
// written as is; invalid UTF-8 in strings is replaced with U+FFFD.
std::string DumpJson(const Json& value, bool pretty = false);

}  // namespace anycred

#endif  // ANYCRED_CORE_JSON_JSON_H_
