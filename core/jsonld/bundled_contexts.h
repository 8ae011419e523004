// The JSON-LD context documents compiled into anycred (from specs/contexts/,
// listed in specs/contexts/index.json). Contexts are never fetched over the
// network: these bytes are the only remote contexts the processor knows,
// plus any a user registers explicitly with a DocumentLoader.
//
// Thread safety: immutable static data.
#ifndef ANYCRED_CORE_JSONLD_BUNDLED_CONTEXTS_H_
#define ANYCRED_CORE_JSONLD_BUNDLED_CONTEXTS_H_

#include <cstddef>
#include <span>
#include <string_view>

namespace anycred::jsonld {

struct BundledContext {
  const char* url;            // exact URL as it appears in @context
  const char* file;           // file name under specs/contexts/
  const unsigned char* data;  // exact file bytes (NUL appended, not counted)
  std::size_t size;
  const char* sha256;  // hex SHA-256 of the bytes, from index.json
  std::string_view text() const {
    return {reinterpret_cast<const char*>(data), size};
  }
};

// Every bundled context, aliases included (an alias shares its file's bytes).
std::span<const BundledContext> BundledContexts();

}  // namespace anycred::jsonld

#endif  // ANYCRED_CORE_JSONLD_BUNDLED_CONTEXTS_H_
