#include "jwt/jwk.hpp"

#include "support.hpp"

#include <optional>
#include <string>
#include <utility>

using jwt::Algorithm;
using jwt::ErrorKind;
using jwt::parse_jwk_set;

TEST_CASE("parse_jwk_set reads a single JWK")
{
  // RFC 7515 Appendix A.1's key.
  const auto ring = parse_jwk_set(
    R"({"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"})");
  REQUIRE(ring.ok());
  REQUIRE(ring.value().keys().size() == 1);
  const auto& key = ring.value().keys().front();
  CHECK(key.secret.size() == 64);
  CHECK(test::to_hex(key.secret.view()).substr(0, 8) == "0323354b");
  CHECK(key.kid.empty());
  CHECK_FALSE(key.alg.has_value());
}

TEST_CASE("parse_jwk_set reads a set with kid, alg and use")
{
  const auto ring = parse_jwk_set(R"({"keys":[
      {"kty":"oct","kid":"a","k":"YWJj","alg":"HS384","use":"sig"},
      {"kty":"oct","kid":"b","k":"ZGVm"}]})");
  REQUIRE(ring.ok());
  const auto& keys = ring.value().keys();
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].kid == "a");
  CHECK(keys[0].secret.view() == "abc");
  CHECK(keys[0].alg == std::optional<Algorithm>(Algorithm::hs384));
  CHECK(keys[1].kid == "b");
  CHECK(keys[1].secret.view() == "def");
  CHECK_FALSE(keys[1].alg.has_value());
}

TEST_CASE("parse_jwk_set refuses what is not a usable HMAC key")
{
  SUBCASE("a syntax error does not echo the key text")
  {
    const auto result = parse_jwk_set(R"({"kty":"oct","k":"TOPSECRETKEYMATERIAL)");
    REQUIRE_FALSE(result.ok());
    CHECK_FALSE(test::contains(result.error().message, "TOPSECRET"));
  }
  SUBCASE("not JSON")
  {
    CHECK_ERROR(parse_jwk_set("nope"), ErrorKind::invalid_key, "not a JWK or JWK Set: the text is not valid JSON");
  }
  SUBCASE("duplicate members are refused by the one JSON reader")
  {
    CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj","k":"ZGVm"})"), ErrorKind::invalid_key, "not a JWK or JWK Set: the text is not valid JSON");
  }
  SUBCASE("not an object")
  {
    CHECK_ERROR(parse_jwk_set("[]"), ErrorKind::invalid_key, "expected a JSON object, found array");
  }
  SUBCASE("another key type")
  {
    // A standard public-key type goes to its own reader; anything else is refused unquoted.
    CHECK_ERROR(parse_jwk_set(R"({"kty":"RSA"})"), ErrorKind::invalid_key, "RSA JWK: no \"n\" member");
    CHECK_ERROR(parse_jwk_set(R"({"kty":"secret-xyz","k":"YWJj"})"), ErrorKind::invalid_key,
                R"(kty (not shown) is not supported: jwtool takes "oct", "RSA", "EC" and "OKP" keys)");
  }
  SUBCASE("no kty")
  {
    CHECK_ERROR(parse_jwk_set(R"({"k":"YWJj"})"), ErrorKind::invalid_key, "no \"kty\" member");
  }
  SUBCASE("no k, or k not strict base64url, or empty")
  {
    CHECK_ERROR(parse_jwk_set(R"({"kty":"oct"})"), ErrorKind::invalid_key, "no \"k\" member");
    // The message never quotes the key's characters.
    CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj="})"), ErrorKind::invalid_key, "\"k\" is not strict base64url");
    CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJ"})"), ErrorKind::invalid_key, "\"k\" is not strict base64url");
    CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":""})"), ErrorKind::invalid_key, "\"k\" is empty");
  }
  SUBCASE("kid, alg and use of the wrong kind")
  {
    CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj","kid":7})"), ErrorKind::invalid_key, "\"kid\" must be a string");
    CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj","alg":"none"})"), ErrorKind::invalid_key, "\"alg\" is not one of HS256, HS384");
    CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj","alg":"hs256"})"), ErrorKind::invalid_key, "\"alg\" is not one of HS256, HS384");
    CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj","alg":"RS256"})"), ErrorKind::invalid_key,
                "\"alg\" RS256 is not for an HMAC secret");
    CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj","use":"enc"})"), ErrorKind::invalid_key, "\"use\" is not \"sig\"");
  }
  SUBCASE("sets: empty, not an array, a kid twice, a bad member named by position")
  {
    CHECK_ERROR(parse_jwk_set(R"({"keys":[]})"), ErrorKind::invalid_key, "\"keys\" is empty");
    CHECK_ERROR(parse_jwk_set(R"({"keys":{}})"), ErrorKind::invalid_key, "\"keys\" must be an array");
    CHECK_ERROR(parse_jwk_set(R"({"keys":[{"kty":"oct","kid":"a","k":"YWJj"},{"kty":"oct","kid":"a","k":"ZGVm"}]})"),
                ErrorKind::invalid_key,
                "JWK Set key 2: kid \"a\" is used twice");
    CHECK_ERROR(parse_jwk_set(R"({"keys":[{"kty":"oct","k":"YWJj"},7]})"),
                ErrorKind::invalid_key,
                "JWK Set key 2: a JWK is a JSON object, found number");
  }
}

TEST_CASE("parse_jwk_set reads key_ops: what a key may do")
{
  const auto ring = parse_jwk_set(R"({"keys":[
      {"kty":"oct","kid":"none","k":"YWJj"},
      {"kty":"oct","kid":"sign","k":"YWJj","key_ops":["sign"]},
      {"kty":"oct","kid":"verify","k":"YWJj","key_ops":["verify","someday"],"use":"sig"},
      {"kty":"oct","kid":"both","k":"YWJj","key_ops":["verify","sign"]},
      {"kty":"oct","kid":"empty","k":"YWJj","key_ops":[]},
      {"kty":"oct","kid":"enc","k":"YWJj","key_ops":["encrypt","decrypt"]}]})");
  REQUIRE(ring.ok());
  const auto& keys = ring.value().keys();
  REQUIRE(keys.size() == 6);
  const auto may = [&](std::size_t i) { return std::pair{keys[i].may_sign, keys[i].may_verify}; };
  CHECK(may(0) == std::pair{true, true});   // no key_ops: anything a signature key does
  CHECK(may(1) == std::pair{true, false});
  CHECK(may(2) == std::pair{false, true});  // an operation RFC 7517 does not define is ignored
  CHECK(may(3) == std::pair{true, true});
  CHECK(may(4) == std::pair{false, false});
  CHECK(may(5) == std::pair{false, false}); // without "use", nothing to contradict
}

TEST_CASE("parse_jwk_set refuses key_ops that are not an array of unique strings, or contradict use")
{
  CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj","key_ops":"sign"})"), ErrorKind::invalid_key,
              R"("key_ops" must be an array of strings, found string)");
  CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj","key_ops":{"sign":true}})"), ErrorKind::invalid_key,
              R"("key_ops" must be an array of strings, found object)");
  CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj","key_ops":["sign",null]})"), ErrorKind::invalid_key,
              R"("key_ops" must be an array of strings, found null in it)");
  CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj","key_ops":["verify","sign","verify"]})"), ErrorKind::invalid_key,
              R"("key_ops" lists a value twice)");
  CHECK_ERROR(parse_jwk_set(R"({"kty":"oct","k":"YWJj","use":"sig","key_ops":["encrypt"]})"), ErrorKind::invalid_key,
              R"("key_ops" "encrypt" contradicts "use" "sig")");
  CHECK_ERROR(parse_jwk_set(R"({"keys":[{"kty":"oct","k":"YWJj","key_ops":["sign","deriveBits"],"use":"sig"}]})"),
              ErrorKind::invalid_key, R"(JWK Set key 1: "key_ops" "deriveBits" contradicts "use" "sig")");
}
