// Open Badges baked SVG images (Open Badges 3.0 §"Baking"): the credential
// travels in one <openbadges:credential> element, namespace
// https://purl.imsglobal.org/ob/v3p0, placed right after the <svg> start
// tag: a JSON credential as CDATA content, a compact JWS in the `verify`
// attribute of an empty element.
//
// Promises: the document is parsed by pugixml (no DTD processing, no entity
// expansion, no network); input of any shape yields either a value or
// MALFORMED_CREDENTIAL naming the element or the byte offset of the XML
// error, never a crash. Sizes are limited as for PNG (png.h).
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_BADGE_SVG_H_
#define ANYCRED_CORE_BADGE_SVG_H_

#include <string>
#include <string_view>

#include "core/util/status.h"

namespace anycred::badge {

inline constexpr const char* kSvgNamespace =
    "https://purl.imsglobal.org/ob/v3p0";

// True when the first non-space byte (after a UTF-8 BOM) is '<'.
bool LooksLikeXml(std::string_view bytes);

// The credential in the first credential element of the badge namespace
// (whatever its prefix): the `verify` attribute if present, otherwise the
// element's text (CDATA). MALFORMED_CREDENTIAL when the document is not
// well-formed XML, its root is not <svg>, or it carries no credential.
Result<std::string> ExtractSvg(std::string_view svg);

// `svg` with `credential` baked in: the namespace declared on <svg>, any
// existing credential element removed, the new one first in <svg>. A text
// starting with '{' goes in CDATA, anything else (a compact JWS) in
// `verify`.
Result<std::string> BakeSvg(std::string_view svg, std::string_view credential);

}  // namespace anycred::badge

#endif  // ANYCRED_CORE_BADGE_SVG_H_
