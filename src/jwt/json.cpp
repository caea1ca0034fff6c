#include "jwt/json.hpp"


#include <charconv>
#include <cstring>
#include <cstdint>
#include <vector>

namespace jwt {

namespace {

// NOLINTBEGIN(misc-no-recursion, modernize-return-braced-init-list): the reader bounds the depth at
// k_max_json_depth; and a braced Json would be an array, not the value.
// The nodes' subtree at `index` as a DOM value. Numbers keep their kind as nlohmann's own
// parser gives it: integers as integers (unsigned past int64), anything else as a double.
Json build_value(const std::vector<JsonNode>& nodes, std::size_t index)
{
  const JsonNode& node = nodes[index];
  switch (node.kind) {
  case JsonKind::null: return Json(nullptr);
  case JsonKind::boolean: return Json(node.boolean);
  case JsonKind::string: return Json(std::string(node.text));
  case JsonKind::number: {
    if (node.text.find_first_of(".eE") == std::string_view::npos) {
      const char* first = node.text.data();
      const char* last = first + node.text.size();
      std::int64_t signed_value = 0;
      if (const auto [end, error] = std::from_chars(first, last, signed_value); error == std::errc() && end == last) {
        return Json(signed_value);
      }
      std::uint64_t unsigned_value = 0;
      if (const auto [end, error] = std::from_chars(first, last, unsigned_value); error == std::errc() && end == last) {
        return Json(unsigned_value);
      }
    }
    return Json(node.number);
  }
  case JsonKind::array: {
    Json array = Json::array();
    auto& elements = array.get_ref<Json::array_t&>();
    elements.reserve(node.count);
    for (std::size_t i = index + 1; i < node.end; i = nodes[i].end) {
      elements.push_back(build_value(nodes, i));
    }
    return array;
  }
  case JsonKind::object: {
    Json object = Json::object();
    // Names are unique (the reader refuses duplicates): append without ordered_map's search.
    auto& members = object.get_ref<Json::object_t&>();
    members.reserve(node.count);
    for (std::size_t i = index + 1; i < node.end; i = nodes[i + 1].end) {
      members.emplace_back(std::string(nodes[i].text), build_value(nodes, i + 1));
    }
    return object;
  }
  }
  return Json(nullptr);
}
// NOLINTEND(misc-no-recursion, modernize-return-braced-init-list)

} // namespace

Result<Json> parse_json(std::string_view text)
{
  JsonReader reader;
  return parse_json(text, reader);
}

Result<Json> parse_json(std::string_view text, JsonReader& reader)
{
  if (auto read = reader.read(text); !read) {
    return std::move(read).error();
  }
  return build_value(reader.nodes(), 0);
}

Json to_json(const JsonReader& reader, const JsonNode& node)
{
  return build_value(reader.nodes(), static_cast<std::size_t>(&node - reader.nodes().data()));
}

Result<std::string> write_json(const Json& value)
{
  try {
    return value.dump();
  } catch (const Json::exception&) {
    return make_error(ErrorKind::invalid_argument, "a claim or header value is not valid UTF-8");
  }
}

namespace {

bool has_terminal_controls(std::string_view json_text) noexcept
{
  // memchr is the fast path: most text has neither byte, and C1 controls start with 0xC2.
  return std::memchr(json_text.data(), 0xC2, json_text.size()) != nullptr
         || std::memchr(json_text.data(), 0x7F, json_text.size()) != nullptr;
}

// The text with DEL and the C1 controls as \u escapes; moved through untouched without them.
std::string escape_terminal_controls(std::string json_text)
{
  if (!has_terminal_controls(json_text)) {
    return json_text;
  }
  std::string out;
  out.reserve(json_text.size() + 16);
  append_json_for_output(out, json_text);
  return out;
}

} // namespace

void append_json_for_output(std::string& out, std::string_view json_text)
{
  if (!has_terminal_controls(json_text)) {
    out += json_text;
    return;
  }
  constexpr std::string_view k_hex = "0123456789abcdef";
  std::size_t copied = 0;
  for (std::size_t i = 0; i < json_text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(json_text[i]);
    const auto next = i + 1 < json_text.size() ? static_cast<unsigned char>(json_text[i + 1]) : 0U;
    const bool c1 = byte == 0xC2 && next >= 0x80 && next <= 0x9F;
    if (byte != 0x7F && !c1) {
      continue;
    }
    const unsigned code = c1 ? next : byte;
    out.append(json_text.substr(copied, i - copied));
    out += "\\u00";
    out += k_hex[code >> 4];
    out += k_hex[code & 0x0FU];
    i += c1 ? 1 : 0;
    copied = i + 1;
  }
  out.append(json_text.substr(copied));
}

std::string write_json_line(const Json& value)
{
  return escape_terminal_controls(value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

std::string write_json_pretty(const Json& value)
{
  return escape_terminal_controls(value.dump(2, ' ', false, Json::error_handler_t::replace));
}

std::string_view json_type_name(const Json& value)
{
  switch (value.type()) {
  case Json::value_t::null: return json_type_name(JsonKind::null);
  case Json::value_t::boolean: return json_type_name(JsonKind::boolean);
  case Json::value_t::number_integer:
  case Json::value_t::number_unsigned:
  case Json::value_t::number_float: return json_type_name(JsonKind::number);
  case Json::value_t::string: return json_type_name(JsonKind::string);
  case Json::value_t::array: return json_type_name(JsonKind::array);
  case Json::value_t::object: return json_type_name(JsonKind::object);
  case Json::value_t::binary:
  case Json::value_t::discarded: break;
  }
  return "invalid";
}

} // namespace jwt
