#include "core/json/json.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace anycred {

namespace {
// Builds the DOM in one pass and counts the nesting depth on the way,
// aborting as soon as the limit is crossed. nlohmann's parser and the DOM's
// destructor use explicit stacks, so a deep input never recurses; the limit
// protects the recursive processing (JSON-LD expansion) that comes later.
class DepthLimitedDomBuilder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  DepthLimitedDomBuilder(Json* root, int max_depth)
      : dom_(*root, false), max_depth_(max_depth) {}
  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(number_float_t v, const string_t& s) {
    return dom_.number_float(v, s);
  }
  bool string(string_t& v) { return dom_.string(v); }
  bool binary(binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return Push() && dom_.start_object(n); }
  bool key(string_t& v) { return dom_.key(v); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return Push() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token,
                   const Exception& ex) {
    error_position_ = position;
    error_ = ex.what();
    return dom_.parse_error(position, token, ex);
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
  nlohmann::detail::json_sax_dom_parser<Json> dom_;
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

// ---- The fast path: simdjson ----
//
// simdjson validates the whole text (structure, UTF-8, escapes, numbers)
// at several GB/s; we then build the Json tree from its tape. It is used
// only when its answer is certain to equal nlohmann's: any error, a number
// it cannot represent, a duplicate key (nlohmann keeps the last value at the
// first position) or nesting past the limit sends the text to the nlohmann
// parser below, which then also writes the error message. Integers follow
// nlohmann's types: negative ones are number_integer, others
// number_unsigned; the one difference is "-0", which nlohmann makes the
// signed 0 and this path the unsigned 0 (simdjson does not tell them apart;
// it is the same number, equal under ==, and every serializer writes "0").

// Documents larger than this are parsed with a parser of their own, so a
// worker thread (a server has dozens) does not keep a large buffer for the
// rest of its life: a kept parser holds a few times this many bytes.
constexpr std::size_t kKeepParserBytes = std::size_t{64} << 10;

bool HasDuplicateKeys(simdjson::dom::object object, std::size_t n) {
  if (n < 2) return false;
  // Most objects are small: compare pairwise on the stack, no allocation.
  constexpr std::size_t kSmall = 16;
  if (n <= kSmall) {
    std::array<std::string_view, kSmall> keys;
    std::size_t i = 0;
    for (auto field : object) {
      for (std::size_t k = 0; k < i; ++k) {
        if (keys[k] == field.key) return true;
      }
      keys[i++] = field.key;
    }
    return false;
  }
  std::vector<std::string_view> keys;
  keys.reserve(n);
  for (auto field : object) keys.push_back(field.key);
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
}

// Converts one element; false means "let nlohmann decide".
bool Build(simdjson::dom::element element, int depth, int max_depth,
           Json* out) {
  using Type = simdjson::dom::element_type;
  switch (element.type()) {
    case Type::OBJECT: {
      if (depth >= max_depth) return false;
      simdjson::dom::object object = element.get_object().value_unsafe();
      std::size_t n = object.size();
      if (HasDuplicateKeys(object, n)) return false;
      *out = Json::object();
      auto& members = out->get_ref<Json::object_t&>();
      members.reserve(n);
      for (auto field : object) {
        Json value;
        if (!Build(field.value, depth + 1, max_depth, &value)) return false;
        members.emplace_back(std::string(field.key), std::move(value));
      }
      return true;
    }
    case Type::ARRAY: {
      if (depth >= max_depth) return false;
      simdjson::dom::array array = element.get_array().value_unsafe();
      *out = Json::array();
      auto& items = out->get_ref<Json::array_t&>();
      items.reserve(array.size());
      for (auto item : array) {
        items.emplace_back();
        if (!Build(item, depth + 1, max_depth, &items.back())) return false;
      }
      return true;
    }
    case Type::STRING:
      *out = std::string(element.get_string().value_unsafe());
      return true;
    case Type::INT64: {
      std::int64_t v = element.get_int64().value_unsafe();
      if (v >= 0) {
        *out = static_cast<Json::number_unsigned_t>(v);
      } else {
        *out = static_cast<Json::number_integer_t>(v);
      }
      return true;
    }
    case Type::UINT64:
      *out = static_cast<Json::number_unsigned_t>(
          element.get_uint64().value_unsafe());
      return true;
    case Type::DOUBLE:
      *out = static_cast<Json::number_float_t>(
          element.get_double().value_unsafe());
      return true;
    case Type::BOOL:
      *out = element.get_bool().value_unsafe();
      return true;
    case Type::NULL_VALUE:
      *out = nullptr;
      return true;
  }
  return false;
}

std::optional<Json> FastParse(std::string_view text, int max_depth) {
  thread_local simdjson::dom::parser kept;
  std::optional<simdjson::dom::parser> own;
  simdjson::dom::parser* parser = &kept;
  if (text.size() > kKeepParserBytes) parser = &own.emplace();
  // realloc_if_needed: simdjson reads up to 64 bytes past the end, so it
  // copies the text into a padded buffer of its own.
  auto parsed = parser->parse(text.data(), text.size(), true);
  if (parsed.error() != simdjson::SUCCESS) return std::nullopt;
  Json out;
  if (!Build(parsed.value_unsafe(), 0, max_depth, &out)) return std::nullopt;
  return out;
}
}  // namespace

Result<Json> ParseJson(std::string_view text, int max_depth) {
  if (auto fast = FastParse(text, max_depth)) return std::move(*fast);
  Json out;
  DepthLimitedDomBuilder builder(&out, max_depth);
  bool ok = Json::sax_parse(text.begin(), text.end(), &builder,
                            nlohmann::detail::input_format_t::json, true);
  if (!ok) {
    if (builder.too_deep()) {
      return Status::Error(codes::kMalformedInput,
                           "JSON is nested more than " +
                               std::to_string(max_depth) + " levels deep");
    }
    return Status::Error(
        codes::kMalformedInput,
        "not valid JSON: " +
            CleanParseMessage(builder.error(), text, builder.error_position()));
  }
  return out;
}

std::string DumpJson(const Json& value, bool pretty) {
  return value.dump(pretty ? 2 : -1, ' ', false,
                    Json::error_handler_t::replace);
}

}  // namespace anycred
