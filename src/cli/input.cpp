#include "cli/input.hpp"

#include "jwt/token.hpp"
#include "util/io.hpp"
#include "util/text.hpp"

#include <algorithm>
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
  auto text = read_token_text(argument);
  if (!text) {
    return text;
  }
  std::string token = clean_token_text(*text);
  if (token.empty() && token_uses_stdin(argument)) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument, "no token: standard input is empty");
  }
  return token;
}

namespace {

bool is_hex_digit(char c) noexcept
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_value(char c) noexcept
{
  return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

// Percent-decoding (RFC 3986 §2.1), or nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !is_hex_digit(text[i + 1]) || !is_hex_digit(text[i + 2])) {
      return std::nullopt;
    }
    out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
    i += 2;
  }
  return out;
}

bool strip_prefix(std::string_view& text, std::string_view prefix)
{
  if (!util::istarts_with(text, prefix)) {
    return false;
  }
  text = util::trim(text.substr(prefix.size()));
  return true;
}

bool looks_like_compact_token(std::string_view text)
{
  return std::count(text.begin(), text.end(), '.') == 2;
}

} // namespace

ExtractedToken extract_token(std::string_view pasted)
{
  ExtractedToken out;
  std::string_view text = util::trim(pasted);
  if (strip_prefix(text, "Authorization:")) {
    out.notes.emplace_back("stripped the \"Authorization:\" header name");
  }
  const bool cookie_header = strip_prefix(text, "Cookie:");
  if (cookie_header) {
    out.notes.emplace_back("stripped the \"Cookie:\" header name");
  }
  // A cookie list ("a=1; token=eyJ...; b=2"): a compact token holds no '=' or ';'.
  if (cookie_header || (text.find('=') != std::string_view::npos && text.find('.') != std::string_view::npos
                        && !util::istarts_with(text, "Bearer"))) {
    std::string_view rest = text;
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find(';'), rest.size());
      const std::string_view pair = util::trim(rest.substr(0, end));
      const std::size_t equals = pair.find('=');
      if (equals != std::string_view::npos && looks_like_compact_token(util::trim(pair.substr(equals + 1)))) {
        out.notes.push_back(fmt::format("took the token from the cookie {}", util::quote(util::trim(pair.substr(0, equals)))));
        text = util::trim(pair.substr(equals + 1));
        break;
      }
      rest = end < rest.size() ? rest.substr(end + 1) : std::string_view();
    }
  }
  if (text.size() > 7 && util::istarts_with(text, "Bearer") && util::is_ascii_space(text[6])) {
    text = util::trim(text.substr(6));
    out.notes.emplace_back("stripped the \"Bearer\" scheme");
  }
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = util::trim(text.substr(1, text.size() - 2));
    out.notes.emplace_back("stripped the double quotes around it");
  }
  out.token = std::string(text);
  if (out.token.find('%') != std::string::npos) {
    if (auto decoded = percent_decode(out.token)) {
      out.token = std::move(*decoded);
      out.notes.emplace_back("URL-decoded it");
    }
  }
  return out;
}

jwt::Result<std::string> read_token_text(const std::optional<std::string>& argument)
{
  if (!token_uses_stdin(argument)) {
    return *argument;
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
  return std::move(read.data);
}

} // namespace cli
