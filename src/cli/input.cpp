#include "cli/input.hpp"

#include "cli/render.hpp"

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

bool is_token_character(char c) noexcept
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// A cookie value that is a compact token (three segments, the header's never empty, URL-quoted
// or not, maybe in the double quotes RFC 6265 §4.1.1 allows). "eyJ...=.eyJ...": a token with a
// padded header is not a cookie named "eyJ..." holding ".eyJ...".
bool looks_like_compact_token(std::string_view text)
{
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  return !text.empty() && text.front() != '.' && std::count(text.begin(), text.end(), '.') == 2
         && std::all_of(text.begin(), text.end(), [](char c) { return is_token_character(c) || c == '.' || c == '%'; });
}

// A cookie name (RFC 6265 §4.1.1: an RFC 2616 token): no separator, so a URL ("https://x/?t=")
// or a header line is never taken for one.
bool is_cookie_name(std::string_view name)
{
  constexpr std::string_view k_separators = "()<>@,;:\\\"/[]?={} \t";
  return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7f && k_separators.find(c) == std::string_view::npos;
  });
}

// cppcheck (run on this file alone) misses uses through std::optional.
struct CookieToken {
  // cppcheck-suppress unusedStructMember
  std::string_view name;
  // cppcheck-suppress unusedStructMember
  std::string_view value;
};

// The token among the cookies of a list ("a=1; token=eyJ...; b=2"): none when no cookie holds
// one; refused when two different tokens are there (a bare one between the cookies included).
jwt::Result<std::optional<CookieToken>> find_cookie_token(std::string_view list)
{
  std::optional<CookieToken> found;
  std::optional<std::string_view> other; // a token outside any cookie
  std::string_view rest = list;
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find(';'), rest.size());
    const std::string_view part = util::trim(rest.substr(0, end));
    rest = end < rest.size() ? rest.substr(end + 1) : std::string_view();
    const std::size_t equals = part.find('=');
    const bool pair = equals != std::string_view::npos;
    const std::string_view name = pair ? util::trim(part.substr(0, equals)) : std::string_view();
    const std::string_view value = pair ? util::trim(part.substr(equals + 1)) : part;
    if (!looks_like_compact_token(value)) {
      continue;
    }
    if (!is_cookie_name(name)) {
      other = other.value_or(value);
      continue;
    }
    if (found && found->value != value) {
      return jwt::make_error(jwt::ErrorKind::malformed,
                             fmt::format("the input holds two different tokens, in the cookies {} and {}: give only "
                                         "the one meant",
                                         util::quote(found->name), util::quote(name)));
    }
    if (!found) {
      found = CookieToken{name, value};
    }
  }
  if (found && other && *other != found->value) {
    return jwt::make_error(jwt::ErrorKind::malformed,
                           fmt::format("the input holds two different tokens, one in the cookie {} and one outside "
                                       "any cookie: give only the one meant",
                                       util::quote(found->name)));
  }
  return found;
}

} // namespace

bool is_bare_token(std::string_view text) noexcept
{
  return std::all_of(text.begin(), text.end(), [](char c) { return is_token_character(c) || c == '.'; });
}

jwt::Result<ExtractedToken> extract_token(std::string_view pasted)
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
    auto cookie = find_cookie_token(text);
    if (!cookie) {
      return std::move(cookie).error();
    }
    if (*cookie) {
      out.notes.push_back(fmt::format("took the token from the cookie {}", util::quote((*cookie)->name)));
      text = (*cookie)->value;
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

jwt::Result<std::string> read_token(const std::optional<std::string>& argument)
{
  auto text = read_token_text(argument);
  if (!text) {
    return text;
  }
  auto extracted = extract_token(*text);
  if (!extracted) {
    return std::move(extracted).error();
  }
  // An empty argument is an empty token, refused as malformed where it is judged; empty
  // standard input is no token at all.
  if (extracted->token.empty() && token_uses_stdin(argument)) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument, "no token: standard input is empty");
  }
  for (const std::string& note : extracted->notes) {
    print_note(note);
  }
  return std::move(extracted->token);
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
