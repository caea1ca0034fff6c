#pragma once

#include "jwt/error.hpp"
#include "jwt/json_reader.hpp"

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace jwt {

// Objects keep their members in the order they were read or inserted, so a decoded
// token is shown as it was written.
using Json = nlohmann::ordered_json;

// The text read by JsonReader (strict RFC 8259: see there) as a DOM.
// Errors are ErrorKind::malformed; syntax errors give the byte offset of the problem.
Result<Json> parse_json(std::string_view text);
// The same, reusing `reader`'s buffers.
Result<Json> parse_json(std::string_view text, JsonReader& reader);
// One value of a document `reader` has read, as a DOM.
Json to_json(const JsonReader& reader, const JsonNode& node);

// Compact serialization; fails (ErrorKind::invalid_argument) if a string is not valid UTF-8.
Result<std::string> write_json(const Json& value);

// Indented serialization for people; invalid UTF-8 is replaced, never fatal.
std::string write_json_pretty(const Json& value);

// The JSON type of a value as a word for messages: "string", "number", "object", ...
std::string_view json_type_name(const Json& value);

} // namespace jwt
