// CSV as registrars' spreadsheets export it (RFC 4180 and what Excel,
// LibreOffice and Google Sheets write): comma-separated, fields quoted with
// '"' when they hold commas, quotes ("" inside) or line breaks; LF or CRLF
// line ends; an optional UTF-8 byte order mark. Parsing is done by libcsv
// (Debian libcsv) in strict mode, streaming: memory is bounded by the
// longest record, not the file.
//
// Rows are numbered as a spreadsheet numbers them (the header is row 1);
// blank lines are skipped. Unquoted fields lose surrounding spaces and tabs.
// Errors are MALFORMED_CSV with the row, e.g. `row 12: a quoted field is
// not closed`.
//
// Thread safety: a CsvReader is used by one thread at a time.
#ifndef ANYCRED_CORE_CSV_CSV_READER_H_
#define ANYCRED_CORE_CSV_CSV_READER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/status.h"

namespace anycred::csv {

inline constexpr std::size_t kMaxFieldBytes = 1 << 20;  // 1 MiB per field

class CsvReader {
 public:
  // Called once per record; an error stops parsing and is returned by
  // Feed/Finish. `fields` may be moved from.
  using RowFn =
      std::function<Status(std::size_t row, std::vector<std::string>& fields)>;

  explicit CsvReader(RowFn on_row);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Parses the next piece of the input (any split, even inside a field).
  Status Feed(std::string_view bytes);
  // Ends the input: the last record is delivered; an unclosed quote is an
  // error.
  Status Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A whole document, row by row (header included).
Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text);

}  // namespace anycred::csv

#endif  // ANYCRED_CORE_CSV_CSV_READER_H_
