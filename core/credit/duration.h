// ISO 8601 durations as credit policies use them for recency windows
// ("earned within P5Y", "P18M", "P90D", "P1Y6M"). Only calendar parts
// (years, months, weeks, days) are accepted: a recency window measured in
// hours would be a policy mistake, and refusing it says so.
//
// Subtracting a duration from a time is calendar arithmetic in UTC: 2026-03-31
// minus P1M is 2026-02-28 (the day is clamped to the month's length).
//
// Thread safety: pure functions.
#ifndef ANYCRED_CORE_CREDIT_DURATION_H_
#define ANYCRED_CORE_CREDIT_DURATION_H_

#include <string>
#include <string_view>

#include "core/util/datetime.h"
#include "core/util/status.h"

namespace anycred::credit {

struct Duration {
  int years = 0;
  int months = 0;
  int days = 0;      // weeks are stored as 7 days
  std::string text;  // as written, for reports
};

// "P5Y", "P1Y6M", "P2W", "P90D". INVALID_POLICY with the problem otherwise.
Result<Duration> ParseDuration(std::string_view text);

// t - d, in the UTC calendar.
Timestamp Subtract(Timestamp t, const Duration& d);

}  // namespace anycred::credit

#endif  // ANYCRED_CORE_CREDIT_DURATION_H_
