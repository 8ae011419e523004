#include "wallet-cli/import_source.h"

#include "core/util/io.h"

namespace anycred::wallet {

Result<std::vector<ImportItem>> ReadImportSource(const std::string& source) {
  if (source.rfind("http://", 0) == 0 || source.rfind("https://", 0) == 0) {
    return Status::Error(codes::kInvalidArgument,
                         "importing from a URL is not available in this "
                         "version: download the credential and import the "
                         "file");
  }
  ANYCRED_ASSIGN_OR_RETURN(std::string text, ReadFileOrStdin(source));
  if (text.rfind("\x89PNG", 0) == 0) {
    return Status::Error(codes::kInvalidArgument,
                         source +
                             " is a PNG image: importing baked badges "
                             "is not available in this version");
  }
  std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string::npos && text[first] == '<') {
    return Status::Error(codes::kInvalidArgument,
                         source +
                             " looks like SVG or XML: importing baked "
                             "badges is not available in this version");
  }
  if (first == std::string::npos) {
    return Status::Error(codes::kInvalidArgument,
                         source + " is empty: there is no credential in it");
  }
  std::vector<ImportItem> items;
  // One JSON document (possibly over many lines)?
  if (auto whole = ParseJson(text); whole.ok()) {
    ImportItem item;
    item.where = source;
    if (!whole->is_object()) {
      item.credential = Status::Error(codes::kMalformedInput,
                                      "a credential is a JSON object");
    } else {
      item.credential = std::move(whole).value();
    }
    items.push_back(std::move(item));
    return items;
  }
  // JSON Lines.
  std::size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    ImportItem item;
    item.where = source + " line " + std::to_string(line_no);
    auto parsed = ParseJson(line);
    if (!parsed.ok()) {
      item.credential = Status::Error(codes::kMalformedInput,
                                      "not JSON: " + parsed.status().message());
    } else if (!parsed->is_object()) {
      item.credential = Status::Error(codes::kMalformedInput,
                                      "a credential is a JSON object");
    } else {
      item.credential = std::move(parsed).value();
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace anycred::wallet
