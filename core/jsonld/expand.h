// JSON-LD 1.1 expansion (JSON-LD 1.1 Processing Algorithms and API §5.1,
// the expand() API method).
//
// Promises: the expanded form exactly as the W3C algorithm defines it
// (including json-ld-1.0 processing mode); JSON-LD errors are returned as
// Status with the specification's error code (core/jsonld/errors.h);
// remote contexts come only from the DocumentLoader; processed contexts are
// cached across calls (see JsonLdOptions::use_context_cache). In safe mode,
// anything the algorithm would drop is a DATA_LOSS_DETECTION_ERROR whose
// message starts with the JSON path, e.g.
//   credentialSubject.achievement.result[0].foo: the term "foo" is not
//   defined by the active context
// Documents nested more than 256 levels deep are refused (MALFORMED_INPUT).
// No exception escapes.
//
// Thread safety: Expand may be called concurrently from any number of
// threads (the input is only read).
#ifndef ANYCRED_CORE_JSONLD_EXPAND_H_
#define ANYCRED_CORE_JSONLD_EXPAND_H_

#include "core/json/json.h"
#include "core/jsonld/document_loader.h"
#include "core/jsonld/errors.h"
#include "core/jsonld/options.h"
#include "core/util/status.h"

namespace anycred::jsonld {

// Expands `input` (a JSON-LD document: object or array). The result is
// always an array.
Result<Json> Expand(const Json& input, const JsonLdOptions& options = {});

}  // namespace anycred::jsonld

#endif  // ANYCRED_CORE_JSONLD_EXPAND_H_
