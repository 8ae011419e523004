// The JSON Schemas compiled into anycred (from specs/schemas/, listed in
// specs/schemas/index.json by the URL credentials name them with). Never
// fetched: a schema not bundled is not checked.
//
// Thread safety: immutable static data.
#ifndef ANYCRED_CORE_JSONSCHEMA_BUNDLED_SCHEMAS_H_
#define ANYCRED_CORE_JSONSCHEMA_BUNDLED_SCHEMAS_H_

#include <cstddef>
#include <span>
#include <string_view>

namespace anycred::jsonschema {

struct BundledSchema {
  const char* url;
  const char* file;
  const unsigned char* data;  // NUL appended, not counted
  std::size_t size;
  const char* sha256;
  std::string_view text() const {
    return {reinterpret_cast<const char*>(data), size};
  }
};

std::span<const BundledSchema> BundledSchemas();

}  // namespace anycred::jsonschema

#endif  // ANYCRED_CORE_JSONSCHEMA_BUNDLED_SCHEMAS_H_
