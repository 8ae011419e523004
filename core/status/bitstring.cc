#include "core/status/bitstring.h"

#include <zlib.h>

#include "core/encoding/base64.h"

namespace anycred::status {

namespace {
Status Malformed(const std::string& msg) {
  return Status::Error(kMalformedValueError, "encodedList: " + msg);
}
}  // namespace

Bitstring::Bitstring(std::size_t entries, unsigned status_size)
    : bytes_((entries * std::max(1u, status_size) + 7) / 8, 0),
      status_size_(std::max(1u, status_size)) {}

Result<Bitstring> Bitstring::Decode(std::string_view encoded_list,
                                    unsigned status_size) {
  if (status_size == 0 || status_size > 32) {
    return Status::Error(kMalformedValueError,
                         "statusSize must be between 1 and 32");
  }
  if (encoded_list.empty() || encoded_list[0] != 'u') {
    return Malformed("must be multibase base64url (start with 'u')");
  }
  auto gz = encoding::Base64UrlDecode(encoded_list.substr(1));
  if (!gz.ok()) return Malformed(gz.status().message());
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    return Malformed("cannot start GZIP decoding");
  zs.next_in = gz->data();
  zs.avail_in = static_cast<uInt>(gz->size());
  Bitstring out(0, status_size);
  std::vector<std::uint8_t>& bytes = out.bytes_;
  std::uint8_t buf[65536];
  int rc;
  do {
    zs.next_out = buf;
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return Malformed("not valid GZIP data");
    }
    bytes.insert(bytes.end(), buf, buf + (sizeof buf - zs.avail_out));
    if (bytes.size() > kMaxStatusListBytes) {
      inflateEnd(&zs);
      return Malformed("expands to more than " +
                       std::to_string(kMaxStatusListBytes >> 20) + " MiB");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return Malformed("GZIP data is truncated");
    }
  } while (rc != Z_STREAM_END);
  inflateEnd(&zs);
  if (out.entries() < kMinimumEntries) {
    return Status::Error(kStatusListLengthError,
                         "the status list has " +
                             std::to_string(out.entries()) +
                             " entries; at least " +
                             std::to_string(kMinimumEntries) + " are required");
  }
  return out;
}

std::string Bitstring::Encode() const {
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
               Z_DEFAULT_STRATEGY);
  std::vector<std::uint8_t> gz(
      deflateBound(&zs, static_cast<uLong>(bytes_.size())) + 32);
  zs.next_in = const_cast<Bytef*>(bytes_.data());
  zs.avail_in = static_cast<uInt>(bytes_.size());
  zs.next_out = gz.data();
  zs.avail_out = static_cast<uInt>(gz.size());
  deflate(&zs, Z_FINISH);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  return "u" + encoding::Base64UrlEncode(gz);
}

Result<std::uint32_t> Bitstring::Get(std::uint64_t index) const {
  std::uint64_t first = index * status_size_;
  if (index >= entries() || first + status_size_ > bytes_.size() * 8) {
    return Status::Error(
        kRangeError, "status list index " + std::to_string(index) +
                         " is beyond the list's " + std::to_string(entries()) +
                         " entries");
  }
  std::uint32_t value = 0;
  for (unsigned b = 0; b < status_size_; ++b) {
    std::uint64_t bit = first + b;
    value = (value << 1) | ((bytes_[bit / 8] >> (7 - bit % 8)) & 1u);
  }
  return value;
}

Status Bitstring::Set(std::uint64_t index, std::uint32_t value) {
  if (index >= entries()) {
    return Status::Error(
        kRangeError, "status list index " + std::to_string(index) +
                         " is beyond the list's " + std::to_string(entries()) +
                         " entries");
  }
  if (status_size_ < 32 && value >= (1u << status_size_)) {
    return Status::Error(kRangeError,
                         "status value does not fit in statusSize bits");
  }
  std::uint64_t first = index * status_size_;
  for (unsigned b = 0; b < status_size_; ++b) {
    std::uint64_t bit = first + b;
    std::uint8_t mask = static_cast<std::uint8_t>(0x80u >> (bit % 8));
    bool on = (value >> (status_size_ - 1 - b)) & 1u;
    bytes_[bit / 8] = static_cast<std::uint8_t>(on ? (bytes_[bit / 8] | mask)
                                                   : (bytes_[bit / 8] & ~mask));
  }
  return Status::Ok();
}

Result<std::uint64_t> ParseStatusListIndex(std::string_view text) {
  if (text.empty() || text.size() > 19 || (text.size() > 1 && text[0] == '0')) {
    return Status::Error(kMalformedValueError,
                         "statusListIndex must be a non-negative integer "
                         "written in base 10, as a string");
  }
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return Status::Error(kMalformedValueError,
                           "statusListIndex must be a non-negative integer "
                           "written in base 10, as a string");
    }
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

}  // namespace anycred::status
