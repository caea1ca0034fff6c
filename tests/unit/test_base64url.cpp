#include "jwt/base64url.hpp"

#include "support.hpp"

#include <random>
#include <string>
#include <string_view>

using jwt::base64url_decode;
using jwt::base64url_encode;
using jwt::ErrorKind;

namespace {

constexpr std::string_view k_alphabet =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

struct Vector {
  std::string_view bytes;
  std::string_view text;
};

// RFC 4648 §10, with the padding removed (RFC 7515 §2).
constexpr Vector k_rfc4648_vectors[] = {
  {"", ""},
  {"f", "Zg"},
  {"fo", "Zm8"},
  {"foo", "Zm9v"},
  {"foob", "Zm9vYg"},
  {"fooba", "Zm9vYmE"},
  {"foobar", "Zm9vYmFy"},
};

} // namespace

TEST_CASE("base64url_encode matches the RFC 4648 vectors without padding")
{
  for (const auto& vector : k_rfc4648_vectors) {
    CAPTURE(vector.bytes);
    CHECK(base64url_encode(vector.bytes) == vector.text);
  }
}

TEST_CASE("base64url_decode matches the RFC 4648 vectors without padding")
{
  for (const auto& vector : k_rfc4648_vectors) {
    CAPTURE(vector.text);
    const auto decoded = base64url_decode(vector.text);
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == vector.bytes);
  }
}

TEST_CASE("base64url uses '-' and '_' for 62 and 63")
{
  CHECK(base64url_encode("\xfb\xff") == "-_8");
  CHECK(base64url_encode("\xff\xfe") == "__4");
  CHECK(base64url_encode("\xfb\xef\xbe") == "----");
  CHECK(base64url_encode("\xff\xff\xff") == "____");

  const auto minus = base64url_decode("-_8");
  REQUIRE(minus.ok());
  CHECK(minus.value() == "\xfb\xff");
  const auto underscore = base64url_decode("__4");
  REQUIRE(underscore.ok());
  CHECK(underscore.value() == "\xff\xfe");
}

TEST_CASE("base64url round trips all 256 byte values")
{
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all += static_cast<char>(i);
  }
  const std::string encoded = base64url_encode(all);
  CHECK(encoded.size() == 342);
  CHECK(encoded.find_first_not_of(k_alphabet) == std::string::npos);
  const auto decoded = base64url_decode(encoded);
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == all);

  for (int i = 0; i < 256; ++i) {
    const std::string one(1, static_cast<char>(i));
    CAPTURE(i);
    const auto back = base64url_decode(base64url_encode(one));
    REQUIRE(back.ok());
    CHECK(back.value() == one);
  }
}

TEST_CASE("base64url round trips random byte strings of length 0 to 100")
{
  std::mt19937 generator(20240501); // fixed seed: the same strings on every run
  std::uniform_int_distribution<int> byte(0, 255);
  for (std::size_t length = 0; length <= 100; ++length) {
    std::string bytes;
    for (std::size_t i = 0; i < length; ++i) {
      bytes += static_cast<char>(byte(generator));
    }
    const std::string encoded = base64url_encode(bytes);
    CAPTURE(length);
    CHECK(encoded.size() == (length * 4 + 2) / 3);
    CHECK(encoded.find_first_not_of(k_alphabet) == std::string::npos);
    const auto decoded = base64url_decode(encoded);
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == bytes);
  }
}

TEST_CASE("base64url_decode rejects bytes outside the alphabet")
{
  SUBCASE("padding")
  {
    CHECK_ERROR(base64url_decode("Zg=="), ErrorKind::malformed, "'=' at offset 2 (padding is not allowed)");
  }
  SUBCASE("standard base64 '+'")
  {
    CHECK_ERROR(base64url_decode("Zm+v"), ErrorKind::malformed, "'+' at offset 2 (standard base64, not base64url)");
  }
  SUBCASE("standard base64 '/'")
  {
    CHECK_ERROR(base64url_decode("Zm/v"), ErrorKind::malformed, "'/' at offset 2 (standard base64, not base64url)");
  }
  SUBCASE("space")
  {
    CHECK_ERROR(base64url_decode("Zm 9v"), ErrorKind::malformed, "character ' ' at offset 2");
  }
  SUBCASE("newline")
  {
    CHECK_ERROR(base64url_decode("Zm9v\n"), ErrorKind::malformed, "character '\\n' at offset 4");
  }
  SUBCASE("NUL")
  {
    CHECK_ERROR(base64url_decode(std::string_view("Zm\0v", 4)), ErrorKind::malformed, "character '\\x00' at offset 2");
  }
  SUBCASE("high byte")
  {
    CHECK_ERROR(base64url_decode("Zm9v\xc3\xa9"), ErrorKind::malformed, "character '\\xc3' at offset 4");
  }
  SUBCASE("'.' (a segment separator)")
  {
    CHECK_ERROR(base64url_decode("Zm.v"), ErrorKind::malformed, "character '.' at offset 2");
  }
}

TEST_CASE("base64url_decode rejects a length of 4n+1")
{
  CHECK_ERROR(base64url_decode("A"), ErrorKind::malformed, "invalid base64url length 1");
  CHECK_ERROR(base64url_decode("AAAAA"), ErrorKind::malformed, "invalid base64url length 5");
  CHECK_ERROR(base64url_decode("Zm9vY"), ErrorKind::malformed, "invalid base64url length 5");
}

TEST_CASE("base64url_decode rejects non-canonical trailing bits")
{
  const auto f = base64url_decode("Zg");
  REQUIRE(f.ok());
  CHECK(f.value() == "f");
  CHECK_ERROR(base64url_decode("Zh"), ErrorKind::malformed, "non-canonical base64url");
  CHECK_ERROR(base64url_decode("Zh"), ErrorKind::malformed, "character at offset 1 are not zero");

  const auto fo = base64url_decode("Zm8");
  REQUIRE(fo.ok());
  CHECK(fo.value() == "fo");
  CHECK_ERROR(base64url_decode("Zm9"), ErrorKind::malformed, "character at offset 2 are not zero");

  // Every final character: with 2 characters the low 4 bits, with 3 the low 2, must be zero.
  for (std::size_t i = 0; i < k_alphabet.size(); ++i) {
    CAPTURE(k_alphabet[i]);
    CHECK(base64url_decode(std::string("A") + k_alphabet[i]).ok() == (i % 16 == 0));
    CHECK(base64url_decode(std::string("AA") + k_alphabet[i]).ok() == (i % 4 == 0));
    CHECK(base64url_decode(std::string("AAA") + k_alphabet[i]).ok());
  }
}

TEST_CASE("base64url_decode counts offsets from offset_base")
{
  CHECK_ERROR(base64url_decode("Zg==", 100), ErrorKind::malformed, "'=' at offset 102");
  CHECK_ERROR(base64url_decode("Zh", 40), ErrorKind::malformed, "character at offset 41 are not zero");
  CHECK_ERROR(base64url_decode("Zm9", 7), ErrorKind::malformed, "character at offset 9 are not zero");
}
