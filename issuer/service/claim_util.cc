#include "issuer/service/claim_util.h"

#include <sodium.h>

#include <chrono>
#include <span>
#include <vector>

#include "core/encoding/hex.h"
#include "core/util/datetime.h"

namespace anycred::issuer {

std::string RandomHex(std::size_t n) {
  std::vector<std::uint8_t> b(n);
  randombytes_buf(b.data(), b.size());
  return encoding::HexEncode(b);
}

std::string NewClaimIdAt(std::uint64_t unix_ms) {
  std::uint8_t b[12];
  randombytes_buf(b, sizeof b);
  for (int i = 0; i < 6; ++i)  // big-endian milliseconds
    b[i] = static_cast<std::uint8_t>(unix_ms >> (8 * (5 - i)));
  return "clm_" +
         encoding::HexEncode(std::span<const std::uint8_t>(b, sizeof b));
}

std::string NewClaimId() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return NewClaimIdAt(static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now).count()));
}

std::string Later(std::int64_t seconds) {
  Timestamp t = Now();
  t.seconds += seconds;
  return FormatDateTime(t);
}

bool Passed(const std::string& when) {
  auto t = ParseDateTime(when, true);
  return !t.ok() || *t <= Now();
}

Json StoredRequest(const Json& request, const Json& awarded) {
  Json kept = Json::object();
  for (const char* f : {"result", "evidence", "validFrom", "validUntil"}) {
    if (request.contains(f)) kept[f] = request[f];
  }
  const Json& subject = awarded.value("credentialSubject", Json::object());
  if (subject.is_object() && subject.contains("identifier"))
    kept["identifier"] = subject["identifier"];
  return kept;
}

}  // namespace anycred::issuer
