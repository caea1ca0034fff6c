#include "cli/view.hpp"

#include "cli/render.hpp"
#include "jwt/algorithm.hpp"
#include "jwt/claims.hpp"
#include "util/io.hpp"
#include "util/text.hpp"

#include <cstdlib>
#include <fmt/core.h>
#include <unistd.h>

namespace cli {

namespace {

// SGR sequences; only ever added around text already made printable.
constexpr std::string_view k_reset = "\033[0m";
constexpr std::string_view k_bold_green = "\033[1;32m";
constexpr std::string_view k_bold_red = "\033[1;31m";
constexpr std::string_view k_bold_yellow = "\033[1;33m";
constexpr std::string_view k_yellow = "\033[33m";
constexpr std::string_view k_blue = "\033[34m";
constexpr std::string_view k_green = "\033[32m";
constexpr std::string_view k_cyan = "\033[36m";
constexpr std::string_view k_magenta = "\033[35m";
constexpr std::string_view k_dim = "\033[2m";

class Painter
{
public:
  explicit Painter(bool colour) : m_colour(colour)
  {
  }
  std::string operator()(std::string_view style, std::string_view text) const
  {
    return m_colour ? fmt::format("{}{}{}", style, text, k_reset) : std::string(text);
  }

private:
  bool m_colour;
};

// A scalar as JSON text, safe for a terminal (controls escaped as in every JSON output).
std::string scalar_text(const jwt::Json& value)
{
  return util::printable(jwt::write_json_line(value));
}

// After a string that holds a control character: the view shows it escaped, but a script reading
// the claim would get it raw (or, through $(...), without its NUL bytes).
std::string control_mark(const jwt::Json& value, const Painter& paint)
{
  if (!value.is_string() || util::first_control_character(value.get_ref<const std::string&>()) < 0) {
    return {};
  }
  return "  " + paint(k_yellow, "<- holds control characters");
}

// NOLINTNEXTLINE(misc-no-recursion): parse_json bounds the depth (k_max_json_depth).
void append_json(std::string& out, const jwt::Json& value, int indent, const Painter& paint)
{
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  const std::string inner(static_cast<std::size_t>(indent + 1) * 2, ' ');
  if (value.is_object() && !value.empty()) {
    out += "{\n";
    std::size_t i = 0;
    for (const auto& [name, member] : value.items()) {
      out += inner + paint(k_blue, scalar_text(jwt::Json(name))) + ": ";
      append_json(out, member, indent + 1, paint);
      out += ++i < value.size() ? "," : "";
      out += control_mark(member, paint) + "\n";
    }
    out += pad + "}";
  } else if (value.is_array() && !value.empty()) {
    out += "[\n";
    std::size_t i = 0;
    for (const auto& element : value) {
      out += inner;
      append_json(out, element, indent + 1, paint);
      out += ++i < value.size() ? "," : "";
      out += control_mark(element, paint) + "\n";
    }
    out += pad + "]";
  } else if (value.is_string()) {
    out += paint(k_green, scalar_text(value));
  } else if (value.is_number()) {
    out += paint(k_cyan, scalar_text(value));
  } else {
    out += paint(k_magenta, scalar_text(value)); // true, false, null, {}, []
  }
}

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

bool use_colour(const OutputOptions& options)
{
  if (options.colour == "always") {
    return true;
  }
  if (options.colour == "never") {
    return false;
  }
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return util::is_terminal(STDOUT_FILENO) && (no_colour == nullptr || *no_colour == '\0')
         && !(term != nullptr && std::string_view(term) == "dumb");
}

bool wants_view(const OutputOptions& options)
{
  return !options.json && !options.quiet && (util::is_terminal(STDOUT_FILENO) || options.colour == "always");
}

std::string key_summary(const jwt::Key& key)
{
  std::string summary =
    key.pkey ? key.pkey->description() : fmt::format("HMAC secret, {} bytes", key.secret.size());
  if (!key.kid.empty()) {
    summary += fmt::format(" (kid {})", util::quote(key.kid));
  } else if (key.pkey) {
    summary += fmt::format(" (RFC 7638 thumbprint {})", key.pkey->thumbprint());
  }
  return summary;
}

std::string failure_status(const jwt::Error& error, const jwt::Json* claims, jwt::NumericDate now)
{
  if (error.kind == jwt::ErrorKind::expired && claims != nullptr) {
    if (auto exp = jwt::read_numeric_date(*claims, "exp"); exp && *exp) {
      return fmt::format("EXPIRED {} ago", jwt::format_duration(now.seconds - (*exp)->seconds));
    }
  }
  if (error.kind == jwt::ErrorKind::not_yet_valid && claims != nullptr) {
    if (auto nbf = jwt::read_numeric_date(*claims, "nbf"); nbf && *nbf) {
      return fmt::format("NOT YET VALID (in {})", jwt::format_duration((*nbf)->seconds - now.seconds));
    }
  }
  std::string status(jwt::to_string(error.kind));
  for (char& c : status) {
    c = c == '_' ? ' ' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return status;
}

std::vector<std::string> token_warnings(const jwt::Json& header, const jwt::Json& claims, jwt::NumericDate now)
{
  std::vector<std::string> warnings;
  if (const auto alg = header.find("alg"); alg != header.end() && alg->is_string()
                                           && !jwt::parse_jose_algorithm(alg->get_ref<const std::string&>())) {
    warnings.push_back(fmt::format("alg {} is never accepted by jwtool verify", util::quote(alg->get_ref<const std::string&>())));
  }
  if (const auto typ = header.find("typ"); typ != header.end()) {
    constexpr std::string_view k_known[] = {"JWT", "application/jwt", "at+jwt", "application/at+jwt"};
    const bool known = typ->is_string()
                       && std::any_of(std::begin(k_known), std::end(k_known), [&](std::string_view name) {
                            return util::iequals(name, typ->get_ref<const std::string&>());
                          });
    if (!known) {
      warnings.push_back(fmt::format("unknown typ {}", util::printable(typ->dump())));
    }
  }
  if (!claims.contains("exp")) {
    warnings.emplace_back("no exp: the token never expires");
  }
  if (auto iat = jwt::read_numeric_date(claims, "iat"); iat && *iat && (*iat)->seconds > now.seconds) {
    warnings.push_back(fmt::format("iat is in the future (in {})", jwt::format_duration((*iat)->seconds - now.seconds)));
  }
  return warnings;
}

void print_view(const TokenView& view, jwt::NumericDate now, bool colour)
{
  const Painter paint(colour);
  const std::string_view status_style = view.tone == Tone::good  ? k_bold_green
                                        : view.tone == Tone::bad ? k_bold_red
                                                                 : k_bold_yellow;
  std::string out = paint(status_style, util::printable(view.status)) + "\n";
  for (const auto& warning : view.warnings) {
    out += paint(k_bold_yellow, "warning:") + " " + paint(k_yellow, util::printable(warning)) + "\n";
  }
  if (!view.key.empty()) {
    out += "Key: " + util::printable(view.key) + "\n";
  }
  if (view.header != nullptr) {
    out += "Header:\n";
    append_json(out, *view.header, 0, paint);
    out += "\n";
  }
  if (view.claims != nullptr) {
    out += "Payload:\n";
    append_json(out, *view.claims, 0, paint);
    out += "\n";
    std::string times;
    for (const std::string_view name : {"iat", "nbf", "exp"}) {
      auto date = jwt::read_numeric_date(*view.claims, name);
      if (!date) {
        times += fmt::format("  {}  {}\n", name, date.error().message);
      } else if (*date) {
        times += fmt::format("  {}  {}  {}  {}\n",
                             name,
                             scalar_text(view.claims->at(std::string(name))),
                             jwt::format_rfc3339(**date),
                             paint(k_dim, "(" + relative_phrase(name, (*date)->seconds - now.seconds) + ")"));
      }
    }
    if (!times.empty()) {
      out += fmt::format("Times (now {}):\n{}", jwt::format_rfc3339(now), times);
    }
  }
  out.pop_back(); // print_line ends the last line
  print_line(out);
}

} // namespace cli
