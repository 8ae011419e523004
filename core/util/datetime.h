// XML Schema dateTime / dateTimeStamp values as VC 2.0 uses them
// (validFrom, validUntil, created, expires, issuanceDate).
//
//   dateTimeStamp: 2024-05-01T12:00:00Z, 2024-05-01T12:00:00.123+02:00
//   dateTime:      the same, the offset optional (then read as UTC)
//
// Parsing follows the XSD 1.1 lexical rules quoted in VCDM 2.0 §5.8: four
// or more year digits, month 01-12, a day that exists in that month,
// 24:00:00 allowed, offsets up to ±14:00. The lexical form is never
// rewritten: callers keep the original string for signing.
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_UTIL_DATETIME_H_
#define ANYCRED_CORE_UTIL_DATETIME_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/status.h"

namespace anycred {

// A point in time: seconds since 1970-01-01T00:00:00Z plus nanoseconds.
struct Timestamp {
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;
  friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

// `require_offset` = dateTimeStamp (VC 2.0); false = dateTime (offset
// optional, UTC assumed).
Result<Timestamp> ParseDateTime(std::string_view text, bool require_offset);
// "YYYY-MM-DDThh:mm:ssZ" (whole seconds, UTC), the form we emit.
std::string FormatDateTime(Timestamp t);
Timestamp Now();

// The proleptic Gregorian calendar in UTC, for date arithmetic:
// days since 1970-01-01 of a date and back (H. Hinnant's algorithms).
std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day);
void CivilFromDays(std::int64_t days, std::int64_t* year, unsigned* month,
                   unsigned* day);
bool IsLeapYear(std::int64_t year);
unsigned DaysInMonth(std::int64_t year, unsigned month);  // month 1-12

}  // namespace anycred

#endif  // ANYCRED_CORE_UTIL_DATETIME_H_
