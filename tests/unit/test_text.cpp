#include "util/text.hpp"

#include "support.hpp"

#include <string>
#include <vector>

TEST_CASE("is_ascii_space and trim")
{
  for (const char c : std::string_view(" \t\n\r\f\v")) {
    CHECK(util::is_ascii_space(c));
  }
  CHECK_FALSE(util::is_ascii_space('a'));
  CHECK_FALSE(util::is_ascii_space('\0'));
  CHECK_FALSE(util::is_ascii_space('\xa0'));

  CHECK(util::trim("  a b \t\r\n") == "a b");
  CHECK(util::trim("\va\f") == "a");
  CHECK(util::trim("abc") == "abc");
  CHECK(util::trim("") == "");
  CHECK(util::trim(" \n\t ") == "");
  CHECK(util::trim("\xc2\xa0x\xc2\xa0") == "\xc2\xa0x\xc2\xa0");
  CHECK(util::trim(std::string_view("\0x", 2)) == std::string_view("\0x", 2));
}

TEST_CASE("iequals and istarts_with compare ASCII case-insensitively")
{
  CHECK(util::iequals("Bearer", "bEARER"));
  CHECK(util::iequals("", ""));
  CHECK(util::iequals("HS256", "hs256"));
  CHECK_FALSE(util::iequals("a", "ab"));
  CHECK_FALSE(util::iequals("ab", "a"));
  CHECK_FALSE(util::iequals("\xc3\x89", "\xc3\xa9")); // É and é: not ASCII
  CHECK_FALSE(util::iequals("[", "{"));               // 0x5b and 0x7b differ by 0x20 but are not letters
  CHECK_FALSE(util::iequals("@", "`"));

  CHECK(util::istarts_with("Bearer xyz", "bearer "));
  CHECK(util::istarts_with("abc", ""));
  CHECK(util::istarts_with("abc", "ABC"));
  CHECK_FALSE(util::istarts_with("Bear", "Bearer"));
  CHECK_FALSE(util::istarts_with("xBearer", "bearer"));
}

TEST_CASE("hex_digit_value: the 22 hexadecimal digits, -1 for anything else")
{
  const std::string digits = "0123456789abcdefABCDEF";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    CHECK(util::hex_digit_value(digits[i]) == static_cast<int>(i < 16 ? i : i - 6));
  }
  for (const char c : std::string("gG/:@` %-")) {
    CHECK(util::hex_digit_value(c) == -1);
  }
  CHECK(util::hex_digit_value('\xff') == -1);
}

TEST_CASE("describe_byte renders one byte for messages")
{
  CHECK(util::describe_byte('a') == "'a'");
  CHECK(util::describe_byte('\n') == "'\\n'");
  CHECK(util::describe_byte('\r') == "'\\r'");
  CHECK(util::describe_byte('\t') == "'\\t'");
  CHECK(util::describe_byte('\'') == "'\\''");
  CHECK(util::describe_byte('\0') == "'\\x00'");
  CHECK(util::describe_byte('\x7f') == "'\\x7f'");
  CHECK(util::describe_byte('\xff') == "'\\xff'");
}

TEST_CASE("quote escapes and cuts user values")
{
  CHECK(util::quote("ab") == "\"ab\"");
  CHECK(util::quote("") == "\"\"");
  CHECK(util::quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(util::quote("line\nnext") == "\"line\\x0anext\"");
  CHECK(util::quote(std::string_view("\0\x1b\x7f", 3)) == "\"\\x00\\x1b\\x7f\"");

  const std::string eighty(80, 'a');
  CHECK(util::quote(eighty) == "\"" + eighty + "\"");
  CHECK(util::quote(std::string(100, 'a')) == "\"" + eighty + "\"... (100 bytes)");
  CHECK(util::quote("abcdef", 3) == "\"abc\"... (6 bytes)");
}

TEST_CASE("quote passes UTF-8 through and never cuts inside a character")
{
  CHECK(util::quote("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  // The cut at 4 bytes would split the two-byte \xc3\xa9: it backs off to 3.
  CHECK(util::quote("caf\xc3\xa9!", 4) == "\"caf\"... (6 bytes)");
  CHECK(util::quote("caf\xc3\xa9!", 5) == "\"caf\xc3\xa9\"... (6 bytes)");
  // A three-byte character (U+20AC) cut after its first or second byte.
  CHECK(util::quote("\xe2\x82\xac\xe2\x82\xac", 4) == "\"\xe2\x82\xac\"... (6 bytes)");
  CHECK(util::quote("\xe2\x82\xac\xe2\x82\xac", 5) == "\"\xe2\x82\xac\"... (6 bytes)");
}

TEST_CASE("edit_distance is the Levenshtein distance")
{
  CHECK(util::edit_distance("kitten", "sitting") == 3);
  CHECK(util::edit_distance("flaw", "lawn") == 2);
  CHECK(util::edit_distance("", "abc") == 3);
  CHECK(util::edit_distance("abc", "") == 3);
  CHECK(util::edit_distance("", "") == 0);
  CHECK(util::edit_distance("verify", "verify") == 0);
  CHECK(util::edit_distance("verfy", "verify") == 1);
  CHECK(util::edit_distance("ab", "ba") == 2);
}

TEST_CASE("closest_match suggests a plausible typo fix only")
{
  const std::vector<std::string> commands = {"issue", "refresh", "decode", "verify"};
  CHECK(util::closest_match("verfy", commands) == "verify");
  CHECK(util::closest_match("decod", commands) == "decode");
  CHECK(util::closest_match("refrsh", commands) == "refresh");
  CHECK(util::closest_match("verify", commands) == "verify");
  CHECK(util::closest_match("xyz", commands) == "");
  CHECK(util::closest_match("vrfy", commands) == ""); // 2 edits in 4 letters is not a typo
  CHECK(util::closest_match("verfy", {}) == "");
}

TEST_CASE("printable escapes control bytes and bytes that are not UTF-8, keeps UTF-8 text")
{
  CHECK(util::printable("plain \"text\" \\ ok") == "plain \"text\" \\ ok");
  CHECK(util::printable("line\nnext\x1b[2J") == "line\\x0anext\\x1b[2J");
  CHECK(util::printable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80") == "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80");
  CHECK(util::printable("\xff\xfe") == "\\xff\\xfe");
  CHECK(util::printable("\xc0\xaf") == "\\xc0\\xaf");         // overlong '/'
  CHECK(util::printable("\xed\xa0\x80") == "\\xed\\xa0\\x80"); // UTF-8-encoded surrogate
  CHECK(util::printable("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80"); // above U+10FFFF
  CHECK(util::printable("ab\xc3") == "ab\\xc3");                // truncated at the end
  CHECK(util::printable(std::string_view("\0", 1)) == "\\x00");
}

TEST_CASE("first_control_character finds C0, DEL and C1 controls, not other UTF-8")
{
  using namespace std::string_view_literals;
  CHECK(util::first_control_character("admin") == -1);
  CHECK(util::first_control_character("") == -1);
  CHECK(util::first_control_character("admin\0evil"sv) == 0);
  CHECK(util::first_control_character("a\tb\nc") == 0x09);
  CHECK(util::first_control_character("a\x7f") == 0x7f);
  CHECK(util::first_control_character("a\xc2\x85") == 0x85);             // U+0085, NEL
  CHECK(util::first_control_character("caf\xc3\xa9 \xc2\xa0") == -1);     // é and U+00A0
  CHECK(util::first_control_character("\xc2") == -1);                     // a cut sequence is not a control
}

TEST_CASE("base64_alphabet_of: random key text, not words, hex or short text")
{
  CHECK(util::base64_alphabet_of("q3Vz8kLm2Xp9Rt4Wb7Yc1Nd6Fg0Hj5Ks-_aBcDeFgH") == "base64url");
  CHECK(util::base64_alphabet_of("q3Vz8kLm2Xp9Rt4Wb7Yc1Nd6Fg0Hj5KsaBcDeFgHiJ") == "base64url"); // 42: decodes
  CHECK(util::base64_alphabet_of("q3Vz8kLm2Xp9Rt4Wb7Yc1Nd6Fg0Hj5Ks+/aBcDeFgH") == "base64");
  CHECK(util::base64_alphabet_of("q3Vz8kLm2Xp9Rt4Wb7Yc1Nd6Fg0Hj5KsaBcDeFg=") == "base64");
  CHECK(util::base64_alphabet_of("q3Vz8kLm2Xp9Rt4Wb7Yc1Nd6Fg0Hj5KsaBcDeF==") == "base64");
  CHECK(util::base64_alphabet_of("q3Vz8kLm2Xp9Rt4Wb7Yc1Nd6Fg0Hj5KsaBcDeFgHiJkLm").empty()); // 45: 1 mod 4
  CHECK(util::base64_alphabet_of("q3Vz8kLm2Xp9Rt4W-b+").empty());   // both alphabets
  CHECK(util::base64_alphabet_of("q3Vz8kLm2Xp9Rt4W_b==").empty());  // url alphabet, padded
  CHECK(util::base64_alphabet_of("q3Vz8kLm2Xp9Rt4W=").empty());     // padding at a bad length
  CHECK(util::base64_alphabet_of("q3Vz8kLm2Xp9R4W").empty());       // 15 characters
  CHECK(util::base64_alphabet_of("0123456789abcdef0123456789abcdef").empty()); // hex
  CHECK(util::base64_alphabet_of("correcthorsebatterystaplex").empty());       // no digit, no capital
  CHECK(util::base64_alphabet_of("Correct horse battery staple 42").empty());  // a space
  CHECK(util::base64_alphabet_of("========").empty());
  CHECK(util::base64_alphabet_of("").empty());
}
