#include "core/jsonld/iri.h"

#include <array>
#include <string>
#include <string_view>

namespace anycred::jsonld {

namespace {

constexpr std::array<std::string_view, 23> kKeywords = {
    "@base",   "@container", "@context", "@direction", "@graph",     "@id",
    "@import", "@included",  "@index",   "@json",      "@language",  "@list",
    "@nest",   "@none",      "@prefix",  "@propagate", "@protected", "@reverse",
    "@set",    "@type",      "@value",   "@version",   "@vocab"};

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The five components of RFC 3986 Appendix B's parse.
struct UriParts {
  std::string_view scheme;
  std::string_view authority;
  std::string_view path;
  std::string_view query;
  std::string_view fragment;
  bool has_scheme = false;
  bool has_authority = false;
  bool has_query = false;
  bool has_fragment = false;
};

UriParts Split(std::string_view s) {
  UriParts p;
  std::size_t i = 0;
  // scheme: [^:/?#]+ ":"
  std::size_t colon = s.find_first_of(":/?#");
  if (colon != std::string_view::npos && colon > 0 && s[colon] == ':') {
    p.scheme = s.substr(0, colon);
    p.has_scheme = true;
    i = colon + 1;
  }
  if (s.substr(i, 2) == "//") {
    std::size_t end = s.find_first_of("/?#", i + 2);
    if (end == std::string_view::npos) end = s.size();
    p.authority = s.substr(i + 2, end - i - 2);
    p.has_authority = true;
    i = end;
  }
  std::size_t end = s.find_first_of("?#", i);
  if (end == std::string_view::npos) end = s.size();
  p.path = s.substr(i, end - i);
  i = end;
  if (i < s.size() && s[i] == '?') {
    end = s.find('#', i + 1);
    if (end == std::string_view::npos) end = s.size();
    p.query = s.substr(i + 1, end - i - 1);
    p.has_query = true;
    i = end;
  }
  if (i < s.size() && s[i] == '#') {
    p.fragment = s.substr(i + 1);
    p.has_fragment = true;
  }
  return p;
}

// RFC 3986 §5.2.4.
std::string RemoveDotSegments(std::string_view input) {
  std::string output;
  output.reserve(input.size());
  auto pop_last_segment = [&output]() {
    std::size_t slash = output.rfind('/');
    output.resize(slash == std::string::npos ? 0 : slash);
  };
  while (!input.empty()) {
    if (input.starts_with("../")) {
      input.remove_prefix(3);
    } else if (input.starts_with("./")) {
      input.remove_prefix(2);
    } else if (input.starts_with("/./")) {
      input.remove_prefix(2);
    } else if (input == "/.") {
      input = "/";
    } else if (input.starts_with("/../")) {
      input.remove_prefix(3);
      pop_last_segment();
    } else if (input == "/..") {
      input = "/";
      pop_last_segment();
    } else if (input == "." || input == "..") {
      input = {};
    } else {
      std::size_t start = input[0] == '/' ? 1 : 0;
      std::size_t next = input.find('/', start);
      if (next == std::string_view::npos) next = input.size();
      output.append(input.substr(0, next));
      input.remove_prefix(next);
    }
  }
  return output;
}

}  // namespace

bool IsKeyword(std::string_view s) {
  if (s.size() < 3 || s[0] != '@') return false;
  for (std::string_view k : kKeywords) {
    if (k == s) return true;
  }
  return false;
}

bool HasKeywordForm(std::string_view s) {
  if (s.size() < 2 || s[0] != '@') return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (!IsAlpha(s[i])) return false;
  }
  return true;
}

bool IsAbsoluteIri(std::string_view s) {
  if (s.empty() || !IsAlpha(s[0])) return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return true;
    if (!(IsAlpha(c) || IsDigit(c) || c == '+' || c == '-' || c == '.')) {
      return false;
    }
  }
  return false;
}

bool IsWellFormedIri(std::string_view s) {
  // Characters an N-Quads IRIREF excludes: controls, space, <>"{}|\^`.
  static constexpr auto kBad = [] {
    std::array<bool, 256> bad{};
    for (int c = 0; c <= 0x20; ++c) bad[c] = true;
    bad[0x7F] = true;
    for (unsigned char c : std::string_view("<>\"{}|\\^`")) bad[c] = true;
    return bad;
  }();
  if (!IsAbsoluteIri(s)) return false;
  bool seen_hash = false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (kBad[c]) return false;
    if (c == '#') {
      if (seen_hash) return false;  // a fragment cannot contain "#"
      seen_hash = true;
    }
  }
  return true;
}

bool IsWellFormedLanguageTag(std::string_view s) {
  std::size_t i = 0;
  std::size_t n = 0;
  while (i < s.size() && IsAlpha(s[i])) {
    ++i;
    ++n;
  }
  if (n < 1 || n > 8) return false;
  while (i < s.size()) {
    if (s[i] != '-') return false;
    ++i;
    n = 0;
    while (i < s.size() && (IsAlpha(s[i]) || IsDigit(s[i]))) {
      ++i;
      ++n;
    }
    if (n < 1 || n > 8) return false;
  }
  return true;
}

bool EndsWithGenDelim(std::string_view s) {
  if (s.empty()) return false;
  switch (s.back()) {
    case ':':
    case '/':
    case '?':
    case '#':
    case '[':
    case ']':
    case '@':
      return true;
    default:
      return false;
  }
}

std::string ResolveIri(std::string_view base, std::string_view reference) {
  if (!IsAbsoluteIri(base)) return std::string(reference);
  UriParts r = Split(reference);
  UriParts b = Split(base);
  std::string path_storage;
  std::string_view scheme, authority, query;
  bool has_authority = false, has_query = false;
  if (r.has_scheme) {
    scheme = r.scheme;
    authority = r.authority;
    has_authority = r.has_authority;
    path_storage = RemoveDotSegments(r.path);
    query = r.query;
    has_query = r.has_query;
  } else {
    scheme = b.scheme;
    if (r.has_authority) {
      authority = r.authority;
      has_authority = true;
      path_storage = RemoveDotSegments(r.path);
      query = r.query;
      has_query = r.has_query;
    } else {
      authority = b.authority;
      has_authority = b.has_authority;
      if (r.path.empty()) {
        path_storage = std::string(b.path);
        if (r.has_query) {
          query = r.query;
          has_query = true;
        } else {
          query = b.query;
          has_query = b.has_query;
        }
      } else {
        if (r.path[0] == '/') {
          path_storage = RemoveDotSegments(r.path);
        } else {
          std::string merged;
          if (b.has_authority && b.path.empty()) {
            merged = "/";
            merged.append(r.path);
          } else {
            std::size_t slash = b.path.rfind('/');
            if (slash != std::string_view::npos) {
              merged.assign(b.path.substr(0, slash + 1));
            }
            merged.append(r.path);
          }
          path_storage = RemoveDotSegments(merged);
        }
        query = r.query;
        has_query = r.has_query;
      }
    }
  }
  std::string out;
  out.reserve(base.size() + reference.size());
  out.append(scheme);
  out.push_back(':');
  if (has_authority) {
    out.append("//");
    out.append(authority);
  }
  out.append(path_storage);
  if (has_query) {
    out.push_back('?');
    out.append(query);
  }
  if (r.has_fragment) {
    out.push_back('#');
    out.append(r.fragment);
  }
  return out;
}

}  // namespace anycred::jsonld
