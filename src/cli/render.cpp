#include "cli/render.hpp"

#include "jwt/claims.hpp"
#include "util/text.hpp"

#include <fmt/core.h>

namespace cli {

void print_line(std::string_view text)
{
  fmt::print("{}\n", text);
}

void print_json(const jwt::Json& value)
{
  print_line(jwt::write_json_pretty(value));
}

void print_warning(std::string_view message)
{
  fmt::print(stderr, "jwtool: warning: {}\n", util::printable(message));
}

void report_error(const jwt::Error& error, bool json)
{
  // A message may quote bytes of a hostile token: it leaves as one line of text, the same on
  // standard error and in the JSON object.
  const std::string message = util::printable(error.message);
  std::fflush(stdout);
  fmt::print(stderr, "jwtool: {}\n", message);
  if (json) {
    jwt::Json object = jwt::Json::object();
    object["error"] = jwt::to_string(error.kind);
    object["message"] = message;
    if (!error.claim.empty()) {
      object["claim"] = error.claim;
    }
    print_json(object);
  }
}

namespace {

std::string relative_phrase(std::string_view name, double delta)
{
  const std::string length = jwt::format_duration(delta);
  const bool past = delta <= 0;
  if (name == "exp") {
    return past ? fmt::format("expired {} ago", length) : fmt::format("expires in {}", length);
  }
  if (name == "nbf") {
    return past ? fmt::format("valid since {} ago", length) : fmt::format("not valid for {} yet", length);
  }
  return past ? fmt::format("{} ago", length) : fmt::format("in {} (in the future)", length);
}

} // namespace

void print_token_view(std::string_view status, const jwt::Json& header, const jwt::Json& claims, jwt::NumericDate now)
{
  std::string out = fmt::format("{}\nHeader:\n{}\nPayload:\n{}\n",
                                status,
                                jwt::write_json_pretty(header),
                                jwt::write_json_pretty(claims));
  std::string times;
  for (const std::string_view name : {"iat", "nbf", "exp"}) {
    auto date = jwt::read_numeric_date(claims, name);
    if (!date) {
      times += fmt::format("  {}  {}\n", name, date.error().message);
    } else if (*date) {
      times += fmt::format("  {}  {}  {}  ({})\n",
                           name,
                           claims.at(std::string(name)).dump(),
                           jwt::format_rfc3339(**date),
                           relative_phrase(name, (*date)->seconds - now.seconds));
    }
  }
  if (!times.empty()) {
    out += fmt::format("Times (now {}):\n{}", jwt::format_rfc3339(now), times);
  }
  fmt::print("{}", out);
}

} // namespace cli
