#include "jwt/time.hpp"

#include "support.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <string>

using jwt::ErrorKind;
using jwt::format_duration;
using jwt::format_rfc3339;
using jwt::NumericDate;
using jwt::parse_duration;
using jwt::parse_time;
using std::chrono::seconds;

namespace {

// An arbitrary "real now" for relative times; nothing here reads a clock.
constexpr NumericDate k_real_now{1'000'000'000};

double parsed_seconds(std::string_view text)
{
  const auto result = parse_time(text, k_real_now);
  REQUIRE_MESSAGE(result.ok(), "parse_time(\"" << std::string(text) << "\"): " << result.error().message);
  return result->seconds;
}

long long duration_seconds(std::string_view text)
{
  const auto result = parse_duration(text);
  REQUIRE_MESSAGE(result.ok(), "parse_duration(\"" << std::string(text) << "\"): " << result.error().message);
  return result->count();
}

} // namespace

TEST_CASE("parse_duration accepts units in order and bare seconds")
{
  CHECK(duration_seconds("45s") == 45);
  CHECK(duration_seconds("15m") == 900);
  CHECK(duration_seconds("1h") == 3600);
  CHECK(duration_seconds("1h30m") == 5400);
  CHECK(duration_seconds("7d") == 604800);
  CHECK(duration_seconds("2d12h") == 216000);
  CHECK(duration_seconds("1d2h3m4s") == 93784);
  CHECK(duration_seconds("1d4s") == 86404);
  CHECK(duration_seconds("90") == 90);
  CHECK(duration_seconds("5") == 5);
  CHECK(duration_seconds("0") == 0);
  CHECK(duration_seconds("0s") == 0);
  CHECK(duration_seconds("90m") == 5400);
}

TEST_CASE("parse_duration accepts up to k_max_duration")
{
  CHECK(jwt::k_max_duration == seconds(100'000'000'000));
  CHECK(duration_seconds("100000000000") == 100'000'000'000);
  CHECK(duration_seconds("1157407d") == 99'999'964'800);
  CHECK_ERROR(parse_duration("100000000001"), ErrorKind::invalid_argument, "it is too long");
  CHECK_ERROR(parse_duration("1157408d"), ErrorKind::invalid_argument, "it is too long");
  CHECK_ERROR(parse_duration("1157407d24h"), ErrorKind::invalid_argument, "it is too long");
  CHECK_ERROR(parse_duration("999999999999d"), ErrorKind::invalid_argument, "it is too long");
  CHECK_ERROR(parse_duration("1000000000000s"), ErrorKind::invalid_argument, "the number is too large");
  CHECK_ERROR(parse_duration("99999999999999999999999d"), ErrorKind::invalid_argument, "the number is too large");
}

TEST_CASE("parse_duration rejects what is not a duration")
{
  CHECK_ERROR(parse_duration(""), ErrorKind::invalid_argument, "invalid duration \"\": it is empty");
  CHECK_ERROR(parse_duration("5x"), ErrorKind::invalid_argument, "invalid duration \"5x\": unknown unit 'x'");
  CHECK_ERROR(parse_duration("5M"), ErrorKind::invalid_argument, "unknown unit 'M'");
  CHECK_ERROR(parse_duration("1m1h"), ErrorKind::invalid_argument, "units must be given largest first, each once");
  CHECK_ERROR(parse_duration("1h1h"), ErrorKind::invalid_argument, "units must be given largest first, each once");
  CHECK_ERROR(parse_duration("30s1d"), ErrorKind::invalid_argument, "units must be given largest first");
  CHECK_ERROR(parse_duration("h"), ErrorKind::invalid_argument, "expected a number at 'h'");
  CHECK_ERROR(parse_duration("1hm"), ErrorKind::invalid_argument, "expected a number at 'm'");
  CHECK_ERROR(parse_duration("1.5h"), ErrorKind::invalid_argument, "unknown unit '.'");
  CHECK_ERROR(parse_duration("-5m"), ErrorKind::invalid_argument, "expected a number at '-'");
  CHECK_ERROR(parse_duration("+5m"), ErrorKind::invalid_argument, "expected a number at '+'");
  CHECK_ERROR(parse_duration("1h30"), ErrorKind::invalid_argument, "the last number has no unit");
  CHECK_ERROR(parse_duration(" 5m"), ErrorKind::invalid_argument, "expected a number at ' '");
  CHECK_ERROR(parse_duration("5m "), ErrorKind::invalid_argument, "expected a number at ' '");
  CHECK_ERROR(parse_duration("5 m"), ErrorKind::invalid_argument, "unknown unit ' '");
}

TEST_CASE("parse_time reads Unix seconds")
{
  CHECK(parsed_seconds("1700000000") == 1700000000.0);
  CHECK(parsed_seconds("1700000000.25") == 1700000000.25);
  CHECK(parsed_seconds("0") == 0.0);
  CHECK(parsed_seconds("0.5") == 0.5);
  CHECK(parsed_seconds("99999999999") == 99999999999.0);
  CHECK(parsed_seconds("0000000000000001") == 1.0);
  CHECK_ERROR(parse_time("1234567890123", k_real_now), ErrorKind::invalid_argument, "out of range");
  CHECK_ERROR(parse_time("1700000000.", k_real_now), ErrorKind::invalid_argument, "no digits after the decimal point");
  CHECK_ERROR(parse_time("17000x", k_real_now), ErrorKind::invalid_argument, "unexpected 'x'");
  CHECK_ERROR(parse_time("abc", k_real_now), ErrorKind::invalid_argument, "not a number of seconds");
  CHECK_ERROR(parse_time("", k_real_now), ErrorKind::invalid_argument, "it is empty");
  CHECK_ERROR(parse_time(" 1700000000", k_real_now), ErrorKind::invalid_argument, "invalid time \" 1700000000\"");
}

TEST_CASE("parse_time reads RFC 3339")
{
  SUBCASE("UTC")
  {
    CHECK(parsed_seconds("2024-05-01T12:00:00Z") == 1714564800.0);
    CHECK(parsed_seconds("1970-01-01T00:00:00Z") == 0.0);
    CHECK(parsed_seconds("2011-03-22T18:43:00Z") == 1300819380.0);
    CHECK(parsed_seconds("1969-12-31T23:59:59Z") == -1.0);
    CHECK(parsed_seconds("5138-11-16T09:46:40Z") == 100000000000.0);
    CHECK(parsed_seconds("0000-01-01T00:00:00Z") == -62167219200.0);
  }
  SUBCASE("offsets")
  {
    CHECK(parsed_seconds("2024-05-01T14:00:00+02:00") == 1714564800.0);
    CHECK(parsed_seconds("2024-05-01T06:30:00-05:30") == 1714564800.0);
    CHECK(parsed_seconds("2024-05-01T12:00:00+00:00") == 1714564800.0);
    CHECK(parsed_seconds("2024-05-01T12:00:00-00:00") == 1714564800.0);
    CHECK(parsed_seconds("2024-05-02T11:59:00+23:59") == 1714564800.0);
  }
  SUBCASE("fraction")
  {
    CHECK(parsed_seconds("2024-05-01T14:00:00.5+02:00") == 1714564800.5);
    CHECK(parsed_seconds("2024-05-01T12:00:00.25Z") == 1714564800.25);
  }
  SUBCASE("lowercase t and z")
  {
    CHECK(parsed_seconds("2024-05-01t12:00:00z") == 1714564800.0);
  }
  SUBCASE("leap days")
  {
    CHECK(parsed_seconds("2024-02-29T00:00:00Z") == 1709164800.0);
    CHECK(parsed_seconds("2000-02-29T00:00:00Z") == 951782400.0);
    CHECK_ERROR(parse_time("2023-02-29T00:00:00Z", k_real_now), ErrorKind::invalid_argument,
                "invalid time \"2023-02-29T00:00:00Z\": not a valid RFC 3339 date-time");
    CHECK_ERROR(parse_time("1900-02-29T00:00:00Z", k_real_now), ErrorKind::invalid_argument,
                "not a valid RFC 3339 date-time");
  }
  SUBCASE("fields out of range")
  {
    for (const char* text : {"2024-13-01T00:00:00Z",
                             "2024-00-10T00:00:00Z",
                             "2024-01-00T00:00:00Z",
                             "2024-04-31T00:00:00Z",
                             "2024-01-01T24:00:00Z",
                             "2024-01-01T00:60:00Z",
                             "2024-01-01T00:00:61Z",
                             "2024-01-01T00:00:00+24:00",
                             "2024-01-01T00:00:00+01:60"}) {
      CAPTURE(text);
      CHECK_ERROR(parse_time(text, k_real_now), ErrorKind::invalid_argument, "not a valid RFC 3339 date-time");
    }
  }
  SUBCASE("malformed")
  {
    for (const char* text : {"2024-05-01",
                             "2024-05-01T12:00:00",
                             "2024-05-01T12:00Z",
                             "2024-05-01T12:00:00.Z",
                             "2024-5-01T12:00:00Z",
                             "2024-05-01T12:00:00+0200",
                             "2024-05-01T12:00:00Zjunk",
                             "2024-05-01X12:00:00Z"}) {
      CAPTURE(text);
      CHECK_ERROR(parse_time(text, k_real_now), ErrorKind::invalid_argument, "not a valid RFC 3339 date-time");
    }
  }
}

TEST_CASE("parse_time reads offsets from real_now")
{
  CHECK(parsed_seconds("+8d") == k_real_now.seconds + 8 * 86400);
  CHECK(parsed_seconds("-1h") == k_real_now.seconds - 3600);
  CHECK(parsed_seconds("+1h30m") == k_real_now.seconds + 5400);
  CHECK(parsed_seconds("+90") == k_real_now.seconds + 90);
  CHECK(parsed_seconds("-0s") == k_real_now.seconds);
  CHECK(parse_time("+1d", NumericDate{0.5})->seconds == 86400.5);
  CHECK_ERROR(parse_time("+", k_real_now), ErrorKind::invalid_argument, "the offset is not a duration");
  CHECK_ERROR(parse_time("+1x", k_real_now), ErrorKind::invalid_argument, "the offset is not a duration");
  CHECK_ERROR(parse_time("--1h", k_real_now), ErrorKind::invalid_argument, "the offset is not a duration");
}

TEST_CASE("parse_time accepts instants within k_max_duration of 1970, both ends included")
{
  CHECK(jwt::k_latest_time == 100'000'000'000.0);
  CHECK(jwt::k_earliest_time == -100'000'000'000.0);
  const std::string range = "out of range (Unix seconds from -100000000000 to 100000000000, that is up to "
                            "5138-11-16T09:46:40Z)";
  SUBCASE("Unix seconds")
  {
    CHECK(parsed_seconds("100000000000") == 100'000'000'000.0);
    CHECK(parsed_seconds("100000000000.0") == 100'000'000'000.0);
    CHECK_ERROR(parse_time("100000000000.001", k_real_now), ErrorKind::invalid_argument,
                "invalid time \"100000000000.001\": " + range);
    CHECK_ERROR(parse_time("100000000001", k_real_now), ErrorKind::invalid_argument, range);
    CHECK_ERROR(parse_time("999999999999", k_real_now), ErrorKind::invalid_argument, range);
    CHECK_ERROR(parse_time(std::string(400, '9'), k_real_now), ErrorKind::invalid_argument, range);
  }
  SUBCASE("RFC 3339")
  {
    CHECK(parsed_seconds("5138-11-16T09:46:40Z") == 100'000'000'000.0);
    CHECK(parsed_seconds("5138-11-16T10:46:40+01:00") == 100'000'000'000.0);
    CHECK_ERROR(parse_time("5138-11-16T09:46:40.001Z", k_real_now), ErrorKind::invalid_argument, range);
    CHECK_ERROR(parse_time("5138-11-16T09:46:41Z", k_real_now), ErrorKind::invalid_argument, range);
    CHECK_ERROR(parse_time("9999-12-31T23:59:59Z", k_real_now), ErrorKind::invalid_argument, range);
    CHECK(parsed_seconds("0000-01-01T00:00:00Z") == -62'167'219'200.0); // the earliest RFC 3339 can write
  }
  SUBCASE("offsets")
  {
    CHECK(parse_time("+100000000000", NumericDate{0})->seconds == 100'000'000'000.0);
    CHECK(parse_time("-100000000000", NumericDate{0})->seconds == -100'000'000'000.0);
    CHECK(parse_time("+99000000000", NumericDate{1'000'000'000})->seconds == 100'000'000'000.0);
    CHECK_ERROR(parse_time("+99000000001", NumericDate{1'000'000'000}), ErrorKind::invalid_argument,
                "invalid time \"+99000000001\": " + range);
    CHECK_ERROR(parse_time("+100000000000", k_real_now), ErrorKind::invalid_argument, range);
    CHECK_ERROR(parse_time("+1s", NumericDate{100'000'000'000}), ErrorKind::invalid_argument, range);
    CHECK_ERROR(parse_time("-1s", NumericDate{-100'000'000'000}), ErrorKind::invalid_argument, range);
    CHECK_ERROR(parse_time("-100000000000", NumericDate{-0.5}), ErrorKind::invalid_argument, range);
    CHECK_ERROR(parse_time("+1s", NumericDate{std::nan("")}), ErrorKind::invalid_argument, range);
  }
}

TEST_CASE("format_rfc3339 writes UTC instants")
{
  CHECK(format_rfc3339(NumericDate{0}) == "1970-01-01T00:00:00Z");
  CHECK(format_rfc3339(NumericDate{1300819380}) == "2011-03-22T18:43:00Z");
  CHECK(format_rfc3339(NumericDate{1714564800}) == "2024-05-01T12:00:00Z");
  CHECK(format_rfc3339(NumericDate{1709164800}) == "2024-02-29T00:00:00Z");
  CHECK(format_rfc3339(NumericDate{253402300799}) == "9999-12-31T23:59:59Z");
  CHECK(format_rfc3339(NumericDate{-62167219200}) == "0000-01-01T00:00:00Z");
}

TEST_CASE("format_rfc3339 writes instants before 1970")
{
  CHECK(format_rfc3339(NumericDate{-1}) == "1969-12-31T23:59:59Z");
  CHECK(format_rfc3339(NumericDate{-86400}) == "1969-12-31T00:00:00Z");
  CHECK(format_rfc3339(NumericDate{-86401}) == "1969-12-30T23:59:59Z");
  CHECK(format_rfc3339(NumericDate{-0.5}) == "1969-12-31T23:59:59.5Z");
}

TEST_CASE("format_rfc3339 rounds to milliseconds before splitting off the seconds")
{
  CHECK(format_rfc3339(NumericDate{0.9996}) == "1970-01-01T00:00:01Z");
  CHECK(format_rfc3339(NumericDate{1700000000.9999}) == "2023-11-14T22:13:21Z");
  CHECK(format_rfc3339(NumericDate{-0.0001}) == "1970-01-01T00:00:00Z");
  CHECK(format_rfc3339(NumericDate{-0.5}) == "1969-12-31T23:59:59.5Z");
  CHECK(format_rfc3339(NumericDate{59.9994}) == "1970-01-01T00:00:59.999Z");
}

TEST_CASE("format_rfc3339 checks the year range after rounding")
{
  // Found by fuzzing: this instant rounds up into year 10000, which RFC 3339 cannot write.
  CHECK(format_rfc3339(NumericDate{253402300799.9999}) == "253402300799.9999 (Unix seconds)");
  CHECK(format_rfc3339(NumericDate{253402300799.9994}) == "9999-12-31T23:59:59.999Z");
}

TEST_CASE("format_rfc3339 writes a fraction only when there is one")
{
  CHECK(format_rfc3339(NumericDate{1300819380.5}) == "2011-03-22T18:43:00.5Z");
  CHECK(format_rfc3339(NumericDate{0.25}) == "1970-01-01T00:00:00.25Z");
  CHECK(format_rfc3339(NumericDate{0.125}) == "1970-01-01T00:00:00.125Z");
  CHECK(format_rfc3339(NumericDate{1700000000.1}) == "2023-11-14T22:13:20.1Z");
  CHECK(format_rfc3339(NumericDate{1700000000.0}) == "2023-11-14T22:13:20Z");
}

TEST_CASE("format_rfc3339 writes seconds outside years 0 to 9999")
{
  CHECK(format_rfc3339(NumericDate{253402300800}) == "253402300800 (Unix seconds)");
  CHECK(format_rfc3339(NumericDate{-62167219201}) == "-62167219201 (Unix seconds)");
  CHECK(test::contains(format_rfc3339(NumericDate{std::numeric_limits<double>::infinity()}), "(Unix seconds)"));
  CHECK(test::contains(format_rfc3339(NumericDate{std::nan("")}), "(Unix seconds)"));
}

TEST_CASE("format_rfc3339 and parse_time agree")
{
  // Years 0000 (the first RFC 3339 can write) to 5138 (the last parse_time accepts).
  for (double t = -62167219200; t <= jwt::k_latest_time; t += 86400.0 * 365.2425 * 37 + 12345) {
    const double whole = std::floor(t);
    CAPTURE(whole);
    CHECK(parsed_seconds(format_rfc3339(NumericDate{whole})) == whole);
  }
}

TEST_CASE("format_duration gives a short rounded length")
{
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(0.5) == "<1s");
  CHECK(format_duration(1) == "1s");
  CHECK(format_duration(45) == "45s");
  CHECK(format_duration(59.9) == "59s");
  CHECK(format_duration(60) == "1m");
  CHECK(format_duration(90) == "1m30s");
  CHECK(format_duration(29 * 60 + 59) == "29m");
  CHECK(format_duration(3600) == "1h");
  CHECK(format_duration(9000) == "2h30m");
  CHECK(format_duration(10 * 3600 + 1800) == "10h");
  CHECK(format_duration(7 * 86400) == "7d");
  CHECK(format_duration(2 * 86400 + 12 * 3600) == "2d12h");
  CHECK(format_duration(3 * 365 * 86400) == "3y");
  CHECK(format_duration(3 * 365 * 86400 + 100 * 86400) == "3y");
  CHECK(format_duration(-90) == "1m30s");
  CHECK(format_duration(std::numeric_limits<double>::infinity()) == "forever");
}
