#include "core/credit/duration.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace anycred::credit {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date, and back
// (H. Hinnant's algorithms).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void CivilFromDays(std::int64_t z, std::int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<std::int64_t>(yoe) + era * 400 + (*m <= 2);
}

unsigned DaysInMonth(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

Status Invalid(std::string_view text, const std::string& why) {
  return Status::Error("INVALID_POLICY",
                       "duration \"" + std::string(text) + "\": " + why);
}

}  // namespace

Result<Duration> ParseDuration(std::string_view text) {
  Duration d;
  d.text = std::string(text);
  if (text.size() < 3 || text[0] != 'P') {
    return Invalid(text,
                   "must be an ISO 8601 duration such as P5Y, P18M or P90D");
  }
  std::size_t i = 1;
  bool any = false;
  int last_rank = -1;
  while (i < text.size()) {
    if (text[i] == 'T') {
      return Invalid(text,
                     "hours, minutes and seconds are not allowed in a "
                     "recency window; use days (D), weeks (W), months (M) "
                     "or years (Y)");
    }
    if (text[i] < '0' || text[i] > '9') {
      return Invalid(text, "expected a whole number at position " +
                               std::to_string(i + 1));
    }
    int value = 0;
    auto [ptr, ec] =
        std::from_chars(text.data() + i, text.data() + text.size(), value);
    if (ec != std::errc() || ptr == text.data() + i) {
      return Invalid(
          text, "expected a whole number at position " + std::to_string(i + 1));
    }
    i = static_cast<std::size_t>(ptr - text.data());
    if (i == text.size()) {
      return Invalid(text, "a number must be followed by Y, M, W or D");
    }
    if (value > 1000) return Invalid(text, "the number is too large");
    int rank;
    switch (text[i]) {
      case 'Y':
        d.years = value;
        rank = 0;
        break;
      case 'M':
        d.months = value;
        rank = 1;
        break;
      case 'W':
        d.days += 7 * value;
        rank = 2;
        break;
      case 'D':
        d.days += value;
        rank = 3;
        break;
      default:
        return Invalid(text, std::string("unknown unit '") + text[i] +
                                 "' (use Y, M, W or D)");
    }
    if (rank <= last_rank)
      return Invalid(text, "units must appear once each, in the order Y M W D");
    last_rank = rank;
    any = true;
    ++i;
  }
  if (!any) return Invalid(text, "it has no amount");
  return d;
}

Timestamp Subtract(Timestamp t, const Duration& d) {
  std::int64_t days =
      t.seconds >= 0 ? t.seconds / 86400 : (t.seconds - 86399) / 86400;
  std::int64_t seconds_of_day = t.seconds - days * 86400;
  std::int64_t y;
  unsigned m, day;
  CivilFromDays(days, &y, &m, &day);
  std::int64_t month_index = y * 12 + (m - 1) - d.years * 12 - d.months;
  y = month_index >= 0 ? month_index / 12 : (month_index - 11) / 12;
  m = static_cast<unsigned>(month_index - y * 12) + 1;
  day = std::min(day, DaysInMonth(y, m));
  std::int64_t out_days = DaysFromCivil(y, m, day) - d.days;
  return Timestamp{out_days * 86400 + seconds_of_day, t.nanos};
}

}  // namespace anycred::credit
