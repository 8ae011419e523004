#include "core/json/json.h"

#include <algorithm>
#include <string>

namespace anycred {

namespace {
// Measures nesting depth without recursion limits of its own: a SAX pass
// that aborts as soon as the limit is crossed, before the DOM is built.
class DepthChecker : public nlohmann::json_sax<Json> {
 public:
  explicit DepthChecker(int max_depth) : max_depth_(max_depth) {}
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Push(); }
  bool key(string_t&) override { return true; }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override { return Push(); }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error_position_ = position;
    error_ = ex.what();
    return false;
  }
  bool too_deep() const { return too_deep_; }
  const std::string& error() const { return error_; }
  std::size_t error_position() const { return error_position_; }

 private:
  bool Push() {
    if (++depth_ > max_depth_) {
      too_deep_ = true;
      return false;
    }
    return true;
  }
  int max_depth_;
  int depth_ = 0;
  bool too_deep_ = false;
  std::string error_;
  std::size_t error_position_ = 0;
};

// nlohmann's messages look like "[json.exception.parse_error.101] parse error
// at line 1, column 5: syntax error while parsing value - invalid literal;
// last read: 'tru'", where the line and column are those of the lexer's
// look-ahead (often the start of the next line). Report instead the line
// and column (1-based) of the last character of the offending token: the
// last non-space byte read, `position` being the count of bytes read.
std::string CleanParseMessage(const std::string& what, std::string_view text,
                              std::size_t position) {
  std::string msg = what;
  auto pos = msg.find("parse error");
  if (pos != std::string::npos) msg = msg.substr(pos);
  auto colon = msg.find(": ");
  if (msg.rfind("parse error at line ", 0) != 0 || colon == std::string::npos)
    return msg;
  std::size_t end = std::min(position, text.size());
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\n' ||
                     text[end - 1] == '\r' || text[end - 1] == '\t'))
    --end;
  std::size_t at = end == 0 ? 0 : end - 1;
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "parse error at line " + std::to_string(line) + ", column " +
         std::to_string(at - line_start + 1) + msg.substr(colon);
}
}  // namespace

Result<Json> ParseJson(std::string_view text, int max_depth) {
  DepthChecker checker(max_depth);
  bool ok = Json::sax_parse(text.begin(), text.end(), &checker,
                            nlohmann::detail::input_format_t::json, true);
  if (!ok) {
    if (checker.too_deep()) {
      return Status::Error(codes::kMalformedInput,
                           "JSON is nested more than " +
                               std::to_string(max_depth) + " levels deep");
    }
    return Status::Error(
        codes::kMalformedInput,
        "not valid JSON: " + CleanParseMessage(checker.error(), text,
                                                checker.error_position()));
  }
  Json out = Json::parse(text.begin(), text.end(), nullptr, false);
  if (out.is_discarded()) {
    return Status::Error(codes::kMalformedInput, "not valid JSON");
  }
  return out;
}

std::string DumpJson(const Json& value, bool pretty) {
  return value.dump(pretty ? 2 : -1, ' ', false,
                    Json::error_handler_t::replace);
}

}  // namespace anycred
