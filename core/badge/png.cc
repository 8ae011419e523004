#include "core/badge/png.h"

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <optional>

namespace anycred::badge {

namespace {

constexpr char kSignature[] = "\x89PNG\r\n\x1a\n";
constexpr std::size_t kSignatureSize = 8;
constexpr std::uint32_t kMaxChunkLength = 0x7fffffffu;  // PNG 1.2 §5.3

Status Malformed(const std::string& message) {
  return Status::Error("MALFORMED_CREDENTIAL", "PNG: " + message);
}

std::uint32_t ReadU32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{u[0]} << 24) | (std::uint32_t{u[1]} << 16) |
         (std::uint32_t{u[2]} << 8) | std::uint32_t{u[3]};
}

void AppendU32(std::string* out, std::uint32_t v) {
  out->push_back(static_cast<char>((v >> 24) & 0xff));
  out->push_back(static_cast<char>((v >> 16) & 0xff));
  out->push_back(static_cast<char>((v >> 8) & 0xff));
  out->push_back(static_cast<char>(v & 0xff));
}

std::uint32_t Crc(std::string_view type_and_data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // crc32 takes a uInt length; chunks are < 2^31 bytes.
  crc = crc32(crc, reinterpret_cast<const Bytef*>(type_and_data.data()),
              static_cast<uInt>(type_and_data.size()));
  return static_cast<std::uint32_t>(crc);
}

std::string Printable(std::string_view type) {
  std::string out;
  for (char c : type) {
    out += (c >= 0x21 && c <= 0x7e) ? c : '?';
  }
  return out;
}

struct Chunk {
  std::size_t offset = 0;  // of the length field
  std::string_view type;
  std::string_view data;
  std::size_t end = 0;  // one past the CRC
};

// Walks the chunks, checking bounds and CRCs. Calls visit(chunk) for each;
// visit returns false to stop early. Errors name the offset and chunk.
template <typename Visit>
Status Walk(std::string_view png, Visit visit) {
  if (png.size() > kMaxImageBytes) {
    return Malformed("the image is larger than " +
                     std::to_string(kMaxImageBytes >> 20) + " MiB");
  }
  if (!IsPng(png)) return Malformed("byte 0: not a PNG signature");
  std::size_t pos = kSignatureSize;
  std::size_t index = 0;
  bool seen_iend = false;
  while (!seen_iend) {
    if (png.size() - pos < 12) {
      return Malformed("byte offset " + std::to_string(pos) +
                       ": the file ends inside a chunk header (truncated; "
                       "no IEND chunk)");
    }
    Chunk c;
    c.offset = pos;
    std::uint32_t length = ReadU32(png.data() + pos);
    c.type = png.substr(pos + 4, 4);
    std::string where = "byte offset " + std::to_string(pos) + ", chunk " +
                        std::to_string(index + 1) + " (" + Printable(c.type) +
                        ")";
    for (char ch : c.type) {
      bool letter = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
      if (!letter) return Malformed(where + ": invalid chunk type");
    }
    if (length > kMaxChunkLength || length > png.size() - pos - 12) {
      return Malformed(where + ": length " + std::to_string(length) +
                       " runs past the end of the file (truncated or "
                       "corrupt)");
    }
    if (index == 0 && c.type != "IHDR")
      return Malformed(where + ": the first chunk must be IHDR");
    c.data = png.substr(pos + 8, length);
    std::uint32_t stored = ReadU32(png.data() + pos + 8 + length);
    if (Crc(png.substr(pos + 4, 4 + std::size_t{length})) != stored)
      return Malformed(where + ": CRC mismatch (the file is corrupt)");
    c.end = pos + 12 + length;
    seen_iend = c.type == "IEND";
    if (!visit(c)) return Status::Ok();
    pos = c.end;
    ++index;
  }
  return Status::Ok();
}

struct ITxt {
  std::string_view keyword;
  bool compressed = false;
  std::string_view text;
};

// Splits an iTXt chunk's data; nullopt-like error when malformed.
Result<ITxt> ParseITxt(std::string_view data, const std::string& where) {
  ITxt t;
  std::size_t nul = data.find('\0');
  if (nul == std::string_view::npos || nul == 0 || nul > 79)
    return Malformed(where + ": iTXt keyword missing or too long");
  t.keyword = data.substr(0, nul);
  std::size_t p = nul + 1;
  if (data.size() - p < 2)
    return Malformed(where + ": iTXt chunk is truncated");
  unsigned char flag = static_cast<unsigned char>(data[p]);
  unsigned char method = static_cast<unsigned char>(data[p + 1]);
  if (flag > 1 || method != 0)
    return Malformed(where + ": iTXt compression flag or method is invalid");
  t.compressed = flag == 1;
  p += 2;
  for (const char* field : {"language tag", "translated keyword"}) {
    std::size_t end = data.find('\0', p);
    if (end == std::string_view::npos) {
      return Malformed(where + ": iTXt " + field +
                       " is not terminated (truncated)");
    }
    p = end + 1;
  }
  t.text = data.substr(p);
  return t;
}

Result<std::string> Inflate(std::string_view in, const std::string& where) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (inflateInit(&zs) != Z_OK) return Malformed(where + ": zlib failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > kMaxCredentialBytes) {
      inflateEnd(&zs);
      return Malformed(where + ": the compressed credential expands beyond " +
                       std::to_string(kMaxCredentialBytes >> 20) + " MiB");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      rc = Z_DATA_ERROR;  // input ended before the stream did
      break;
    }
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END)
    return Malformed(where + ": the compressed text is corrupt");
  return out;
}

std::string MakeChunk(std::string_view type, std::string_view data) {
  std::string out;
  AppendU32(&out, static_cast<std::uint32_t>(data.size()));
  std::string body(type);
  body.append(data);
  out += body;
  AppendU32(&out, Crc(body));
  return out;
}

}  // namespace

bool IsPng(std::string_view bytes) {
  return bytes.size() >= kSignatureSize &&
         std::memcmp(bytes.data(), kSignature, kSignatureSize) == 0;
}

Result<std::string> ExtractPng(std::string_view png) {
  std::optional<Result<std::string>> found;
  Status walked = Walk(png, [&](const Chunk& c) {
    if (c.type != "iTXt") return true;
    std::string where = "byte offset " + std::to_string(c.offset) + " (iTXt)";
    auto t = ParseITxt(c.data, where);
    if (!t.ok()) {
      // Another application's malformed iTXt is not ours to judge, but a
      // chunk we cannot split might be the credential: refuse.
      found = t.status();
      return false;
    }
    if (t->keyword != kPngKeyword) return true;
    if (t->compressed) {
      found = Inflate(t->text, where);
    } else if (t->text.size() > kMaxCredentialBytes) {
      found = Malformed(where + ": the credential is larger than " +
                        std::to_string(kMaxCredentialBytes >> 20) + " MiB");
    } else {
      found = std::string(t->text);
    }
    return false;
  });
  if (!walked.ok()) return walked;
  if (!found) {
    return Malformed(
        "the image carries no Open Badges credential (no iTXt chunk "
        "\"openbadgecredential\"): it is not a baked badge");
  }
  return std::move(*found);
}

Result<std::string> BakePng(std::string_view png, std::string_view credential) {
  if (credential.size() > kMaxCredentialBytes) {
    return Status::Error(codes::kInvalidArgument,
                         "the credential is larger than " +
                             std::to_string(kMaxCredentialBytes >> 20) +
                             " MiB");
  }
  std::string out(png.substr(0, kSignatureSize));
  Status walked = Walk(png, [&](const Chunk& c) {
    std::string_view raw = png.substr(c.offset, c.end - c.offset);
    if (c.type == "iTXt") {
      auto t = ParseITxt(c.data, "byte offset " + std::to_string(c.offset));
      if (t.ok() && t->keyword == kPngKeyword) return true;  // replaced
    }
    if (c.type == "IEND") {
      std::string data(kPngKeyword);
      data.push_back('\0');  // end of keyword
      data.push_back('\0');  // compression flag: uncompressed
      data.push_back('\0');  // compression method
      data.push_back('\0');  // empty language tag
      data.push_back('\0');  // empty translated keyword
      data.append(credential);
      out += MakeChunk("iTXt", data);
    }
    out.append(raw);
    return true;
  });
  if (!walked.ok()) return walked;
  return out;
}

}  // namespace anycred::badge
