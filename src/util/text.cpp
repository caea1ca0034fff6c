#include "util/text.hpp"

#include <algorithm>
#include <fmt/core.h>

namespace util {

bool is_ascii_space(char c) noexcept
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view text) noexcept
{
  while (!text.empty() && is_ascii_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_ascii_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

namespace {
char ascii_lower(char c) noexcept
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
} // namespace

bool iequals(std::string_view a, std::string_view b) noexcept
{
  return a.size() == b.size()
         && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
              return ascii_lower(x) == ascii_lower(y);
            });
}

bool istarts_with(std::string_view text, std::string_view prefix) noexcept
{
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

int hex_digit_value(char c) noexcept
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

std::string describe_byte(char c)
{
  switch (c) {
  case '\n': return "'\\n'";
  case '\r': return "'\\r'";
  case '\t': return "'\\t'";
  case '\'': return "'\\''";
  default: break;
  }
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte >= 0x7f) {
    return fmt::format("'\\x{:02x}'", byte);
  }
  return fmt::format("'{}'", c);
}

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), or 0 if there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept
{
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
    high = lead == 0xED ? 0x9F : 0xBF; // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) {
    return 0;
  }
  for (std::size_t k = i + 2; k < i + length; ++k) {
    if (byte(k) < 0x80 || byte(k) > 0xBF) {
      return 0;
    }
  }
  return length;
}

namespace {

enum class Quotes { escaped, kept };

// Appends text with control bytes and bytes that are not UTF-8 written as \xNN.
void append_escaped(std::string& out, std::string_view text, Quotes quotes)
{
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (quotes == Quotes::escaped && (c == '"' || c == '\\')) {
      out += '\\';
      out += c;
      ++i;
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += c;
      ++i;
    } else if (const std::size_t length = byte >= 0x80 ? utf8_sequence_length(text, i) : 0;
               length > 0 && !(byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0)) {
      // (U+0080..U+009F, the C1 controls, are escaped below: a terminal obeys them.)
      out.append(text.substr(i, length)); // UTF-8 text: the terminal shows it as such
      i += length;
    } else {
      out += fmt::format("\\x{:02x}", byte);
      ++i;
    }
  }
}

} // namespace

std::string printable(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text, Quotes::kept);
  return out;
}

long first_control_character(std::string_view text) noexcept
{
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7f) {
      return byte;
    }
    if (byte == 0xC2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next < 0xA0) {
        return next; // U+0080..U+009F, written C2 80..C2 9F
      }
    }
  }
  return -1;
}

std::string_view base64_alphabet_of(std::string_view text) noexcept
{
  constexpr std::size_t k_min_length = 16;
  std::size_t padding = 0;
  while (padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  const std::string_view body = text.substr(0, text.size() - padding);
  if (body.size() < k_min_length || padding > 2 || (padding > 0 && text.size() % 4 != 0) || body.size() % 4 == 1) {
    return {};
  }
  bool upper = false;
  bool lower = false;
  bool digit = false;
  bool url = false;     // - or _
  bool classic = false; // + or /
  for (const char c : body) {
    const bool is_upper = c >= 'A' && c <= 'Z';
    const bool is_lower = c >= 'a' && c <= 'z';
    const bool is_digit = c >= '0' && c <= '9';
    const bool is_url = c == '-' || c == '_';
    const bool is_classic = c == '+' || c == '/';
    if (!(is_upper || is_lower || is_digit || is_url || is_classic)) {
      return {};
    }
    upper = upper || is_upper;
    lower = lower || is_lower;
    digit = digit || is_digit;
    url = url || is_url;
    classic = classic || is_classic;
  }
  if (!(upper && lower && digit) || (url && (classic || padding > 0))) {
    return {};
  }
  return classic || padding > 0 ? "base64" : "base64url";
}

std::string quote(std::string_view value, std::size_t max_bytes)
{
  std::size_t shown = std::min(value.size(), max_bytes);
  // Back off to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
  while (shown < value.size() && shown > 0 && (static_cast<unsigned char>(value[shown]) & 0xC0) == 0x80) {
    --shown;
  }
  std::string out = "\"";
  append_escaped(out, value.substr(0, shown), Quotes::escaped);
  out += '"';
  if (shown < value.size()) {
    out += fmt::format("... ({} bytes)", value.size());
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b)
{
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates)
{
  // A typo changes at most a third of a word (and at least one letter may always be wrong).
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

} // namespace util
