#include "core/badge/badge.h"

#include <cctype>

#include "core/badge/png.h"
#include "core/badge/svg.h"

namespace anycred::badge {

namespace {
constexpr const char* kMalformed = "MALFORMED_CREDENTIAL";

std::string_view Trim(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

bool LooksLikeJws(std::string_view text) {
  // header.payload.signature, base64url, header starting "eyJ" ('{"').
  if (text.substr(0, 3) != "eyJ") return false;
  int dots = 0;
  for (char c : text) {
    if (c == '.') {
      ++dots;
    } else if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' &&
               c != '_') {
      return false;
    }
  }
  return dots == 2;
}

Result<Json> ParseCredentialText(std::string_view text,
                                 const std::string& from) {
  if (LooksLikeJws(Trim(text))) {
    return Status::Error(kMalformed,
                         from +
                             "the credential is a compact JWS (VC-JWT); this "
                             "verifier reads credentials with embedded proofs "
                             "only");
  }
  auto json = ParseJson(text);
  if (!json.ok())
    return Status::Error(kMalformed, from + json.status().message());
  if (!json->is_object()) {
    return Status::Error(kMalformed,
                         from + "a credential must be a JSON object");
  }
  return json;
}
}  // namespace

const char* FormatName(Format f) {
  switch (f) {
    case Format::kJson:
      return "json";
    case Format::kPng:
      return "png";
    case Format::kSvg:
      return "svg";
    case Format::kUnknown:
      return "unknown";
  }
  return "unknown";
}

Format DetectFormat(std::string_view bytes) {
  if (IsPng(bytes)) return Format::kPng;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  auto first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return Format::kUnknown;
  if (bytes[first] == '<') return Format::kSvg;
  if (bytes[first] == '{' || bytes[first] == '[') return Format::kJson;
  return Format::kUnknown;
}

Result<std::string> Extract(std::string_view image) {
  switch (DetectFormat(image)) {
    case Format::kPng:
      return ExtractPng(image);
    case Format::kSvg:
      return ExtractSvg(image);
    default:
      return Status::Error(kMalformed,
                           "the input is neither a PNG nor an SVG image");
  }
}

Result<std::string> Bake(std::string_view image,
                         std::string_view credential_json) {
  switch (DetectFormat(image)) {
    case Format::kPng:
      return BakePng(image, credential_json);
    case Format::kSvg:
      return BakeSvg(image, credential_json);
    default:
      return Status::Error(codes::kInvalidArgument,
                           "the image is neither a PNG nor an SVG");
  }
}

Result<Json> ReadCredential(std::string_view bytes, Format* format) {
  Format f = DetectFormat(bytes);
  if (format != nullptr) *format = f;
  switch (f) {
    case Format::kPng:
    case Format::kSvg: {
      ANYCRED_ASSIGN_OR_RETURN(std::string text, Extract(bytes));
      return ParseCredentialText(text, f == Format::kPng
                                           ? "PNG iTXt openbadgecredential: "
                                           : "SVG <openbadges:credential>: ");
    }
    case Format::kJson:
      if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
      return ParseCredentialText(bytes, "");
    case Format::kUnknown:
      break;
  }
  if (Trim(bytes).empty())
    return Status::Error(kMalformed, "the input is empty");
  if (LooksLikeJws(Trim(bytes))) return ParseCredentialText(bytes, "");
  return Status::Error(kMalformed,
                       "the input is not a credential: not JSON (which starts "
                       "with '{'), nor a PNG or SVG badge image");
}

}  // namespace anycred::badge
