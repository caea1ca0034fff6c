#include "jwt/json_reader.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fmt/core.h>
#include <limits>

namespace jwt {

namespace {

constexpr std::size_t k_no_offset = std::numeric_limits<std::size_t>::max();

// Up to this many members, a new name is compared with each earlier one; past it, the names
// are sorted once when the object closes, so a hostile object of 100,000 members costs
// n log n, not n².
constexpr std::size_t k_linear_name_check = 16;

// Integers with at most this many digits are exact in a double and cannot overflow it.
constexpr std::size_t k_exact_digits = 15;

// "unexpected 'x', expected ..."; a raw NUL (never valid JSON, inside a string or out) is named
// as such, since text tools take it for an end.
std::string unexpected(char c, std::string_view expected)
{
  if (c == '\0') {
    return "NUL byte";
  }
  return fmt::format("unexpected {}, expected {}", util::describe_byte(c), expected);
}

std::string control_in_string(char c)
{
  if (c == '\0') {
    return "NUL byte";
  }
  return fmt::format("control character {} in a string must be escaped", util::describe_byte(c));
}

constexpr bool is_space(char c) noexcept
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Bytes that stand for themselves in a JSON string: ASCII, not a control, quote or backslash.
constexpr std::array<bool, 256> make_plain_string_bytes()
{
  std::array<bool, 256> table{};
  for (std::size_t byte = 0x20; byte < 0x80; ++byte) {
    table[byte] = byte != '"' && byte != '\\';
  }
  return table;
}
constexpr auto k_plain_string_byte = make_plain_string_bytes();

constexpr bool is_digit(char c) noexcept
{
  return c >= '0' && c <= '9';
}

void append_utf8(std::string& out, std::uint32_t code_point)
{
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

} // namespace

std::string_view json_type_name(JsonKind kind) noexcept
{
  switch (kind) {
  case JsonKind::null: return "null";
  case JsonKind::boolean: return "boolean";
  case JsonKind::number: return "number";
  case JsonKind::string: return "string";
  case JsonKind::array: return "array";
  case JsonKind::object: return "object";
  }
  return "invalid";
}

bool JsonReader::fail(std::size_t offset, std::string message)
{
  m_failure = Failure{offset, std::move(message)};
  return false;
}

Status JsonReader::read(std::string_view text)
{
  m_nodes.clear();
  m_strings.clear();
  m_open.clear();
  m_names.clear();
  m_name_start.clear();
  m_name_filter.clear();
  m_compact = true;
  m_failure.reset();

  // RFC 8259 §8.1 lets a parser refuse a byte-order mark, and a JWT segment has no business
  // carrying one.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    return make_error(ErrorKind::malformed, "invalid JSON at byte 0: byte-order mark");
  }
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) {
    return make_error(ErrorKind::malformed, "invalid JSON: the text is too long");
  }
  // Decoded strings are never longer than the text they come from, so reserving its size
  // keeps every view into m_strings valid while the document is read.
  m_strings.reserve(text.size());
  // Every node after the first takes at least two bytes of text (a value, and a comma, colon
  // or bracket), so the nodes never outgrow this: no copy of them while reading, which for a
  // large document (deep nesting) would touch twice the memory.
  m_nodes.reserve(text.size() / 2 + 1);
  if (parse(text)) {
    return Ok{};
  }
  if (m_failure->offset == k_no_offset) {
    return make_error(ErrorKind::malformed, std::move(m_failure->message));
  }
  return make_error(ErrorKind::malformed,
                    fmt::format("invalid JSON at byte {}: {}", m_failure->offset, m_failure->message));
}

// NOLINTNEXTLINE(readability-function-cognitive-complexity): the grammar, kept in one loop for speed.
bool JsonReader::parse(std::string_view text)
{
  const std::size_t size = text.size();
  std::size_t pos = 0;
  // Tokens' JSON is compact: the test for no space at all comes first.
  const auto skip_space = [&] {
    if (pos < size && is_space(text[pos])) {
      m_compact = false;
      do {
        ++pos;
      } while (pos < size && is_space(text[pos]));
    }
  };
  // After a member name: ':' and the start of its value.
  const auto member_name = [&]() -> bool {
    if (pos >= size || text[pos] != '"') {
      return fail(pos, pos >= size ? "unexpected end of input, expected a member name"
                                   : unexpected(text[pos], "a member name in double quotes"));
    }
    // Nodes are built in place: a node assembled on the stack and copied in stalls the store
    // forwarding of every copy, a cost that shows at a few hundred nanoseconds a token.
    const auto index = static_cast<std::uint32_t>(m_nodes.size());
    JsonNode& name = m_nodes.emplace_back();
    name.kind = JsonKind::string;
    name.end = index + 1;
    if (!parse_string(text, pos, name.text) || !add_name(index)) {
      return false;
    }
    ++m_nodes[m_open.back()].count;
    skip_space();
    if (pos >= size || text[pos] != ':') {
      return fail(pos, pos >= size ? "unexpected end of input, expected ':'"
                                   : unexpected(text[pos], "':'"));
    }
    ++pos;
    skip_space();
    return true;
  };

  skip_space();
  for (;;) {
    // A value starts at pos.
    if (pos >= size) {
      return fail(pos, "unexpected end of input, expected a value");
    }
    if (!m_open.empty() && m_nodes[m_open.back()].kind == JsonKind::array) {
      ++m_nodes[m_open.back()].count;
    }
    const auto index = static_cast<std::uint32_t>(m_nodes.size());
    JsonNode& node = m_nodes.emplace_back();
    node.end = index + 1;
    const char c = text[pos];
    bool opened = false;
    switch (c) {
    case '{':
    case '[':
      if (m_open.size() >= k_max_json_depth) {
        return fail(k_no_offset, fmt::format("JSON nested deeper than {} levels", k_max_json_depth));
      }
      node.kind = c == '{' ? JsonKind::object : JsonKind::array;
      opened = true;
      ++pos;
      break;
    case '"':
      node.kind = JsonKind::string;
      if (!parse_string(text, pos, node.text)) {
        return false;
      }
      break;
    case 't':
      node.kind = JsonKind::boolean;
      node.boolean = true;
      if (!parse_literal(text, pos, "true")) {
        return false;
      }
      break;
    case 'f':
      node.kind = JsonKind::boolean;
      if (!parse_literal(text, pos, "false")) {
        return false;
      }
      break;
    case 'n':
      if (!parse_literal(text, pos, "null")) {
        return false;
      }
      break;
    default:
      if (c != '-' && !is_digit(c)) {
        return fail(pos, unexpected(c, "a value"));
      }
      node.kind = JsonKind::number;
      if (!parse_number(text, pos, node)) {
        return false;
      }
      break;
    }
    if (opened) {
      const bool object = node.kind == JsonKind::object; // read before more nodes are added
      m_open.push_back(index);
      skip_space();
      if (object) {
        m_name_start.push_back(m_names.size());
        m_name_filter.push_back(0);
      }
      if (pos >= size || text[pos] != (object ? '}' : ']')) {
        if (object && !member_name()) {
          return false;
        }
        continue; // the first member's or element's value
      }
      // An empty container closes below, like any other.
    } else {
      skip_space();
    }

    // After a value: close containers, or move to the next member or element.
    for (;;) {
      if (m_open.empty()) {
        if (pos != size) {
          return fail(pos, text[pos] == '\0' ? std::string("NUL byte")
                                              : fmt::format("unexpected {} after the value", util::describe_byte(text[pos])));
        }
        return true;
      }
      const std::uint32_t open = m_open.back();
      const bool object = m_nodes[open].kind == JsonKind::object;
      const char close = object ? '}' : ']';
      if (pos >= size) {
        return fail(pos, fmt::format("unexpected end of input, expected ',' or '{}'", close));
      }
      if (text[pos] == close) {
        ++pos;
        m_nodes[open].end = static_cast<std::uint32_t>(m_nodes.size());
        m_open.pop_back();
        if (object && !close_names()) {
          return false;
        }
        skip_space();
        continue;
      }
      if (text[pos] != ',') {
        return fail(pos, unexpected(text[pos], object ? "',' or '}'" : "',' or ']'"));
      }
      ++pos;
      skip_space();
      if (object && !member_name()) {
        return false;
      }
      break;
    }
  }
}

bool JsonReader::parse_literal(std::string_view text, std::size_t& pos, std::string_view word)
{
  if (text.substr(pos, word.size()) != word) {
    return fail(pos, unexpected(text[pos], "a value"));
  }
  pos += word.size();
  return true;
}

// NOLINTNEXTLINE(readability-function-cognitive-complexity): the grammar, kept in one loop for speed.
bool JsonReader::parse_string(std::string_view text, std::size_t& pos, std::string_view& out)
{
  const std::size_t size = text.size();
  const std::size_t start = ++pos; // after the opening quote
  // Most strings have no escape: they are validated in place and viewed, never copied.
  while (pos < size) {
    // Plain ASCII runs go by one table lookup a byte.
    while (pos < size && k_plain_string_byte[static_cast<unsigned char>(text[pos])]) {
      ++pos;
    }
    if (pos >= size) {
      break;
    }
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte == '"') {
      out = text.substr(start, pos - start);
      ++pos;
      return true;
    }
    if (byte == '\\') {
      break;
    }
    if (byte < 0x20) {
      return fail(pos, control_in_string(text[pos]));
    }
    if (byte < 0x80) {
      ++pos;
      continue;
    }
    const std::size_t length = util::utf8_sequence_length(text, pos);
    if (length == 0) {
      return fail(pos, "invalid UTF-8");
    }
    pos += length;
  }
  if (pos >= size) {
    return fail(pos, "unexpected end of input in a string");
  }

  // An escape: the decoded string goes to m_strings.
  const std::size_t decoded_start = m_strings.size();
  m_strings.append(text.substr(start, pos - start));
  const auto read_hex4 = [&](std::size_t at, std::uint32_t& value) -> bool {
    if (size - at < 4) {
      return false;
    }
    value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int digit = util::hex_digit_value(text[at + i]);
      if (digit < 0) {
        return false;
      }
      value = value * 16 + static_cast<std::uint32_t>(digit);
    }
    return true;
  };
  while (pos < size) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte == '"') {
      out = std::string_view(m_strings).substr(decoded_start);
      ++pos;
      return true;
    }
    if (byte < 0x20) {
      return fail(pos, control_in_string(text[pos]));
    }
    if (byte >= 0x80) {
      const std::size_t length = util::utf8_sequence_length(text, pos);
      if (length == 0) {
        return fail(pos, "invalid UTF-8");
      }
      m_strings.append(text.substr(pos, length));
      pos += length;
      continue;
    }
    if (byte != '\\') {
      m_strings += static_cast<char>(byte);
      ++pos;
      continue;
    }
    if (pos + 1 >= size) {
      return fail(pos, "unexpected end of input in a string");
    }
    const char escape = text[pos + 1];
    char simple = 0;
    switch (escape) {
    case '"': simple = '"'; break;
    case '\\': simple = '\\'; break;
    case '/': simple = '/'; break;
    case 'b': simple = '\b'; break;
    case 'f': simple = '\f'; break;
    case 'n': simple = '\n'; break;
    case 'r': simple = '\r'; break;
    case 't': simple = '\t'; break;
    case 'u': break;
    default: return fail(pos, fmt::format("invalid escape \\{}", util::describe_byte(escape)));
    }
    if (escape != 'u') {
      m_strings += simple;
      pos += 2;
      continue;
    }
    std::uint32_t unit = 0;
    if (!read_hex4(pos + 2, unit)) {
      return fail(pos, "invalid \\u escape: four hex digits expected");
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return fail(pos, "invalid \\u escape: a low surrogate without a high one");
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      std::uint32_t low = 0;
      if (size - pos < 12 || text[pos + 6] != '\\' || text[pos + 7] != 'u' || !read_hex4(pos + 8, low)
          || low < 0xDC00 || low > 0xDFFF) {
        return fail(pos, "invalid \\u escape: a high surrogate without a low one");
      }
      append_utf8(m_strings, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
      pos += 12;
      continue;
    }
    append_utf8(m_strings, unit);
    pos += 6;
  }
  return fail(pos, "unexpected end of input in a string");
}

// NOLINTNEXTLINE(readability-function-cognitive-complexity): the grammar, kept in one loop for speed.
bool JsonReader::parse_number(std::string_view text, std::size_t& pos, JsonNode& node)
{
  const std::size_t size = text.size();
  const std::size_t start = pos;
  const auto digits = [&] {
    const std::size_t first = pos;
    while (pos < size && is_digit(text[pos])) {
      ++pos;
    }
    return pos - first;
  };
  const auto expect_digit = [&]() -> bool {
    if (pos < size && is_digit(text[pos])) {
      return true;
    }
    return fail(pos, pos >= size ? "unexpected end of input in a number"
                                 : unexpected(text[pos], "a digit"));
  };
  const bool negative = text[pos] == '-';
  if (negative) {
    ++pos;
  }
  if (!expect_digit()) {
    return false;
  }
  // RFC 8259 §6: no leading zeros; "01" ends after the 0 and fails as trailing text.
  const std::size_t integer_digits = text[pos] == '0' ? (++pos, 1) : digits();
  bool integer = true;
  if (pos < size && text[pos] == '.') {
    ++pos;
    integer = false;
    if (!expect_digit()) {
      return false;
    }
    digits();
  }
  if (pos < size && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    integer = false;
    if (pos < size && (text[pos] == '+' || text[pos] == '-')) {
      ++pos;
    }
    if (!expect_digit()) {
      return false;
    }
    digits();
  }
  node.text = text.substr(start, pos - start);

  if (integer && integer_digits <= k_exact_digits) {
    std::int64_t value = 0;
    for (const char c : node.text.substr(negative ? 1 : 0)) {
      value = value * 10 + (c - '0');
    }
    node.number = negative ? -static_cast<double>(value) : static_cast<double>(value); // -0 keeps its sign
    return true;
  }
  const char* first = node.text.data();
  const char* last = first + node.text.size();
  const auto [end, error] = std::from_chars(first, last, node.number);
  if (error == std::errc() && end == last) {
    return true;
  }
  // Out of range one way or the other: strtod tells overflow (refused, like a double cannot
  // hold it) from underflow to zero or a subnormal (kept, as every JSON library does).
  const std::string literal(node.text);
  node.number = std::strtod(literal.c_str(), nullptr);
  if (!std::isfinite(node.number)) {
    return fail(start, fmt::format("number {} is out of the range of a double", util::quote(literal, 40)));
  }
  return true;
}

bool JsonReader::add_name(std::uint32_t index)
{
  const std::string_view name = m_nodes[index].text;
  const std::size_t first = m_name_start.back();
  // A one-word filter on the first byte and the length: most names of a small object differ
  // in one of them, and only a name that might repeat one is compared with the others.
  const std::uint64_t bit = std::uint64_t{1} << ((name.size() * 7 + (name.empty() ? 0U : static_cast<unsigned char>(name[0]))) % 64);
  std::uint64_t& seen = m_name_filter.back();
  const bool maybe_seen = (seen & bit) != 0;
  seen |= bit;
  if (maybe_seen && m_names.size() - first < k_linear_name_check) {
    for (std::size_t i = first; i < m_names.size(); ++i) {
      if (m_nodes[m_names[i]].text == name) {
        return fail(k_no_offset, fmt::format("duplicate member name {}", util::quote(name)));
      }
    }
  }
  m_names.push_back(index);
  return true;
}

bool JsonReader::close_names()
{
  const std::size_t first = m_name_start.back();
  const auto begin = m_names.begin() + static_cast<std::ptrdiff_t>(first);
  if (m_names.size() - first > k_linear_name_check) {
    const auto text_of = [this](std::uint32_t index) { return m_nodes[index].text; };
    std::sort(begin, m_names.end(), [&](std::uint32_t a, std::uint32_t b) { return text_of(a) < text_of(b); });
    const auto twin = std::adjacent_find(begin, m_names.end(), [&](std::uint32_t a, std::uint32_t b) {
      return text_of(a) == text_of(b);
    });
    if (twin != m_names.end()) {
      return fail(k_no_offset, fmt::format("duplicate member name {}", util::quote(text_of(*twin))));
    }
  }
  m_names.erase(begin, m_names.end());
  m_name_start.pop_back();
  m_name_filter.pop_back();
  return true;
}

const JsonNode* JsonReader::find(std::size_t object, std::string_view name) const noexcept
{
  const std::size_t end = m_nodes[object].end;
  for (std::size_t i = object + 1; i < end; i = m_nodes[i + 1].end) {
    if (m_nodes[i].text == name) {
      return &m_nodes[i + 1];
    }
  }
  return nullptr;
}

} // namespace jwt
