#include "cli/render.hpp"

#include "jwt/claims.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/core.h>

namespace cli {

namespace {
bool g_quiet = false;
} // namespace

void set_quiet(bool quiet)
{
  g_quiet = quiet;
}

void print_line(std::string_view text)
{
  // Write errors are not thrown here: main checks standard output once, at the end.
  if (!g_quiet) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  }
}

namespace {

// One line on standard error; a closed or full stderr must not change the outcome.
void print_message(std::string_view prefix, std::string_view message)
{
  const std::string line = fmt::format("jwtool: {}{}\n", prefix, util::printable(message));
  std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace

void print_json(const jwt::Json& value)
{
  print_line(jwt::write_json_pretty(value));
}

void print_warning(std::string_view message)
{
  if (g_quiet) {
    return;
  }
  print_message("warning: ", message);
}

void report_error(const jwt::Error& error, bool json)
{
  if (g_quiet) {
    return;
  }
  // A message may quote bytes of a hostile token: it leaves as one line of text, the same on
  // standard error and in the JSON object.
  const std::string message = util::printable(error.message);
  if (json) {
    jwt::Json object = jwt::Json::object();
    object["error"] = jwt::to_string(error.kind);
    object["message"] = message;
    if (!error.claim.empty()) {
      object["claim"] = error.claim;
    }
    print_json(object);
  }
  std::fflush(stdout);
  print_message("", error.message);
}

jwt::Status print_claim_value(const jwt::Json& claims, const std::string& name)
{
  const auto value = claims.find(name);
  if (value == claims.end()) {
    return jwt::make_error(jwt::ErrorKind::missing_claim, fmt::format("the token has no \"{}\" claim", name), name);
  }
  if (value->is_string()) {
    print_line(value->get_ref<const std::string&>());
  } else {
    print_line(value->dump(-1, ' ', false, jwt::Json::error_handler_t::replace));
  }
  return jwt::Ok{};
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
  out.pop_back(); // print_line ends the last line
  // For a person at a terminal: a hostile claim must not reach it as control sequences.
  std::string safe;
  for (std::size_t start = 0; start <= out.size();) {
    const std::size_t end = std::min(out.find('\n', start), out.size());
    safe += util::printable(std::string_view(out).substr(start, end - start));
    safe += end < out.size() ? "\n" : "";
    start = end + 1;
  }
  print_line(safe);
}

} // namespace cli
