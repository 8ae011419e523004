// Bitstring Status List v1.0 (W3C Recommendation 2025-05-15): the bit
// array behind revocation and suspension, and its `encodedList` form.
//
//   encodedList = "u" + base64url-no-pad( GZIP( bits ) )
//   bit i is in byte i / 8 under mask 0x80 >> (i % 8)  (index 0 = left-most)
//   entry i with statusSize s occupies bits [i*s, i*s + s), first bit most
//   significant.
//
// Decoding refuses input that would expand past kMaxStatusListBytes (a
// "zip bomb" from a hostile list) and lists shorter than the minimum herd
// size (131,072 entries): STATUS_LIST_LENGTH_ERROR. Reading past the end is
// RANGE_ERROR. Malformed base64url/GZIP is MALFORMED_VALUE_ERROR.
//
// Thread safety: a value type; const methods are thread-safe.
#ifndef ANYCRED_CORE_STATUS_BITSTRING_H_
#define ANYCRED_CORE_STATUS_BITSTRING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/status.h"

namespace anycred::status {

inline constexpr std::size_t kMinimumEntries = 131072;         // 16 KiB of bits
inline constexpr std::size_t kMaxStatusListBytes = 16u << 20;  // 128 Mi entries

inline constexpr const char* kStatusListLengthError =
    "STATUS_LIST_LENGTH_ERROR";
inline constexpr const char* kRangeError = "RANGE_ERROR";
inline constexpr const char* kMalformedValueError = "MALFORMED_VALUE_ERROR";

class Bitstring {
 public:
  // All zero, `entries` × `status_size` bits (rounded up to whole bytes).
  explicit Bitstring(std::size_t entries = kMinimumEntries,
                     unsigned status_size = 1);

  // Decodes an encodedList. `status_size` is the entry's statusSize.
  static Result<Bitstring> Decode(std::string_view encoded_list,
                                  unsigned status_size = 1);
  // "u" + base64url(GZIP(bits)). The bytes depend on zlib; compare decoded
  // bits, never encoded strings.
  std::string Encode() const;

  std::size_t entries() const { return bytes_.size() * 8 / status_size_; }
  unsigned status_size() const { return status_size_; }
  // The value of entry `index` (0 or 1 when statusSize is 1).
  Result<std::uint32_t> Get(std::uint64_t index) const;
  Status Set(std::uint64_t index, std::uint32_t value);
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
  unsigned status_size_;
};

// Parses a statusListIndex: a base-10 string of an integer >= 0, as the
// specification requires (MALFORMED_VALUE_ERROR otherwise).
Result<std::uint64_t> ParseStatusListIndex(std::string_view text);

}  // namespace anycred::status

#endif  // ANYCRED_CORE_STATUS_BITSTRING_H_
