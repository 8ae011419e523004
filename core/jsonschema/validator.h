// JSON Schema validation of credentials against the bundled Open Badges
// 3.0 / CLR 2.0 schemas (draft 2019-09). The keywords those schemas use —
// type, enum, pattern, properties, required,
// additionalProperties, propertyNames, items, additionalItems, minItems,
// contains, oneOf, anyOf, allOf, $ref into $defs — have the same meaning in
// draft 7, which Debian's valijson implements; no $ref there has sibling
// keywords (the one 2019-09 change that would matter). `format` (date,
// date-time) is an annotation in 2019-09 and is not asserted here (the
// structure and validity checks read dates). Schemas are looked up by URL
// among the bundled ones only.
//
// Thread safety: Validate is thread-safe; each schema is parsed once.
#ifndef ANYCRED_CORE_JSONSCHEMA_VALIDATOR_H_
#define ANYCRED_CORE_JSONSCHEMA_VALIDATOR_H_

#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/util/status.h"

namespace anycred::jsonschema {

struct SchemaError {
  std::string pointer;  // JSON pointer into the document, "" for the root
  std::string message;
};

// Whether `url` names a bundled schema.
bool IsBundled(const std::string& url);

// Every violation of the bundled schema `url` by `document` (empty: valid).
// NOT_FOUND when the schema is not bundled.
Result<std::vector<SchemaError>> Validate(const std::string& url,
                                          const Json& document);

}  // namespace anycred::jsonschema

#endif  // ANYCRED_CORE_JSONSCHEMA_VALIDATOR_H_
