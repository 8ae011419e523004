#include "core/util/uuid.h"

#include <sodium.h>

#include <chrono>
#include <cstdint>

namespace anycred {

namespace {
std::string Format(const std::uint8_t (&b)[16]) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "urn:uuid:";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0xf]);
  }
  return out;
}
}  // namespace

std::string NewUrnUuid() {
  std::uint8_t b[16];
  randombytes_buf(b, sizeof b);
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 9562 variant
  return Format(b);
}

std::string NewTimeOrderedUrnUuidAt(std::uint64_t unix_ms) {
  std::uint8_t b[16];
  randombytes_buf(b, sizeof b);
  for (int i = 0; i < 6; ++i)  // unix_ts_ms, big-endian
    b[i] = static_cast<std::uint8_t>(unix_ms >> (8 * (5 - i)));
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x70);  // version 7
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 9562 variant
  return Format(b);
}

std::string NewTimeOrderedUrnUuid() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return NewTimeOrderedUrnUuidAt(static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now).count()));
}

}  // namespace anycred
