#include "core/util/datetime.h"

#include <chrono>
#include <cstdio>

namespace anycred {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void CivilFromDays(std::int64_t z, std::int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<std::int64_t>(yoe) + era * 400 + (*m <= 2);
}

bool IsLeapYear(std::int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned DaysInMonth(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  return kDays[m - 1] + (m == 2 && IsLeapYear(y) ? 1 : 0);
}

namespace {
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool Digits(int n, int* out) {
    int v = 0;
    for (int i = 0; i < n; ++i) {
      if (pos_ >= s_.size() || s_[pos_] < '0' || s_[pos_] > '9') return false;
      v = v * 10 + (s_[pos_++] - '0');
    }
    *out = v;
    return true;
  }
  bool Char(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool PeekDigit() const {
    return pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9';
  }
  bool Done() const { return pos_ == s_.size(); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

Status Bad(std::string_view text, const std::string& why) {
  return Status::Error(codes::kMalformedInput,
                       "\"" + std::string(text.substr(0, 64)) +
                           "\" is not a valid date-time (" + why +
                           "; expected e.g. 2024-05-01T12:00:00Z)");
}
}  // namespace

Result<Timestamp> ParseDateTime(std::string_view text, bool require_offset) {
  Cursor c(text);
  bool negative = c.Char('-');
  // Year: four or more digits, no leading zero when more than four.
  std::int64_t year = 0;
  int digits = 0;
  while (c.PeekDigit()) {
    int d;
    c.Digits(1, &d);
    year = year * 10 + d;
    if (++digits > 9) return Bad(text, "year out of range");
  }
  if (digits < 4) return Bad(text, "year must have four digits");
  if (digits > 4 && text[negative ? 1 : 0] == '0')
    return Bad(text, "year has a leading zero");
  if (negative) year = -year;
  int month, day, hour, minute, second;
  if (!c.Char('-') || !c.Digits(2, &month) || !c.Char('-') ||
      !c.Digits(2, &day)) {
    return Bad(text, "date must be YYYY-MM-DD");
  }
  if (month < 1 || month > 12) return Bad(text, "month out of range");
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  int max_day = kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
  if (day < 1 || day > max_day)
    return Bad(text, "day out of range for the month");
  if (!c.Char('T')) return Bad(text, "missing 'T' between date and time");
  if (!c.Digits(2, &hour) || !c.Char(':') || !c.Digits(2, &minute) ||
      !c.Char(':') || !c.Digits(2, &second)) {
    return Bad(text, "time must be hh:mm:ss");
  }
  std::int64_t nanos = 0;
  bool all_zero_fraction = true;
  if (c.Char('.')) {
    if (!c.PeekDigit()) return Bad(text, "empty fractional seconds");
    int scale = 100000000;
    while (c.PeekDigit()) {
      int d;
      c.Digits(1, &d);
      if (d != 0) all_zero_fraction = false;
      nanos += d * scale;
      scale /= 10;
    }
  }
  if (hour == 24) {
    if (minute != 0 || second != 0 || !all_zero_fraction)
      return Bad(text, "24:00:00 is the only time with hour 24");
  } else if (hour > 23 || minute > 59 || second > 59) {
    return Bad(text, "time out of range");
  }
  std::int64_t offset_minutes = 0;
  if (c.Char('Z')) {
  } else if (c.Peek('+') || c.Peek('-')) {
    int sign = c.Char('-') ? -1 : (c.Char('+'), 1);
    int oh, om;
    if (!c.Digits(2, &oh) || !c.Char(':') || !c.Digits(2, &om)) {
      return Bad(text, "time zone offset must be +hh:mm or -hh:mm");
    }
    if (om > 59 || oh > 14 || (oh == 14 && om != 0))
      return Bad(text, "time zone offset out of range");
    offset_minutes = sign * (oh * 60 + om);
  } else if (require_offset) {
    return Bad(text, "a time zone (Z or an offset such as +02:00) is required");
  }
  if (!c.Done()) return Bad(text, "unexpected characters at the end");
  std::int64_t secs = DaysFromCivil(year, static_cast<unsigned>(month),
                                    static_cast<unsigned>(day)) *
                          86400 +
                      hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return Timestamp{secs, static_cast<std::int32_t>(nanos)};
}

std::string FormatDateTime(Timestamp t) {
  std::int64_t days =
      t.seconds >= 0 ? t.seconds / 86400 : (t.seconds - 86399) / 86400;
  std::int64_t rem = t.seconds - days * 86400;
  std::int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  if (y < 0 || y > 9999) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(y), m, d,
                  static_cast<long long>(rem / 3600),
                  static_cast<long long>(rem / 60 % 60),
                  static_cast<long long>(rem % 60));
    return buf;
  }
  // The common case without snprintf (verification formats a date or two
  // per credential): YYYY-MM-DDThh:mm:ssZ.
  std::string out = "0000-00-00T00:00:00Z";
  auto put = [&out](std::size_t at, std::int64_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i) {
      out[at + static_cast<std::size_t>(i)] =
          static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, y, 4);
  put(5, m, 2);
  put(8, d, 2);
  put(11, rem / 3600, 2);
  put(14, rem / 60 % 60, 2);
  put(17, rem % 60, 2);
  return out;
}

Timestamp Now() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(now);
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(now - secs);
  return {secs.count(), static_cast<std::int32_t>(nanos.count())};
}

}  // namespace anycred
