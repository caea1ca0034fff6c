#include "jwt/time.hpp"

#include "util/text.hpp"

#include <cmath>
#include <cstdint>
#include <fmt/core.h>
#include <optional>

namespace jwt {

namespace {

constexpr std::int64_t k_seconds_per_day = 86'400;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm): no libc,
// no time zone, no 2038 limit.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept
{
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

CivilDate civil_from_days(std::int64_t z) noexcept
{
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

bool is_leap_year(std::int64_t y) noexcept
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(std::int64_t y, unsigned m) noexcept
{
  constexpr unsigned k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : k_days[m - 1];
}

bool is_digit(char c) noexcept
{
  return c >= '0' && c <= '9';
}

// Reads exactly `count` digits at `pos`, advancing it.
std::optional<unsigned> read_digits(std::string_view text, std::size_t& pos, std::size_t count)
{
  if (pos + count > text.size()) {
    return std::nullopt;
  }
  unsigned value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (!is_digit(c)) {
      return std::nullopt;
    }
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  pos += count;
  return value;
}

// Reads an optional ".digits" at `pos`, advancing it: 0 when there is none, nullopt for a '.'
// with no digit after it.
std::optional<double> read_fraction(std::string_view text, std::size_t& pos)
{
  if (pos >= text.size() || text[pos] != '.') {
    return 0.0;
  }
  ++pos;
  const std::size_t start = pos;
  double fraction = 0;
  double scale = 0.1;
  while (pos < text.size() && is_digit(text[pos])) {
    fraction += (text[pos] - '0') * scale;
    scale /= 10;
    ++pos;
  }
  if (pos == start) {
    return std::nullopt;
  }
  return fraction;
}

bool expect_char(std::string_view text, std::size_t& pos, std::string_view allowed)
{
  if (pos < text.size() && allowed.find(text[pos]) != std::string_view::npos) {
    ++pos;
    return true;
  }
  return false;
}

Error bad_time(std::string_view text, std::string_view why)
{
  return make_error(ErrorKind::invalid_argument,
                    fmt::format("invalid time {}: {} (give Unix seconds, RFC 3339 such as "
                                "2024-05-01T12:00:00Z, or an offset such as +8d or -1h)",
                                util::quote(text),
                                why));
}

// For an instant outside [k_earliest_time, k_latest_time].
Error out_of_range(std::string_view text)
{
  return make_error(ErrorKind::invalid_argument,
                    fmt::format("invalid time {}: out of range (Unix seconds from {:.0f} to {:.0f}, "
                                "that is up to {})",
                                util::quote(text),
                                k_earliest_time,
                                k_latest_time,
                                format_rfc3339(NumericDate{k_latest_time})));
}

std::optional<NumericDate> parse_rfc3339(std::string_view text)
{
  std::size_t pos = 0;
  const auto year = read_digits(text, pos, 4);
  if (!year || !expect_char(text, pos, "-")) {
    return std::nullopt;
  }
  const auto month = read_digits(text, pos, 2);
  if (!month || !expect_char(text, pos, "-")) {
    return std::nullopt;
  }
  const auto day = read_digits(text, pos, 2);
  if (!day || !expect_char(text, pos, "Tt ")) {
    return std::nullopt;
  }
  const auto hour = read_digits(text, pos, 2);
  if (!hour || !expect_char(text, pos, ":")) {
    return std::nullopt;
  }
  const auto minute = read_digits(text, pos, 2);
  if (!minute || !expect_char(text, pos, ":")) {
    return std::nullopt;
  }
  const auto second = read_digits(text, pos, 2);
  if (!second) {
    return std::nullopt;
  }
  const auto fraction = read_fraction(text, pos);
  if (!fraction) {
    return std::nullopt;
  }
  std::int64_t offset_seconds = 0;
  if (expect_char(text, pos, "Zz")) {
    offset_seconds = 0;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    const auto offset_hour = read_digits(text, pos, 2);
    if (!offset_hour || !expect_char(text, pos, ":")) {
      return std::nullopt;
    }
    const auto offset_minute = read_digits(text, pos, 2);
    if (!offset_minute || *offset_hour > 23 || *offset_minute > 59) {
      return std::nullopt;
    }
    offset_seconds = sign * static_cast<std::int64_t>(*offset_hour * 3600 + *offset_minute * 60);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  // Second 60 is a leap second; NumericDate ignores leap seconds, so it reads as :59 + 1.
  if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month) || *hour > 23
      || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  const std::int64_t days = days_from_civil(*year, *month, *day);
  const std::int64_t whole = days * k_seconds_per_day + std::int64_t{*hour} * 3600
                             + std::int64_t{*minute} * 60 + *second - offset_seconds;
  return NumericDate{static_cast<double>(whole) + *fraction};
}

} // namespace

Result<std::chrono::seconds> parse_duration(std::string_view text)
{
  const auto bad = [&](std::string_view why) {
    return make_error(ErrorKind::invalid_argument,
                      fmt::format("invalid duration {}: {} (examples: 45s, 15m, 1h30m, 7d)",
                                  util::quote(text),
                                  why));
  };
  if (text.empty()) {
    return bad("it is empty");
  }
  constexpr std::string_view k_units = "dhms";
  constexpr std::int64_t k_unit_seconds[] = {k_seconds_per_day, 3600, 60, 1};
  std::int64_t total = 0;
  std::size_t next_unit = 0; // units must come in the order of k_units, each once
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    std::int64_t number = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      if (pos - start >= 12) {
        return bad("the number is too large");
      }
      number = number * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == start) {
      return bad(fmt::format("expected a number at {}", util::describe_byte(text[pos])));
    }
    if (pos == text.size()) {
      if (start == 0) {
        total = number; // a bare number is seconds
        break;
      }
      return bad("the last number has no unit");
    }
    const auto unit = k_units.find(text[pos]);
    if (unit == std::string_view::npos) {
      return bad(fmt::format("unknown unit {} (use d, h, m or s)", util::describe_byte(text[pos])));
    }
    if (unit < next_unit) {
      return bad("units must be given largest first, each once");
    }
    next_unit = unit + 1;
    total += number * k_unit_seconds[unit];
    if (total > k_max_duration.count()) {
      return bad("it is too long");
    }
    ++pos;
  }
  if (total > k_max_duration.count()) {
    return bad("it is too long");
  }
  return std::chrono::seconds(total);
}

namespace {

Result<NumericDate> parse_unix_seconds(std::string_view text)
{
  std::size_t pos = 0;
  double seconds = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    seconds = seconds * 10 + (text[pos] - '0');
    if (seconds > k_latest_time) {
      return out_of_range(text);
    }
    ++pos;
  }
  if (pos == 0) {
    return bad_time(text, "not a number of seconds");
  }
  const auto fraction = read_fraction(text, pos);
  if (!fraction) {
    return bad_time(text, "no digits after the decimal point");
  }
  seconds += *fraction;
  if (pos != text.size()) {
    return bad_time(text, fmt::format("unexpected {}", util::describe_byte(text[pos])));
  }
  return NumericDate{seconds};
}

Result<NumericDate> parse_any_time(std::string_view text, NumericDate real_now)
{
  if (text.empty()) {
    return bad_time(text, "it is empty");
  }
  if (text.front() == '+' || text.front() == '-') {
    auto offset = parse_duration(text.substr(1));
    if (!offset) {
      return bad_time(text, "the offset is not a duration");
    }
    const auto delta = static_cast<double>(offset->count());
    return NumericDate{text.front() == '+' ? real_now.seconds + delta : real_now.seconds - delta};
  }
  if (text.size() > 4 && text[4] == '-') {
    if (auto instant = parse_rfc3339(text)) {
      return *instant;
    }
    return bad_time(text, "not a valid RFC 3339 date-time");
  }
  return parse_unix_seconds(text);
}

} // namespace

Result<NumericDate> parse_time(std::string_view text, NumericDate real_now)
{
  auto instant = parse_any_time(text, real_now);
  // Negated, so that a NaN clock is refused too.
  if (instant && !(instant->seconds >= k_earliest_time && instant->seconds <= k_latest_time)) {
    return out_of_range(text);
  }
  return instant;
}

std::string format_rfc3339(NumericDate t)
{
  // Years 0000-9999 only, the range RFC 3339 can write.
  constexpr double k_min = -62'167'219'200.0;  // 0000-01-01T00:00:00Z
  constexpr double k_max = 253'402'300'800.0;  // 10000-01-01T00:00:00Z
  // Round to milliseconds first, so 0.9996 s shows as second 1, not second 0 plus ".1000";
  // the range is checked after rounding, since 9999-12-31T23:59:59.9999 rounds into year 10000.
  const double rounded = std::isfinite(t.seconds) ? std::round(t.seconds * 1000) / 1000 : t.seconds;
  if (!std::isfinite(rounded) || rounded < k_min || rounded >= k_max) {
    return fmt::format("{} (Unix seconds)", t.seconds);
  }
  const auto total_millis = static_cast<std::int64_t>(std::llround(t.seconds * 1000));
  std::int64_t whole = total_millis / 1000;
  std::int64_t millis = total_millis % 1000;
  if (millis < 0) {
    millis += 1000;
    --whole;
  }
  std::int64_t days = whole / k_seconds_per_day;
  std::int64_t rest = whole % k_seconds_per_day;
  if (rest < 0) {
    rest += k_seconds_per_day;
    --days;
  }
  const CivilDate date = civil_from_days(days);
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                                date.year,
                                date.month,
                                date.day,
                                rest / 3600,
                                rest / 60 % 60,
                                rest % 60);
  if (millis > 0) {
    std::string fraction = fmt::format("{:03}", millis);
    while (fraction.back() == '0') {
      fraction.pop_back();
    }
    out += "." + fraction;
  }
  return out + "Z";
}

std::string format_duration(double seconds)
{
  double s = std::fabs(seconds);
  if (!std::isfinite(s)) {
    return "forever";
  }
  if (s < 1) {
    return s == 0 ? "0s" : "<1s";
  }
  struct Unit {
    const char* suffix;
    double seconds;
  };
  constexpr Unit k_units[] = {{"y", 365.0 * 86400}, {"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}};
  // The largest unit and, when it is small enough to matter, the next one: "2h30m", "7d".
  for (std::size_t i = 0; i < std::size(k_units); ++i) {
    if (s >= k_units[i].seconds) {
      const double major = std::floor(s / k_units[i].seconds);
      std::string out = fmt::format("{}{}", major, k_units[i].suffix);
      if (major < 10 && i + 1 < std::size(k_units) && k_units[i].suffix[0] != 'y') {
        const double minor = std::floor((s - major * k_units[i].seconds) / k_units[i + 1].seconds);
        if (minor > 0) {
          out += fmt::format("{}{}", minor, k_units[i + 1].suffix);
        }
      }
      return out;
    }
  }
  return "0s";
}

} // namespace jwt
