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

// JSON as jwtool prints it. JSON allows DEL and the C1 controls (U+0080..U+009F) raw in a
// string, but a terminal obeys them (U+009B is CSI): they are written as \u007f and
// \u0080..\u009f (nlohmann already escapes C0). Invalid UTF-8 is replaced, never fatal.
// Every JSON that leaves on standard output goes through one of these.
// One line (JSON Lines, a claim value):
std::string write_json_line(const Json& value);
// Indented, for people and for the one JSON document a command prints:
std::string write_json_pretty(const Json& value);
// `json_text` (valid JSON, as from the strict reader, so those bytes occur only inside strings)
// with the same escapes, appended to out; text without them is copied as it is.
void append_json_for_output(std::string& out, std::string_view json_text);

// The JSON type of a value as a word for messages: "string", "number", "object", ...
std::string_view json_type_name(const Json& value);

} // namespace jwt
