#include "cli/input.hpp"

#include "jwt/token.hpp"
#include "util/io.hpp"
#include "util/text.hpp"

#include <fmt/core.h>
#include <unistd.h>

namespace cli {

namespace {

// Room for whitespace and a "Bearer " prefix around the longest token accepted.
constexpr std::size_t k_max_token_input = jwt::k_max_token_bytes + 4096;

} // namespace

bool token_uses_stdin(const std::optional<std::string>& argument)
{
  return !argument || *argument == "-";
}

std::string clean_token_text(std::string_view text)
{
  text = util::trim(text);
  constexpr std::string_view k_scheme = "Bearer";
  if (util::istarts_with(text, k_scheme) && text.size() > k_scheme.size()
      && util::is_ascii_space(text[k_scheme.size()])) {
    text = util::trim(text.substr(k_scheme.size()));
  }
  return std::string(text);
}

jwt::Result<std::string> read_token(const std::optional<std::string>& argument)
{
  if (!token_uses_stdin(argument)) {
    return clean_token_text(*argument);
  }
  if (util::is_terminal(STDIN_FILENO)) {
    if (!argument) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             "no token: give it as an argument, or pipe it on standard input");
    }
    // An explicit "-" at a terminal: the person means to paste it.
    fmt::print(stderr, "jwtool: reading the token from standard input (paste it, then press Ctrl-D)\n");
  }
  util::ReadResult read = util::read_fd(STDIN_FILENO, k_max_token_input);
  if (!read.error.empty()) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("cannot read standard input: {}", read.error));
  }
  if (read.too_large) {
    return jwt::make_error(jwt::ErrorKind::malformed,
                           fmt::format("the token on standard input is longer than the limit of {} bytes",
                                       jwt::k_max_token_bytes));
  }
  std::string token = clean_token_text(read.data);
  if (token.empty()) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument, "no token: standard input is empty");
  }
  return token;
}

} // namespace cli
