#include "wallet-cli/import_source.h"

#include "core/badge/badge.h"
#include "core/badge/png.h"
#include "core/net/http_client.h"
#include "core/util/io.h"
#include "wallet-cli/cli_common.h"

namespace anycred::wallet {

namespace {
bool IsUrl(const std::string& s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
}
}  // namespace

Result<std::vector<ImportItem>> ReadImportSource(const std::string& source) {
  std::string text;
  if (IsUrl(source)) {
    net::HttpOptions options;
    options.allow_http_loopback = AllowHttpLoopback();
    options.max_bytes = badge::kMaxImageBytes;
    auto got = net::HttpGet(source, options);
    if (!got.ok()) {
      return Status::Error(
          anycred::codes::kIoError,
          "cannot download " + source + ": " + got.status().message());
    }
    text = std::move(got->body);
  } else {
    ANYCRED_ASSIGN_OR_RETURN(text, ReadFileOrStdin(source));
  }
  badge::Format format = badge::DetectFormat(text);
  if (format == badge::Format::kPng || format == badge::Format::kSvg) {
    // A baked badge carries one credential.
    std::vector<ImportItem> items(1);
    items[0].where = source + " (baked " +
                     (format == badge::Format::kPng ? "PNG" : "SVG") +
                     " badge)";
    auto credential = badge::ReadCredential(text);
    if (!credential.ok()) {
      items[0].credential = credential.status();
    } else if (!credential->is_object()) {
      items[0].credential =
          Status::Error(anycred::codes::kMalformedInput,
                        "the badge does not carry a JSON credential");
    } else {
      items[0].credential = std::move(credential).value();
    }
    return items;
  }
  std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string::npos) {
    return Status::Error(anycred::codes::kInvalidArgument,
                         source + " is empty: there is no credential in it");
  }
  std::vector<ImportItem> items;
  // One JSON document (possibly over many lines)?
  if (auto whole = ParseJson(text); whole.ok()) {
    ImportItem item;
    item.where = source;
    if (!whole->is_object()) {
      item.credential = Status::Error(anycred::codes::kMalformedInput,
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
      item.credential = Status::Error(anycred::codes::kMalformedInput,
                                      "not JSON: " + parsed.status().message());
    } else if (!parsed->is_object()) {
      item.credential = Status::Error(anycred::codes::kMalformedInput,
                                      "a credential is a JSON object");
    } else {
      item.credential = std::move(parsed).value();
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace anycred::wallet
