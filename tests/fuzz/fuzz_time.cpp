// parse_duration and parse_time, on any text with a fixed real clock: a duration is within
// [0, k_max_duration], "+D" and "-D" are now plus and minus that duration when that is in
// range, a time is within [k_earliest_time, k_latest_time], and an instant RFC 3339 can write (years 0000 to 9999) survives format_rfc3339 and back to
// within a millisecond (the precision format_rfc3339 keeps).

#include "jwt/error.hpp"
#include "jwt/time.hpp"

#include "fuzz_check.hpp"

#include <cmath>
#include <string>
#include <string_view>

namespace {

constexpr jwt::NumericDate k_real_now{1700000000.25};
// The instants format_rfc3339 writes as a date: 0000-01-01T00:00:00Z up to year 10000.
constexpr double k_first_date = -62'167'219'200.0;
constexpr double k_end_of_dates = 253'402'300'800.0;

void check_duration(std::string_view text)
{
  const auto duration = jwt::parse_duration(text);
  const auto later = jwt::parse_time("+" + std::string(text), k_real_now);
  const auto earlier = jwt::parse_time("-" + std::string(text), k_real_now);
  if (!duration.ok()) {
    FUZZ_CHECK(duration.error().kind == jwt::ErrorKind::invalid_argument);
    FUZZ_CHECK_MSG(fuzz::is_one_line(duration.error().message), duration.error().message);
    FUZZ_CHECK(!later.ok() && !earlier.ok());
    return;
  }
  FUZZ_CHECK(duration->count() >= 0 && *duration <= jwt::k_max_duration);
  const double seconds = static_cast<double>(duration->count());
  if (k_real_now.seconds + seconds <= jwt::k_latest_time) {
    FUZZ_CHECK(later.ok() && later->seconds == k_real_now.seconds + seconds);
  } else {
    FUZZ_CHECK(!later.ok() && later.error().kind == jwt::ErrorKind::invalid_argument);
  }
  if (k_real_now.seconds - seconds >= jwt::k_earliest_time) {
    FUZZ_CHECK(earlier.ok() && earlier->seconds == k_real_now.seconds - seconds);
  } else {
    FUZZ_CHECK(!earlier.ok() && earlier.error().kind == jwt::ErrorKind::invalid_argument);
  }
  FUZZ_CHECK(!jwt::format_duration(seconds).empty());
}

void check_time(std::string_view text)
{
  const auto instant = jwt::parse_time(text, k_real_now);
  if (!instant.ok()) {
    FUZZ_CHECK(instant.error().kind == jwt::ErrorKind::invalid_argument);
    FUZZ_CHECK_MSG(fuzz::is_one_line(instant.error().message), instant.error().message);
    return;
  }
  const double t = instant->seconds;
  FUZZ_CHECK(std::isfinite(t) && t >= jwt::k_earliest_time && t <= jwt::k_latest_time);
  const std::string formatted = jwt::format_rfc3339(*instant);
  if (t < k_first_date || t >= k_end_of_dates) {
    return; // written as Unix seconds, by contract
  }
  const auto again = jwt::parse_time(formatted, k_real_now);
  FUZZ_CHECK_MSG(again.ok(), "format_rfc3339 wrote " + formatted + ", which parse_time refuses: "
                               + again.error().message);
  FUZZ_CHECK_MSG(std::fabs(again->seconds - t) <= 0.001,
                 "format_rfc3339 wrote " + formatted + ", read back " + std::to_string(again->seconds));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view input = fuzz::as_text(data, size);
  check_duration(input);
  check_time(input);
  return 0;
}
