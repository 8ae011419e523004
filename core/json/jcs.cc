#include "core/json/jcs.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace anycred {

std::string FormatEcmaScriptNumber(double value) {
  if (value == 0) return "0";  // both +0 and -0
  std::string out;
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  // Shortest round-trip digits in scientific form: "d[.ddd]e[+-]x".
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value,
                           std::chars_format::scientific);
  std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
  std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::from_chars(sci.data() + e_pos + (sci[e_pos + 1] == '+' ? 2 : 1),
                  sci.data() + sci.size(), exponent);
  // value = 0.digits * 10^n with k digits (ECMA-262 Number::toString).
  int k = static_cast<int>(digits.size());
  int n = exponent + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out.push_back('.');
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out += digits.substr(1);
    }
    out.push_back('e');
    out.push_back(n - 1 >= 0 ? '+' : '-');
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

namespace {

// Decodes one UTF-8 code point at s[*i]; returns -1 when invalid.
long DecodeUtf8(std::string_view s, std::size_t* i) {
  unsigned char c = static_cast<unsigned char>(s[*i]);
  int len;
  long cp;
  if (c < 0x80) {
    ++*i;
    return c;
  } else if ((c & 0xe0) == 0xc0) {
    len = 2;
    cp = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    len = 3;
    cp = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return -1;
  }
  if (*i + static_cast<std::size_t>(len) > s.size()) return -1;
  for (int j = 1; j < len; ++j) {
    unsigned char cc =
        static_cast<unsigned char>(s[*i + static_cast<std::size_t>(j)]);
    if ((cc & 0xc0) != 0x80) return -1;
    cp = (cp << 6) | (cc & 0x3f);
  }
  static constexpr long kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return -1;
  *i += static_cast<std::size_t>(len);
  return cp;
}

// Orders two valid UTF-8 strings by their UTF-16 code units.
bool Utf16Less(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    unsigned char ca = static_cast<unsigned char>(a[i]);
    unsigned char cb = static_cast<unsigned char>(b[j]);
    if (ca < 0x80 && cb < 0x80) {
      if (ca != cb) return ca < cb;
      ++i;
      ++j;
      continue;
    }
    long pa = DecodeUtf8(a, &i);
    long pb = DecodeUtf8(b, &j);
    if (pa == pb) continue;
    auto first_unit = [](long cp) {
      return cp >= 0x10000 ? 0xd800 + ((cp - 0x10000) >> 10) : cp;
    };
    long ua = first_unit(pa), ub = first_unit(pb);
    if (ua != ub) return ua < ub;
    return pa < pb;  // same high surrogate: low surrogates order as code points
  }
  return i == a.size() && j < b.size();  // a proper prefix sorts first
}

// True for bytes JCS copies unchanged without looking further: printable
// ASCII other than '"' and '\\'.
constexpr bool IsPlain(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

// The end of the run of plain bytes that starts at s[i]. Eight bytes at a
// time on little-endian machines: a byte is flagged when it is below 0x20,
// is '"' or '\\', or has its high bit set. The subtraction's borrows can
// only flag bytes above an already flagged one, and the lowest flag is the
// one taken, so the answer is exact.
std::size_t PlainRunEnd(std::string_view s, std::size_t i) {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    constexpr std::uint64_t kHigh = 0x8080808080808080ull;
    while (i + 8 <= s.size()) {
      std::uint64_t x;
      std::memcpy(&x, s.data() + i, 8);
      std::uint64_t quote = x ^ (kOnes * '"');
      std::uint64_t backslash = x ^ (kOnes * '\\');
      std::uint64_t flags = ((x - kOnes * 0x20) & ~x) |
                            ((quote - kOnes) & ~quote) |
                            ((backslash - kOnes) & ~backslash) | x;
      flags &= kHigh;
      if (flags != 0)
        return i + static_cast<std::size_t>(std::countr_zero(flags) / 8);
      i += 8;
    }
  }
  while (i < s.size() && IsPlain(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

Status AppendString(std::string_view s, std::string* out) {
  out->push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t run = PlainRunEnd(s, i);
    out->append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t start = i;
      if (DecodeUtf8(s, &i) < 0) {
        return Status::Error(
            codes::kMalformedInput,
            "string is not valid UTF-8 (byte " + std::to_string(start) + ")");
      }
      out->append(s.substr(start, i - start));
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xf]);
      }
    }
  }
  out->push_back('"');
  return Status::Ok();
}

Status Append(const Json& v, std::string* out) {
  switch (v.type()) {
    case Json::value_t::null:
      out->append("null");
      return Status::Ok();
    case Json::value_t::boolean:
      out->append(v.get<bool>() ? "true" : "false");
      return Status::Ok();
    case Json::value_t::number_integer:
      out->append(
          FormatEcmaScriptNumber(static_cast<double>(v.get<std::int64_t>())));
      return Status::Ok();
    case Json::value_t::number_unsigned:
      out->append(
          FormatEcmaScriptNumber(static_cast<double>(v.get<std::uint64_t>())));
      return Status::Ok();
    case Json::value_t::number_float: {
      double d = v.get<double>();
      if (!std::isfinite(d)) {
        return Status::Error(codes::kMalformedInput,
                             "JSON numbers must be finite");
      }
      out->append(FormatEcmaScriptNumber(d));
      return Status::Ok();
    }
    case Json::value_t::string:
      return AppendString(v.get_ref<const std::string&>(), out);
    case Json::value_t::array: {
      out->push_back('[');
      bool first = true;
      for (const auto& item : v) {
        if (!first) out->push_back(',');
        first = false;
        ANYCRED_RETURN_IF_ERROR(Append(item, out));
      }
      out->push_back(']');
      return Status::Ok();
    }
    case Json::value_t::object: {
      // Most objects are small: sort pointers in a stack buffer.
      using Member = std::pair<const std::string*, const Json*>;
      std::array<Member, 24> small;
      std::vector<Member> large;
      Member* members = small.data();
      if (v.size() > small.size()) {
        large.resize(v.size());
        members = large.data();
      }
      std::size_t n = 0;
      for (auto it = v.begin(); it != v.end(); ++it)
        members[n++] = {&it.key(), &it.value()};
      std::sort(members, members + n, [](const Member& a, const Member& b) {
        return Utf16Less(*a.first, *b.first);
      });
      out->push_back('{');
      bool first = true;
      for (std::size_t i = 0; i < n; ++i) {
        const auto& [key, value] = members[i];
        if (!first) out->push_back(',');
        first = false;
        ANYCRED_RETURN_IF_ERROR(AppendString(*key, out));
        out->push_back(':');
        ANYCRED_RETURN_IF_ERROR(Append(*value, out));
      }
      out->push_back('}');
      return Status::Ok();
    }
    default:
      return Status::Error(codes::kMalformedInput,
                           "value has no JSON representation");
  }
}

}  // namespace

Status JcsSerializeTo(const Json& value, std::string* out) {
  out->clear();
  return Append(value, out);
}

Result<std::string> JcsSerialize(const Json& value) {
  std::string out;
  ANYCRED_RETURN_IF_ERROR(JcsSerializeTo(value, &out));
  return out;
}

}  // namespace anycred
