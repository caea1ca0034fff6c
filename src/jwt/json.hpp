#pragma once

#include "jwt/error.hpp"

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace jwt {

// Objects keep their members in the order they were read or inserted, so a decoded
// token is shown as it was written.
using Json = nlohmann::ordered_json;

// Deepest nesting of arrays and objects accepted by parse_json.
constexpr std::size_t k_max_json_depth = 64;

// The one JSON reader on every path: RFC 8259 with valid UTF-8 only, no byte-order mark,
// no duplicate member names, nesting at most k_max_json_depth, nothing after the value.
// Errors are ErrorKind::malformed; syntax errors give the byte offset of the problem.
Result<Json> parse_json(std::string_view text);

// Compact serialization; fails (ErrorKind::invalid_argument) if a string is not valid UTF-8.
Result<std::string> write_json(const Json& value);

// Indented serialization for people; invalid UTF-8 is replaced, never fatal.
std::string write_json_pretty(const Json& value);

// The JSON type of a value as a word for messages: "string", "number", "object", ...
std::string_view json_type_name(const Json& value);

} // namespace jwt
