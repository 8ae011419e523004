#include "core/jsonschema/validator.h"

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "core/jsonschema/bundled_schemas.h"

namespace anycred::jsonschema {

namespace {
const BundledSchema* Find(const std::string& url) {
  for (const auto& s : BundledSchemas()) {
    if (url == s.url) return &s;
  }
  return nullptr;
}

// valijson's context: "<root>", "[name]", "[0]" → JSON pointer.
std::string Pointer(const std::vector<std::string>& context) {
  std::string out;
  for (const auto& part : context) {
    if (part == "<root>") continue;
    std::string p = part;
    if (p.size() >= 2 && p.front() == '[' && p.back() == ']')
      p = p.substr(1, p.size() - 2);
    if (p.size() >= 2 && p.front() == '"' && p.back() == '"')
      p = p.substr(1, p.size() - 2);
    std::string escaped;
    for (char c : p) {
      if (c == '~') {
        escaped += "~0";
      } else if (c == '/') {
        escaped += "~1";
      } else {
        escaped += c;
      }
    }
    out += "/" + escaped;
  }
  return out;
}

// Draft 2019-09 makes "format" an annotation, not an assertion, unless a
// vocabulary says otherwise (these schemas do not); valijson (draft 7)
// would assert it, at the cost of compiling regular expressions on every
// value. Remove it from every schema object (not from maps of schemas,
// where "format" may be a property's name).
void DropFormat(nlohmann::json& schema) {
  if (schema.is_array()) {
    for (auto& x : schema) DropFormat(x);
    return;
  }
  if (!schema.is_object()) return;
  if (auto f = schema.find("format"); f != schema.end() && f->is_string())
    schema.erase(f);
  for (auto& [key, value] : schema.items()) {
    if ((key == "properties" || key == "$defs" || key == "definitions" ||
         key == "patternProperties") &&
        value.is_object()) {
      for (auto& [name, sub] : value.items()) DropFormat(sub);
    } else if (key != "enum" && key != "const") {
      DropFormat(value);
    }
  }
}

struct Parsed {
  std::mutex mu;
  bool done = false;
  Status error;
  std::unique_ptr<valijson::Schema> schema;
};

std::shared_ptr<Parsed> Load(const BundledSchema& bundled) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<Parsed>> cache;
  std::shared_ptr<Parsed> p;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto& slot = cache[bundled.url];
    if (!slot) slot = std::make_shared<Parsed>();
    p = slot;
  }
  std::lock_guard<std::mutex> lock(p->mu);
  if (p->done) return p;
  p->done = true;
  try {
    nlohmann::json doc = nlohmann::json::parse(bundled.text());
    DropFormat(doc);
    p->schema = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *p->schema);
  } catch (const std::exception& e) {
    p->schema.reset();
    p->error = Status::Error(codes::kInternal,
                             std::string("the bundled schema ") + bundled.url +
                                 " cannot be used: " + e.what());
  }
  return p;
}
}  // namespace

bool IsBundled(const std::string& url) { return Find(url) != nullptr; }

Result<std::vector<SchemaError>> Validate(const std::string& url,
                                          const Json& document) {
  const BundledSchema* bundled = Find(url);
  if (bundled == nullptr) {
    return Status::Error(codes::kNotFound,
                         "the schema " + url + " is not bundled");
  }
  auto parsed = Load(*bundled);
  if (!parsed->schema) return parsed->error;
  std::vector<SchemaError> out;
  try {
    // valijson reads nlohmann::json; credentials are ordered_json.
    nlohmann::json doc = nlohmann::json::parse(DumpJson(document));
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    // One validator per thread keeps its cache of compiled patterns.
    thread_local valijson::Validator validator;
    valijson::ValidationResults results;
    validator.validate(*parsed->schema, adapter, &results);
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      out.push_back({Pointer(error.context), error.description});
    }
  } catch (const std::exception& e) {
    return Status::Error(codes::kInternal,
                         std::string("schema validation failed: ") + e.what());
  }
  return out;
}

}  // namespace anycred::jsonschema
