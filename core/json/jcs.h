// JSON Canonicalization Scheme (RFC 8785).
//
// JcsSerialize writes the exact bytes RFC 8785 defines: no whitespace,
// object members sorted by the UTF-16 code units of their names, strings
// with the minimal escaping of ECMAScript JSON.stringify, and numbers in
// ECMAScript Number-to-String form (so 3.0 is "3", 1e21 is "1e+21", -0 is
// "0"). Integers are first converted to IEEE 754 doubles, as JavaScript
// does, so integers above 2^53 lose precision exactly as they would there.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_JSON_JCS_H_
#define ANYCRED_CORE_JSON_JCS_H_

#include <string>

#include "core/json/json.h"
#include "core/util/status.h"

namespace anycred {

// Fails on strings that are not valid UTF-8 and on non-finite numbers.
Result<std::string> JcsSerialize(const Json& value);
// The same, into *out (replacing its contents but keeping its capacity), for
// callers that serialize many documents and reuse one buffer.
Status JcsSerializeTo(const Json& value, std::string* out);

// ECMAScript Number::toString(x) for a finite double (RFC 8785 §3.2.2.3).
std::string FormatEcmaScriptNumber(double value);

}  // namespace anycred

#endif  // ANYCRED_CORE_JSON_JCS_H_
