#include "cli/render.hpp"

#include "cli/grants.hpp"

#include "jwt/claims.hpp"
#include "util/io.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/core.h>
#include <unistd.h>

namespace cli {

namespace {
// Whether --quiet is in force: one switch, set by run() through set_quiet, read by every printer.
bool g_quiet = false; // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)
} // namespace

void set_quiet(bool quiet)
{
  g_quiet = quiet;
}

void print_line(std::string_view text)
{
  // Write errors are not thrown here: main checks standard output once, at the end.
  if (!g_quiet) {
    static_cast<void>(std::fwrite(text.data(), 1, text.size(), stdout));
    static_cast<void>(std::fputc('\n', stdout));
  }
}

namespace {

// One line on standard error; a closed or full stderr must not change the outcome.
void print_message(std::string_view prefix, std::string_view message)
{
  const std::string line = fmt::format("jwtool: {}{}\n", prefix, util::printable(message));
  static_cast<void>(std::fwrite(line.data(), 1, line.size(), stderr));
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

void print_note(std::string_view message)
{
  if (!g_quiet) {
    print_message("note: ", message);
  }
}

void print_status(std::string_view message)
{
  if (!g_quiet) {
    print_message("", message);
  }
}

void print_token_response(std::string_view access_token, std::optional<std::string_view> refresh_token,
                          std::chrono::seconds expires_in)
{
  TokenResponse response{std::string(access_token), std::nullopt, expires_in};
  if (refresh_token) {
    response.refresh_token = std::string(*refresh_token);
  }
  print_json(token_response_json(response));
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
  static_cast<void>(std::fflush(stdout));
  print_message("", error.message);
}

jwt::Status print_claim_value(const jwt::Json& claims, const std::string& name, bool raw)
{
  const auto value = claims.find(name);
  if (value == claims.end()) {
    return jwt::make_error(jwt::ErrorKind::missing_claim, fmt::format("the token has no \"{}\" claim", name), name);
  }
  // "admin\u0000evil" would reach a script as "adminevil" through $(...): refused unless asked for.
  if (const long control = value->is_string() ? util::first_control_character(value->get_ref<const std::string&>()) : -1;
      control >= 0 && !raw) {
    return jwt::make_error(jwt::ErrorKind::invalid_claim,
                           fmt::format("claim {} holds a control character (U+{:04X}): add --raw to print it as it is",
                                       util::quote(name),
                                       control),
                           name);
  }
  const std::string text = value->is_string() ? value->get_ref<const std::string&>() : jwt::write_json_line(*value);
  // A person sees a claim's control characters (a title or clear-screen sequence) instead of
  // the terminal obeying them; a script (a pipe, a file) gets the exact value.
  print_line(util::is_terminal(STDOUT_FILENO) ? util::printable(text) : text);
  return jwt::Ok{};
}


} // namespace cli
