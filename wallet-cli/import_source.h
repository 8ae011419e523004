// What `anycred-wallet import` reads: the credentials in a file or
// standard input. Today: one credential as JSON, or JSON Lines (one
// credential per line). Baked badges (PNG, SVG) and URLs are recognized
// and refused with a message; they plug in here (ReadImportSource) when
// core's badge reader and document fetcher are available.
//
// Thread safety: functions are thread-safe.
#ifndef ANYCRED_WALLET_CLI_IMPORT_SOURCE_H_
#define ANYCRED_WALLET_CLI_IMPORT_SOURCE_H_

#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/util/status.h"

namespace anycred::wallet {

struct ImportItem {
  std::string where;  // "badge.json" or "awards.jsonl line 3"
  Result<Json> credential = Status::Error("EMPTY", "nothing read");
};

// Reads `source` ("-" for standard input). An I/O error or an unsupported
// kind of input fails as a whole; a line that is not JSON is an item with
// an error, so the other lines still import.
Result<std::vector<ImportItem>> ReadImportSource(const std::string& source);

}  // namespace anycred::wallet

#endif  // ANYCRED_WALLET_CLI_IMPORT_SOURCE_H_
