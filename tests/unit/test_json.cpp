#include "jwt/json.hpp"

#include "support.hpp"

#include <string>
#include <string_view>
#include <vector>

using jwt::ErrorKind;
using jwt::Json;
using jwt::parse_json;
using jwt::write_json;

namespace {

std::string nested_arrays(std::size_t depth)
{
  return std::string(depth, '[') + std::string(depth, ']');
}

std::string nested_objects(std::size_t depth)
{
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) {
    text += "{\"a\":";
  }
  text += "1";
  text += std::string(depth, '}');
  return text;
}

} // namespace

TEST_CASE("parse_json accepts objects arrays and scalars")
{
  SUBCASE("object")
  {
    const auto value = parse_json(R"({"a":1,"b":"x"})");
    REQUIRE(value.ok());
    CHECK(value->is_object());
    CHECK(value->at("a") == 1);
    CHECK(value->at("b") == "x");
  }
  SUBCASE("empty object and array")
  {
    const auto object = parse_json("{}");
    REQUIRE(object.ok());
    CHECK(object.value() == Json::object());
    const auto array = parse_json("[]");
    REQUIRE(array.ok());
    CHECK(array.value() == Json::array());
  }
  SUBCASE("array")
  {
    const auto value = parse_json("[1, \"two\", null, true, {\"x\": []}]");
    REQUIRE(value.ok());
    REQUIRE(value->is_array());
    CHECK(value->size() == 5);
    CHECK(value->at(1) == "two");
    CHECK(value->at(2).is_null());
    CHECK(value->at(4).at("x") == Json::array());
  }
  SUBCASE("scalars")
  {
    CHECK(parse_json("42")->get<int>() == 42);
    CHECK(parse_json("-1.5")->get<double>() == -1.5);
    CHECK(parse_json("1e308")->get<double>() == 1e308);
    CHECK(parse_json("\"s\"")->get<std::string>() == "s");
    CHECK(parse_json("true")->get<bool>() == true);
    CHECK(parse_json("false")->get<bool>() == false);
    CHECK(parse_json("null")->is_null());
  }
  SUBCASE("whitespace around the value")
  {
    const auto value = parse_json(" \t\r\n{\"a\" : 1}\n ");
    REQUIRE(value.ok());
    CHECK(value->at("a") == 1);
  }
  SUBCASE("valid UTF-8 and escapes")
  {
    CHECK(parse_json("\"\xe2\x82\xac\"")->get<std::string>() == "\xe2\x82\xac");
    CHECK(parse_json("\"\xf0\x9f\x98\x80\"")->get<std::string>() == "\xf0\x9f\x98\x80");
    CHECK(parse_json(R"("\ud83d\ude00")")->get<std::string>() == "\xf0\x9f\x98\x80");
    CHECK(parse_json(R"("a\"b\\c\n\u0041")")->get<std::string>() == "a\"b\\c\nA");
  }
}

TEST_CASE("parse_json preserves member order")
{
  const auto value = parse_json(R"({"z":1,"a":2,"m":{"y":3,"b":4}})");
  REQUIRE(value.ok());
  std::vector<std::string> names;
  for (const auto& item : value->items()) {
    names.push_back(item.key());
  }
  CHECK(names == std::vector<std::string>{"z", "a", "m"});
  CHECK(value->dump() == R"({"z":1,"a":2,"m":{"y":3,"b":4}})");
}

TEST_CASE("parse_json rejects duplicate member names")
{
  CHECK_ERROR(parse_json(R"({"a":1,"a":2})"), ErrorKind::malformed, "duplicate member name \"a\"");
  CHECK_ERROR(parse_json(R"({"x":{"b":1,"c":2,"b":3}})"), ErrorKind::malformed, "duplicate member name \"b\"");
  CHECK_ERROR(parse_json(R"([{"k":1,"k":1}])"), ErrorKind::malformed, "duplicate member name \"k\"");
  CHECK_ERROR(parse_json(R"({"a":{},"a":{}})"), ErrorKind::malformed, "duplicate member name \"a\"");

  // The same name in different objects is not a duplicate.
  CHECK(parse_json(R"({"a":{"a":1},"b":{"a":2}})").ok());
  CHECK(parse_json(R"([{"a":1},{"a":2}])").ok());
  CHECK(parse_json(R"({"a":1,"A":2})").ok());
}

TEST_CASE("parse_json rejects a byte-order mark")
{
  CHECK_ERROR(parse_json("\xEF\xBB\xBF{}"), ErrorKind::malformed, "byte-order mark");
  CHECK_ERROR(parse_json("\xEF\xBB\xBF\"x\""), ErrorKind::malformed, "byte-order mark");
}

TEST_CASE("parse_json rejects a NUL byte anywhere, not only inside strings")
{
  using namespace std::string_view_literals;
  // nlohmann's lexer alone would stop at the NUL and accept what came before it.
  CHECK_ERROR(parse_json("{}\0x"sv), ErrorKind::malformed, "invalid JSON at byte 2: NUL byte");
  CHECK_ERROR(parse_json("{\"a\":1}\0{\"a\":2}"sv), ErrorKind::malformed, "byte 7");
  CHECK_ERROR(parse_json("\0"sv), ErrorKind::malformed, "byte 0");
  CHECK_ERROR(parse_json("\"a\0b\""sv), ErrorKind::malformed, "byte 2");
}

TEST_CASE("parse_json rejects anything after the value")
{
  CHECK_ERROR(parse_json("{} x"), ErrorKind::malformed, "invalid JSON at byte 3");
  CHECK_ERROR(parse_json("{}{}"), ErrorKind::malformed, "invalid JSON at byte 2");
  CHECK_ERROR(parse_json("1 2"), ErrorKind::malformed, "invalid JSON at byte 2");
}

TEST_CASE("parse_json rejects malformed text with its offset")
{
  CHECK_ERROR(parse_json(""), ErrorKind::malformed, "invalid JSON at byte 0");
  CHECK_ERROR(parse_json("[1,2,x]"), ErrorKind::malformed, "invalid JSON at byte 5");
  CHECK_ERROR(parse_json(R"({"a":1,})"), ErrorKind::malformed, "invalid JSON at byte 7");
  CHECK_ERROR(parse_json("{'a':1}"), ErrorKind::malformed, "invalid JSON at byte 1");
  CHECK_ERROR(parse_json("[1,2"), ErrorKind::malformed, "invalid JSON");
  CHECK_ERROR(parse_json("\"tab\tinside\""), ErrorKind::malformed, "invalid JSON");
  CHECK_ERROR(parse_json("NaN"), ErrorKind::malformed, "invalid JSON");
  CHECK_ERROR(parse_json("01"), ErrorKind::malformed, "invalid JSON");
  CHECK_ERROR(parse_json("/* c */ {}"), ErrorKind::malformed, "invalid JSON");
}

TEST_CASE("parse_json rejects invalid UTF-8")
{
  SUBCASE("byte 0xff")
  {
    CHECK_ERROR(parse_json("\"\xff\""), ErrorKind::malformed, "invalid JSON");
  }
  SUBCASE("overlong encoding of '/'")
  {
    CHECK_ERROR(parse_json("\"\xc0\xaf\""), ErrorKind::malformed, "invalid JSON");
  }
  SUBCASE("UTF-8-encoded surrogate")
  {
    CHECK_ERROR(parse_json("\"\xed\xa0\x80\""), ErrorKind::malformed, "invalid JSON");
  }
  SUBCASE("truncated sequence")
  {
    CHECK_ERROR(parse_json("\"\xe2\x82\""), ErrorKind::malformed, "invalid JSON");
  }
  SUBCASE("lone continuation byte")
  {
    CHECK_ERROR(parse_json("\"\x80\""), ErrorKind::malformed, "invalid JSON");
  }
  SUBCASE("beyond U+10FFFF")
  {
    CHECK_ERROR(parse_json("\"\xf4\x90\x80\x80\""), ErrorKind::malformed, "invalid JSON");
  }
  SUBCASE("in a member name")
  {
    CHECK_ERROR(parse_json("{\"\xff\":1}"), ErrorKind::malformed, "invalid JSON");
  }
}

TEST_CASE("parse_json rejects lone surrogate escapes")
{
  CHECK_ERROR(parse_json(R"("\ud800")"), ErrorKind::malformed, "invalid JSON");
  CHECK_ERROR(parse_json(R"("\udc00")"), ErrorKind::malformed, "invalid JSON");
  CHECK_ERROR(parse_json(R"("\ud800\u0041")"), ErrorKind::malformed, "invalid JSON");
}

TEST_CASE("parse_json accepts nesting up to k_max_json_depth")
{
  CHECK(jwt::k_max_json_depth == 64);
  CHECK(parse_json(nested_arrays(jwt::k_max_json_depth)).ok());
  CHECK(parse_json(nested_objects(jwt::k_max_json_depth)).ok());
  CHECK_ERROR(parse_json(nested_arrays(jwt::k_max_json_depth + 1)), ErrorKind::malformed,
              "JSON nested deeper than 64 levels");
  CHECK_ERROR(parse_json(nested_objects(jwt::k_max_json_depth + 1)), ErrorKind::malformed,
              "JSON nested deeper than 64 levels");
  CHECK_ERROR(parse_json(nested_arrays(100000)), ErrorKind::malformed, "JSON nested deeper than 64 levels");
}

TEST_CASE("parse_json rejects numbers out of the range of a double")
{
  CHECK_ERROR(parse_json("1e400"), ErrorKind::malformed, "invalid JSON");
  CHECK_ERROR(parse_json("-1e400"), ErrorKind::malformed, "invalid JSON");
  CHECK_ERROR(parse_json(R"({"exp":1e400})"), ErrorKind::malformed, "invalid JSON");
}

TEST_CASE("write_json writes compact JSON in member order")
{
  Json value = Json::object();
  value["b"] = 1;
  value["a"] = Json::array({true, nullptr, "\xe2\x82\xac"});
  const auto text = write_json(value);
  REQUIRE(text.ok());
  CHECK(text.value() == "{\"b\":1,\"a\":[true,null,\"\xe2\x82\xac\"]}");
}

TEST_CASE("write_json fails on invalid UTF-8")
{
  Json in_value = Json::object();
  in_value["s"] = std::string("\xff");
  CHECK_ERROR(write_json(in_value), ErrorKind::invalid_argument, "not valid UTF-8");

  Json in_name = Json::object();
  in_name[std::string("\xc0\xaf")] = 1;
  CHECK_ERROR(write_json(in_name), ErrorKind::invalid_argument, "not valid UTF-8");
}

TEST_CASE("write_json_pretty replaces invalid UTF-8")
{
  Json value = Json::object();
  value["s"] = std::string("a\xff");
  CHECK(jwt::write_json_pretty(value) == "{\n  \"s\": \"a\xef\xbf\xbd\"\n}");
}

TEST_CASE("JSON for output writes DEL and the C1 controls as \\u escapes, in names and values")
{
  // U+007E, U+00A0 and U+00C2 ("\xc3\x82") stay as they are; DEL, U+0080, U+009B, U+009F do not.
  const std::string text = "~\x7f\xc2\x80\xc2\x9b[31m\xc2\x9f\xc2\xa0\xc3\x82\x1b";
  Json value = Json::object();
  value[text] = Json::array({text});
  const std::string escaped = "~\\u007f\\u0080\\u009b[31m\\u009f\xc2\xa0\xc3\x82\\u001b";
  CHECK(jwt::write_json_line(value) == "{\"" + escaped + "\":[\"" + escaped + "\"]}");
  CHECK(jwt::write_json_pretty(value) == "{\n  \"" + escaped + "\": [\n    \"" + escaped + "\"\n  ]\n}");
  SUBCASE("JSON text as it came, from the reader")
  {
    std::string out = "x";
    jwt::append_json_for_output(out, R"({"a":")" + text + R"("})");
    CHECK(out == "x{\"a\":\"~\\u007f\\u0080\\u009b[31m\\u009f\xc2\xa0\xc3\x82\x1b\"}");
  }
  SUBCASE("text without them is copied")
  {
    std::string out;
    jwt::append_json_for_output(out, "{\"a\":\"\xc2\xa9 \\u009b\"}");
    CHECK(out == "{\"a\":\"\xc2\xa9 \\u009b\"}");
    jwt::append_json_for_output(out, "\xc2");
    CHECK(out == "{\"a\":\"\xc2\xa9 \\u009b\"}\xc2");
  }
}

TEST_CASE("json_type_name names every JSON type")
{
  CHECK(jwt::json_type_name(Json(nullptr)) == "null");
  CHECK(jwt::json_type_name(Json(true)) == "boolean");
  CHECK(jwt::json_type_name(Json(1)) == "number");
  CHECK(jwt::json_type_name(Json(-1)) == "number");
  CHECK(jwt::json_type_name(Json(1.5)) == "number");
  CHECK(jwt::json_type_name(Json("s")) == "string");
  CHECK(jwt::json_type_name(Json::array()) == "array");
  CHECK(jwt::json_type_name(Json::object()) == "object");
}

TEST_CASE("parse_json finds duplicates in large objects and behind escapes")
{
  std::string many = "{";
  for (int i = 0; i < 200; ++i) {
    many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  }
  CHECK(parse_json(many.substr(0, many.size() - 1) + "}").ok());
  CHECK_ERROR(parse_json(many + "\"k137\":0}"), ErrorKind::malformed, "duplicate member name \"k137\"");
  // The same name written two ways is one name.
  CHECK_ERROR(parse_json(R"({"a":1,"\u0061":2})"), ErrorKind::malformed, "duplicate member name \"a\"");
  // Names alike in first byte and length are still told apart.
  CHECK(parse_json(R"({"ab":1,"ac":2,"ad":3})").ok());
}
