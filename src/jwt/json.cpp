#include "jwt/json.hpp"

#include "util/text.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <unordered_set>
#include <vector>

namespace jwt {

namespace {

// Builds the document like nlohmann's own DOM parser, and adds what that parser lacks:
// duplicate member names and a depth limit are errors.
// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann's noexcept move has an unreachable throw.
class StrictBuilder
{
public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  bool null()
  {
    return add(Json(nullptr));
  }
  bool boolean(bool value)
  {
    return add(Json(value));
  }
  bool number_integer(number_integer_t value)
  {
    return add(Json(value));
  }
  bool number_unsigned(number_unsigned_t value)
  {
    return add(Json(value));
  }
  bool number_float(number_float_t value, const string_t& /*text*/)
  {
    return add(Json(value));
  }
  bool string(string_t& value)
  {
    return add(Json(std::move(value)));
  }
  bool binary(binary_t& /*value*/)
  {
    return fail("binary values are not JSON");
  }

  bool start_object(std::size_t /*size*/)
  {
    if (!add(Json::object())) {
      return false;
    }
    return open(Frame{m_open_value, {}, {}});
  }
  bool key(string_t& name)
  {
    Frame& frame = m_stack.back();
    if (!frame.names.insert(name).second) {
      return fail(fmt::format("duplicate member name {}", util::quote(name)));
    }
    frame.pending_key = std::move(name);
    return true;
  }
  bool end_object()
  {
    m_stack.pop_back();
    return true;
  }
  bool start_array(std::size_t /*size*/)
  {
    if (!add(Json::array())) {
      return false;
    }
    return open(Frame{m_open_value, {}, {}});
  }
  bool end_array()
  {
    m_stack.pop_back();
    return true;
  }

  bool parse_error(std::size_t position,
                   const std::string& /*last_token*/,
                   const nlohmann::detail::exception& error)
  {
    // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 1,
    // column 2: syntax error while parsing ..."; keep what follows the position.
    std::string_view what = error.what();
    if (what.substr(0, 1) == "[") {
      what.remove_prefix(std::min(what.size(), what.find("] ") + 2)); // the library's tag
    }
    const auto colon = what.find(": ");
    std::string_view reason = colon == std::string_view::npos ? what : what.substr(colon + 2);
    // nlohmann ends with "; last read: '<input>'": input bytes, possibly a key's, never echoed.
    reason = reason.substr(0, reason.find("; last read:"));
    m_error = fmt::format("invalid JSON at byte {}: {}", position == 0 ? 0 : position - 1, reason);
    return false;
  }

  Json take_result()
  {
    return std::move(m_root);
  }
  const std::string& error() const
  {
    return m_error;
  }

private:
  struct Frame {
    Json* container;
    std::string pending_key;
    std::unordered_set<std::string> names;
  };

  bool fail(std::string message)
  {
    m_error = std::move(message);
    return false;
  }

  bool open(Frame frame)
  {
    if (m_stack.size() >= k_max_json_depth) {
      return fail(fmt::format("JSON nested deeper than {} levels", k_max_json_depth));
    }
    m_stack.push_back(std::move(frame));
    return true;
  }

  // Places a value in the innermost open container (or as the root) and remembers where
  // it went, so start_object / start_array can open it.
  bool add(Json value)
  {
    if (m_stack.empty()) {
      m_root = std::move(value);
      m_open_value = &m_root;
      return true;
    }
    Frame& frame = m_stack.back();
    if (frame.container->is_array()) {
      auto& array = frame.container->get_ref<Json::array_t&>();
      array.push_back(std::move(value));
      m_open_value = &array.back();
    } else {
      // The name was checked unique in key(); append without ordered_map's linear search.
      auto& object = frame.container->get_ref<Json::object_t&>();
      object.emplace_back(std::move(frame.pending_key), std::move(value));
      m_open_value = &object.back().second;
    }
    return true;
  }

  Json m_root;
  Json* m_open_value = nullptr;
  std::vector<Frame> m_stack;
  std::string m_error;
};

} // namespace

Result<Json> parse_json(std::string_view text)
{
  // nlohmann skips a UTF-8 byte-order mark; RFC 8259 §8.1 lets a parser refuse it, and a
  // JWT segment has no business carrying one.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    return make_error(ErrorKind::malformed, "invalid JSON at byte 0: byte-order mark");
  }
  // nlohmann's lexer takes a NUL byte for the end of input and would ignore what follows it;
  // a raw NUL is never valid JSON, so it is refused here, wherever it is.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    return make_error(ErrorKind::malformed, fmt::format("invalid JSON at byte {}: NUL byte", nul));
  }
  StrictBuilder builder;
  bool parsed = false;
  try {
    parsed = Json::sax_parse(text.begin(), text.end(), &builder, Json::input_format_t::json, true);
  } catch (const Json::exception& e) {
    return make_error(ErrorKind::malformed, fmt::format("invalid JSON: {}", e.what()));
  }
  if (!parsed) {
    return make_error(ErrorKind::malformed, builder.error());
  }
  return builder.take_result();
}

Result<std::string> write_json(const Json& value)
{
  try {
    return value.dump();
  } catch (const Json::exception&) {
    return make_error(ErrorKind::invalid_argument, "a claim or header value is not valid UTF-8");
  }
}

std::string write_json_pretty(const Json& value)
{
  return value.dump(2, ' ', false, Json::error_handler_t::replace);
}

std::string_view json_type_name(const Json& value)
{
  switch (value.type()) {
  case Json::value_t::null: return "null";
  case Json::value_t::boolean: return "boolean";
  case Json::value_t::number_integer:
  case Json::value_t::number_unsigned:
  case Json::value_t::number_float: return "number";
  case Json::value_t::string: return "string";
  case Json::value_t::array: return "array";
  case Json::value_t::object: return "object";
  case Json::value_t::binary:
  case Json::value_t::discarded: break;
  }
  return "invalid";
}

} // namespace jwt
