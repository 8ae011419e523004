#include "core/csv/csv_reader.h"

#include <csv.h>

#include <algorithm>

namespace anycred::csv {

namespace {
constexpr const char* kMalformed = "MALFORMED_CSV";
}  // namespace

struct CsvReader::State {
  csv_parser parser{};
  RowFn on_row;
  std::vector<std::string> fields;
  std::size_t row = 0;          // records delivered
  bool started = false;         // past a possible byte order mark
  std::string head;             // the first bytes, while deciding
  Status error = Status::Ok();  // the first error; parsing stops there

  Status Parse(std::string_view bytes);
  Status SkipByteOrderMark(std::string_view* bytes, bool at_end);

  static void OnField(void* data, std::size_t len, void* self_ptr) {
    auto* self = static_cast<State*>(self_ptr);
    if (!self->error.ok()) return;
    if (len > kMaxFieldBytes) {
      self->error =
          Status::Error(kMalformed, "row " + std::to_string(self->row + 1) +
                                        ": a field is longer than 1 MiB");
      return;
    }
    self->fields.emplace_back(static_cast<const char*>(data), len);
  }
  static void OnRow(int /*terminator*/, void* self_ptr) {
    auto* self = static_cast<State*>(self_ptr);
    if (!self->error.ok()) return;
    ++self->row;
    self->error = self->on_row(self->row, self->fields);
    self->fields.clear();
  }
};

CsvReader::CsvReader(RowFn on_row) : state_(std::make_unique<State>()) {
  state_->on_row = std::move(on_row);
  csv_init(&state_->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
}

CsvReader::~CsvReader() { csv_free(&state_->parser); }

Status CsvReader::State::Parse(std::string_view bytes) {
  if (!error.ok() || bytes.empty()) return error;
  std::size_t done =
      csv_parse(&parser, bytes.data(), bytes.size(), &OnField, &OnRow, this);
  if (!error.ok()) return error;
  if (done != bytes.size()) {
    int err = csv_error(&parser);
    return error = Status::Error(
               kMalformed,
               "row " + std::to_string(row + 1) + ": " +
                   (err == CSV_EPARSE
                        ? "a quote appears inside an unquoted field, or a "
                          "quoted field is followed by something other than "
                          "a comma or a line end"
                        : std::string(csv_strerror(err))));
  }
  if (csv_get_buffer_size(&parser) > kMaxFieldBytes + 1024) {
    return error = Status::Error(kMalformed,
                                 "row " + std::to_string(row + 1) +
                                     ": a field is longer than 1 MiB (is a "
                                     "quote left open?)");
  }
  return Status::Ok();
}

Status CsvReader::State::SkipByteOrderMark(std::string_view* bytes,
                                           bool at_end) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  std::size_t take = std::min(bytes->size(), kBom.size() - head.size());
  head.append(bytes->substr(0, take));
  bytes->remove_prefix(take);
  if (!at_end && head.size() < kBom.size() && kBom.starts_with(head))
    return Status::Ok();  // not yet known: wait for more bytes
  started = true;
  std::string first = head == kBom ? std::string() : std::move(head);
  head.clear();
  return Parse(first);
}

Status CsvReader::Feed(std::string_view bytes) {
  State& s = *state_;
  if (!s.started) ANYCRED_RETURN_IF_ERROR(s.SkipByteOrderMark(&bytes, false));
  if (!s.started) return Status::Ok();
  return s.Parse(bytes);
}

Status CsvReader::Finish() {
  State& s = *state_;
  if (!s.started) {
    std::string_view none;
    ANYCRED_RETURN_IF_ERROR(s.SkipByteOrderMark(&none, true));
  }
  if (!s.error.ok()) return s.error;
  if (csv_fini(&s.parser, &State::OnField, &State::OnRow, &s) != 0) {
    if (!s.error.ok()) return s.error;
    return s.error =
               Status::Error(kMalformed, "row " + std::to_string(s.row + 1) +
                                             ": a quoted field is not closed "
                                             "before the end of the file");
  }
  return s.error;
}

Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  CsvReader reader([&](std::size_t, std::vector<std::string>& fields) {
    rows.push_back(std::move(fields));
    return Status::Ok();
  });
  ANYCRED_RETURN_IF_ERROR(reader.Feed(text));
  ANYCRED_RETURN_IF_ERROR(reader.Finish());
  return rows;
}

}  // namespace anycred::csv
