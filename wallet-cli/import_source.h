// What `anycred-wallet import` reads: the credentials in a file, standard
// input, or what an https URL serves: one credential as JSON, many as JSON
// Lines (one credential per line), or a baked Open Badges PNG or SVG
// (core/badge). The kind is told from the content, never from the name.
// URLs are fetched with core/net's limits (https only; plain http to a
// loopback host only when AllowHttpLoopback()).
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
  std::string where;  // "badge.json", "awards.jsonl line 3", "badge.png"
  Result<Json> credential = Status::Error("EMPTY", "nothing read");
};

// Reads `source` (a path, "-" for standard input, or an http(s) URL). An I/O
// error or an unsupported kind of input fails as a whole; a line that is not
// JSON is an item with an error, so the other lines still import.
Result<std::vector<ImportItem>> ReadImportSource(const std::string& source);

}  // namespace anycred::wallet

#endif  // ANYCRED_WALLET_CLI_IMPORT_SOURCE_H_
