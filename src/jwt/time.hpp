#pragma once

#include "jwt/error.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace jwt {

// An instant as seconds since 1970-01-01T00:00:00Z, ignoring leap seconds: RFC 7519's
// NumericDate, which may be fractional.
struct NumericDate {
  double seconds = 0;
};

// Longest duration accepted anywhere (about 3,000 years): keeps every sum of an instant and
// a duration far from overflow.
constexpr std::chrono::seconds k_max_duration{100'000'000'000};

// "45s", "15m", "1h30m", "7d", "2d12h", or a bare number of seconds. Units d, h, m, s, each
// at most once and in that order. Errors are ErrorKind::invalid_argument.
Result<std::chrono::seconds> parse_duration(std::string_view text);

// The instants parse_time accepts: within k_max_duration of 1970-01-01T00:00:00Z, both ends
// included (the latest is 5138-11-16T09:46:40Z).
constexpr double k_latest_time = static_cast<double>(k_max_duration.count());
constexpr double k_earliest_time = -k_latest_time;

// An instant given by a person: Unix seconds ("1700000000", "1700000000.25"), RFC 3339
// ("2024-05-01T12:00:00Z", "2024-05-01T14:00:00.5+02:00"), or an offset from real_now
// ("+8d", "-1h"), in every form between k_earliest_time and k_latest_time. The caller passes
// the real clock; nothing here reads it.
Result<NumericDate> parse_time(std::string_view text, NumericDate real_now);

// RFC 3339 in UTC: "2011-03-22T18:43:00Z", with a fraction only when there is one. Instants
// beyond year 9999 or before year 0 are shown as their number of seconds.
std::string format_rfc3339(NumericDate t);

// A short rounded length for messages: "45s", "29m", "2h30m", "7d", "3y".
std::string format_duration(double seconds);

} // namespace jwt
