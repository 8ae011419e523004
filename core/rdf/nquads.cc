#include "core/rdf/nquads.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/rdf/nquads_internal.h"

namespace anycred::rdf {

namespace {

// ---------------------------------------------------------------------------
// Serialization
// ---------------------------------------------------------------------------

// What to do with a byte inside a literal: 0 = copy, 1 = ECHAR (the letter is
// in kEchar), 2 = \u00XX, 3 = lead byte of a possible U+FFFE/U+FFFF.
constexpr std::array<std::uint8_t, 256> MakeEscapeClass() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 2;
  t[0x7F] = 2;
  t['\b'] = 1;
  t['\t'] = 1;
  t['\n'] = 1;
  t['\f'] = 1;
  t['\r'] = 1;
  t['"'] = 1;
  t['\\'] = 1;
  t[0xEF] = 3;
  return t;
}
constexpr std::array<std::uint8_t, 256> kEscapeClass = MakeEscapeClass();

char EcharLetter(unsigned char c) {
  switch (c) {
    case '\b':
      return 'b';
    case '\t':
      return 't';
    case '\n':
      return 'n';
    case '\f':
      return 'f';
    case '\r':
      return 'r';
    default:
      return static_cast<char>(c);  // '"' and '\\' escape as themselves
  }
}

constexpr char kUpperHex[] = "0123456789ABCDEF";

char* WriteUchar4(unsigned code, char* out) {
  out[0] = '\\';
  out[1] = 'u';
  out[2] = kUpperHex[(code >> 12) & 0xF];
  out[3] = kUpperHex[(code >> 8) & 0xF];
  out[4] = kUpperHex[(code >> 4) & 0xF];
  out[5] = kUpperHex[code & 0xF];
  return out + 6;
}

// True if s[i] (an 0xEF byte) starts U+FFFE or U+FFFF (EF BF BE / EF BF BF),
// which are not XML 1.1 Chars and so are written as UCHAR.
bool IsNonCharacterAt(const unsigned char* p, std::size_t n, std::size_t i) {
  return i + 2 < n && p[i + 1] == 0xBF &&
         (p[i + 2] == 0xBE || p[i + 2] == 0xBF);
}

// Index of the first byte at or after `i` that is not copied as is (its
// escape class is not 0), or n. Literals are mostly plain text: check 16
// bytes at a time where SSE2 is available.
std::size_t FindSpecial(const unsigned char* p, std::size_t n, std::size_t i) {
#if defined(__SSE2__)
  const __m128i max_control = _mm_set1_epi8(0x1F);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i del = _mm_set1_epi8(0x7F);
  const __m128i ef = _mm_set1_epi8(static_cast<char>(0xEF));
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i hit = _mm_cmpeq_epi8(_mm_min_epu8(v, max_control), v);  // v <= 0x1F
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, quote));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, backslash));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, del));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, ef));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  while (i < n && kEscapeClass[p[i]] == 0) ++i;
  return i;
}

std::size_t EscapedSize(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t size = n;
  for (std::size_t i = FindSpecial(p, n, 0); i < n;
       i = FindSpecial(p, n, i + 1)) {
    const std::uint8_t cls = kEscapeClass[p[i]];
    if (cls == 1) {
      size += 1;  // \X
    } else if (cls == 2) {
      size += 5;  // \u00XX
    } else if (IsNonCharacterAt(p, n, i)) {
      size += 3;  // 3 UTF-8 bytes -> \uFFFE
      i += 2;
    }
  }
  return size;
}

char* WriteEscaped(std::string_view s, char* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t run = 0;  // start of the pending run of bytes copied as is
  for (std::size_t i = FindSpecial(p, n, 0); i < n;
       i = FindSpecial(p, n, i + 1)) {
    const std::uint8_t cls = kEscapeClass[p[i]];
    if (cls == 3 && !IsNonCharacterAt(p, n, i)) continue;
    std::memcpy(out, s.data() + run, i - run);
    out += i - run;
    if (cls == 1) {
      *out++ = '\\';
      *out++ = EcharLetter(p[i]);
    } else if (cls == 2) {
      out = WriteUchar4(p[i], out);
    } else {
      out = WriteUchar4(p[i + 2] == 0xBE ? 0xFFFE : 0xFFFF, out);
      i += 2;
    }
    run = i + 1;
  }
  std::memcpy(out, s.data() + run, n - run);
  return out + (n - run);
}

// True if a literal is written with "^^<datatype>" (not xsd:string).
bool HasDatatype(const Term& literal) {
  static constexpr std::string_view kString = kXsdString;
  return !literal.datatype.empty() &&
         std::string_view(literal.datatype) != kString;
}

char* Copy(std::string_view s, char* out) {
  std::memcpy(out, s.data(), s.size());
  return out + s.size();
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

// Decodes one UTF-8 sequence at s[i]; returns its length (0 if invalid:
// truncated, overlong, surrogate or above U+10FFFF).
std::size_t DecodeUtf8(std::string_view s, std::size_t i, char32_t* cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  std::size_t len;
  char32_t c;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    c = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    c = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    c = b0 & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() - i < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  *cp = c;
  return len;
}

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// PN_CHARS_BASE of the RDF 1.1 N-Quads grammar.
bool IsPnCharsBase(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
         (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}
// ASCII bytes an IRIREF or a STRING_LITERAL_QUOTE takes as they are.
bool IsPlainIriByte(unsigned char c) {
  return c > 0x20 && c < 0x80 && c != '<' && c != '>' && c != '"' && c != '{' &&
         c != '}' && c != '|' && c != '^' && c != '`' && c != '\\';
}
bool IsPlainLiteralByte(unsigned char c) {
  return c < 0x80 && c != '"' && c != '\\' && c != '\n' && c != '\r';
}
bool IsPnCharsU(char32_t c) { return IsPnCharsBase(c) || c == '_' || c == ':'; }
bool IsPnChars(char32_t c) {
  return IsPnCharsU(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<Dataset> Run() {
    Dataset dataset;
    while (true) {
      SkipSpaces();
      if (AtEnd()) break;
      const char c = Peek();
      if (c == '\n' || c == '\r') {
        ConsumeLineBreak();
        continue;
      }
      if (c == '#') {
        if (!SkipComment()) return error_;
        continue;
      }
      Quad quad;
      if (!ParseStatement(&quad)) return error_;
      dataset.push_back(std::move(quad));
      // After '.', only spaces, a comment and the end of the line may follow.
      SkipSpaces();
      if (AtEnd()) break;
      if (Peek() == '#') {
        if (!SkipComment()) return error_;
      } else if (Peek() != '\n' && Peek() != '\r') {
        Fail("the end of the line after '.' (one statement per line)");
        return error_;
      }
    }
    return dataset;
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }

  void SkipSpaces() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t')) ++pos_;
  }

  void ConsumeLineBreak() {
    // CRLF is one line break; a lone CR or LF is one line break too.
    if (Peek() == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')
      ++pos_;
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }

  // Skips '#' to the end of the line (not the line break), checking UTF-8.
  bool SkipComment() {
    while (!AtEnd() && Peek() != '\n' && Peek() != '\r') {
      if (static_cast<unsigned char>(Peek()) < 0x80) {
        ++pos_;
        continue;
      }
      char32_t cp;
      const std::size_t len = DecodeUtf8(text_, pos_, &cp);
      if (len == 0) return Fail("valid UTF-8");
      pos_ += len;
    }
    return true;
  }

  bool ParseStatement(Quad* quad) {
    // subject
    if (!AtEnd() && Peek() == '<') {
      if (!ParseIri(&quad->subject)) return false;
    } else if (!AtEnd() && Peek() == '_') {
      if (!ParseBlankNode(&quad->subject)) return false;
    } else {
      return Fail("a subject (an IRI '<...>' or a blank node '_:...')");
    }
    SkipSpaces();
    // predicate
    if (AtEnd() || Peek() != '<') return Fail("a predicate IRI '<...>'");
    if (!ParseIri(&quad->predicate)) return false;
    SkipSpaces();
    // object
    if (AtEnd()) {
      return Fail("an object (an IRI, a blank node or a literal)");
    } else if (Peek() == '<') {
      if (!ParseIri(&quad->object)) return false;
    } else if (Peek() == '_') {
      if (!ParseBlankNode(&quad->object)) return false;
    } else if (Peek() == '"') {
      if (!ParseLiteral(&quad->object)) return false;
    } else {
      return Fail("an object (an IRI, a blank node or a literal)");
    }
    SkipSpaces();
    // optional graph label
    if (!AtEnd() && Peek() == '<') {
      if (!ParseIri(&quad->graph)) return false;
      SkipSpaces();
    } else if (!AtEnd() && Peek() == '_') {
      if (!ParseBlankNode(&quad->graph)) return false;
      SkipSpaces();
    }
    if (AtEnd() || Peek() != '.') {
      return Fail(
          "'.' to end the statement (or a graph label '<...>' / '_:...')");
    }
    ++pos_;
    return true;
  }

  // Decodes the hex digits of \uXXXX or \UXXXXXXXX at pos_ (just after 'u' or
  // 'U') and appends the character.
  bool ParseUchar(int digits, std::string* out) {
    char32_t c = 0;
    for (int k = 0; k < digits; ++k) {
      const int v = AtEnd() ? -1 : HexValue(Peek());
      if (v < 0) {
        return Fail(digits == 4 ? "4 hex digits after \\u"
                                : "8 hex digits after \\U");
      }
      c = (c << 4) | static_cast<char32_t>(v);
      ++pos_;
    }
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
      pos_ -= static_cast<std::size_t>(digits) + 2;
      return Fail(
          "a \\u or \\U escape of a Unicode scalar value (not a surrogate, at "
          "most U+10FFFF)");
    }
    AppendUtf8(c, out);
    return true;
  }

  // Copies one (validated) non-ASCII UTF-8 character at pos_.
  bool CopyUtf8(std::string* out) {
    char32_t cp;
    const std::size_t len = DecodeUtf8(text_, pos_, &cp);
    if (len == 0) return Fail("valid UTF-8");
    out->append(text_.data() + pos_, len);
    pos_ += len;
    return true;
  }

  // IRIREF ::= '<' ([^#x00-#x20<>"{}|^`\] | UCHAR)* '>', absolute.
  bool ParseIri(Term* term) {
    const std::size_t start = pos_;
    ++pos_;  // '<'
    std::string iri;
    while (true) {
      if (AtEnd()) return Fail("'>' to end the IRI");
      const char c = Peek();
      const auto u = static_cast<unsigned char>(c);
      if (c == '>') {
        ++pos_;
        break;
      }
      if (c == '\\') {
        ++pos_;
        if (!AtEnd() && Peek() == 'u') {
          ++pos_;
          if (!ParseUchar(4, &iri)) return false;
        } else if (!AtEnd() && Peek() == 'U') {
          ++pos_;
          if (!ParseUchar(8, &iri)) return false;
        } else {
          --pos_;
          return Fail("\\u or \\U (the only escapes allowed in an IRI)");
        }
        continue;
      }
      if (u <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' ||
          c == '|' || c == '^' || c == '`') {
        return Fail("'>' or a character allowed in an IRI");
      }
      if (u >= 0x80) {
        if (!CopyUtf8(&iri)) return false;
        continue;
      }
      const std::size_t run = pos_;
      while (!AtEnd() && IsPlainIriByte(static_cast<unsigned char>(Peek())))
        ++pos_;
      iri.append(text_.substr(run, pos_ - run));
    }
    // N-Quads IRIs are absolute: scheme ":" ...
    std::size_t k = 0;
    if (!iri.empty() && IsAlpha(iri[0])) {
      k = 1;
      while (k < iri.size() &&
             (IsAlpha(iri[k]) || IsDigit(iri[k]) || iri[k] == '+' ||
              iri[k] == '-' || iri[k] == '.')) {
        ++k;
      }
    }
    if (k == 0 || k >= iri.size() || iri[k] != ':') {
      pos_ = start;
      return Fail(
          "an absolute IRI (with a scheme such as \"https:\"); relative IRIs "
          "are "
          "not allowed in N-Quads");
    }
    *term = Term::Iri(std::move(iri));
    return true;
  }

  // BLANK_NODE_LABEL ::= '_:' (PN_CHARS_U | [0-9]) ((PN_CHARS | '.')*
  // PN_CHARS)?
  bool ParseBlankNode(Term* term) {
    ++pos_;  // '_'
    if (AtEnd() || Peek() != ':')
      return Fail("':' after '_' in a blank node label");
    ++pos_;
    const std::size_t label_start = pos_;
    char32_t cp = 0;
    std::size_t len = AtEnd() ? 0 : DecodeUtf8(text_, pos_, &cp);
    if (len == 0 || !(IsPnCharsU(cp) || (cp >= '0' && cp <= '9'))) {
      return Fail("a blank node label (a letter, digit or '_' after \"_:\")");
    }
    pos_ += len;
    std::size_t label_end = pos_;  // just after the last non-'.' character
    while (!AtEnd()) {
      if (Peek() == '.') {
        ++pos_;
        continue;
      }
      len = DecodeUtf8(text_, pos_, &cp);
      if (len == 0 || !IsPnChars(cp)) break;
      pos_ += len;
      label_end = pos_;
    }
    // A label cannot end in '.': trailing dots belong to the statement.
    pos_ = label_end;
    *term = Term::Blank(
        std::string(text_.substr(label_start, label_end - label_start)));
    return true;
  }

  // literal ::= STRING_LITERAL_QUOTE ('^^' IRIREF | LANGTAG)?
  bool ParseLiteral(Term* term) {
    ++pos_;  // '"'
    std::string lexical;
    while (true) {
      if (AtEnd()) return Fail("'\"' to end the literal");
      const char c = Peek();
      const auto u = static_cast<unsigned char>(c);
      if (c == '"') {
        ++pos_;
        break;
      }
      if (c == '\n' || c == '\r') {
        return Fail(
            "'\"' to end the literal before the end of the line (write \\n or "
            "\\r)");
      }
      if (c == '\\') {
        ++pos_;
        if (AtEnd()) return Fail("an escape sequence after '\\'");
        const char e = Peek();
        ++pos_;
        switch (e) {
          case 't':
            lexical.push_back('\t');
            break;
          case 'b':
            lexical.push_back('\b');
            break;
          case 'n':
            lexical.push_back('\n');
            break;
          case 'r':
            lexical.push_back('\r');
            break;
          case 'f':
            lexical.push_back('\f');
            break;
          case '"':
          case '\'':
          case '\\':
            lexical.push_back(e);
            break;
          case 'u':
            if (!ParseUchar(4, &lexical)) return false;
            break;
          case 'U':
            if (!ParseUchar(8, &lexical)) return false;
            break;
          default:
            pos_ -= 2;
            return Fail(
                "an escape sequence (\\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX "
                "or \\UXXXXXXXX)");
        }
        continue;
      }
      if (u >= 0x80) {
        if (!CopyUtf8(&lexical)) return false;
        continue;
      }
      const std::size_t run = pos_;
      while (!AtEnd() && IsPlainLiteralByte(static_cast<unsigned char>(Peek())))
        ++pos_;
      lexical.append(text_.substr(run, pos_ - run));
    }
    SkipSpaces();
    if (!AtEnd() && Peek() == '@') {
      ++pos_;
      const std::size_t start = pos_;
      // LANGTAG ::= '@' [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*
      while (!AtEnd() && IsAlpha(Peek())) ++pos_;
      if (pos_ == start) return Fail("a language tag (letters) after '@'");
      while (!AtEnd() && Peek() == '-') {
        ++pos_;
        const std::size_t sub = pos_;
        while (!AtEnd() && (IsAlpha(Peek()) || IsDigit(Peek()))) ++pos_;
        if (pos_ == sub)
          return Fail("letters or digits after '-' in the language tag");
      }
      *term = Term::LangLiteral(std::move(lexical),
                                std::string(text_.substr(start, pos_ - start)));
      return true;
    }
    if (!AtEnd() && Peek() == '^') {
      ++pos_;
      if (AtEnd() || Peek() != '^') return Fail("'^^' before the datatype IRI");
      ++pos_;
      SkipSpaces();
      if (AtEnd() || Peek() != '<')
        return Fail("a datatype IRI '<...>' after '^^'");
      const std::size_t iri_pos = pos_;
      Term datatype;
      if (!ParseIri(&datatype)) return false;
      if (datatype.value == kRdfLangString) {
        pos_ = iri_pos;
        return Fail(
            "a datatype other than rdf:langString (a language-tagged string is "
            "written \"...\"@tag)");
      }
      *term = Term::Literal(std::move(lexical), std::move(datatype.value));
      return true;
    }
    *term = Term::Literal(std::move(lexical));
    return true;
  }

  // Records "line L, column C: expected <what>, found <...>" and returns false.
  bool Fail(std::string_view expected) {
    std::size_t column = 1;
    for (std::size_t i = line_start_; i < pos_ && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    }
    std::string found;
    if (AtEnd()) {
      found = "the end of the input";
    } else {
      const char c = Peek();
      const auto u = static_cast<unsigned char>(c);
      if (c == '\n' || c == '\r') {
        found = "the end of the line";
      } else if (u < 0x20 || u == 0x7F) {
        found = "control character U+00";
        found.push_back(kUpperHex[u >> 4]);
        found.push_back(kUpperHex[u & 0xF]);
      } else if (u >= 0x80) {
        char32_t cp;
        if (DecodeUtf8(text_, pos_, &cp) == 0) {
          found = "an invalid UTF-8 byte";
        } else {
          found = "'";
          AppendUtf8(cp, &found);
          found += "'";
        }
      } else {
        found = "'";
        found.push_back(c);
        found += "'";
      }
    }
    error_ =
        Status::Error(codes::kMalformedInput,
                      "N-Quads line " + std::to_string(line_) + ", column " +
                          std::to_string(column) + ": expected " +
                          std::string(expected) + ", found " + found);
    return false;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;
  Status error_;
};

}  // namespace

Result<Dataset> ParseNQuads(std::string_view text) {
  return Parser(text).Run();
}

namespace internal {

std::size_t CanonicalTermSize(const Term& term) {
  switch (term.kind) {
    case TermKind::kIri:
      return term.value.size() + 2;
    case TermKind::kBlankNode:
      return term.value.size() + 2;
    case TermKind::kLiteral: {
      std::size_t size = EscapedSize(term.value) + 2;
      if (!term.language.empty()) {
        size += term.language.size() + 1;
      } else if (HasDatatype(term)) {
        size += term.datatype.size() + 4;
      }
      return size;
    }
    case TermKind::kDefaultGraph:
      break;
  }
  return 0;
}

char* WriteCanonicalTerm(const Term& term, char* out) {
  switch (term.kind) {
    case TermKind::kIri:
      *out++ = '<';
      out = Copy(term.value, out);
      *out++ = '>';
      break;
    case TermKind::kBlankNode:
      out = Copy("_:", out);
      out = Copy(term.value, out);
      break;
    case TermKind::kLiteral:
      *out++ = '"';
      out = WriteEscaped(term.value, out);
      *out++ = '"';
      if (!term.language.empty()) {
        *out++ = '@';
        out = Copy(term.language, out);
      } else if (HasDatatype(term)) {
        out = Copy("^^<", out);
        out = Copy(term.datatype, out);
        *out++ = '>';
      }
      break;
    case TermKind::kDefaultGraph:
      break;
  }
  return out;
}

}  // namespace internal

void AppendTerm(const Term& term, std::string* out) {
  const std::size_t at = out->size();
  out->resize(at + internal::CanonicalTermSize(term));
  internal::WriteCanonicalTerm(term, out->data() + at);
}

void AppendQuad(const Quad& quad, std::string* out) {
  AppendTerm(quad.subject, out);
  out->push_back(' ');
  AppendTerm(quad.predicate, out);
  out->push_back(' ');
  AppendTerm(quad.object, out);
  if (!quad.graph.is_default_graph()) {
    out->push_back(' ');
    AppendTerm(quad.graph, out);
  }
  out->append(" .\n", 3);
}

std::string SerializeQuad(const Quad& quad) {
  std::string out;
  AppendQuad(quad, &out);
  return out;
}

std::string SerializeNQuads(const Dataset& dataset) {
  std::string out;
  for (const Quad& quad : dataset) AppendQuad(quad, &out);
  return out;
}

}  // namespace anycred::rdf
