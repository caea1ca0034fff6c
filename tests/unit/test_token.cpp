#include "jwt/token.hpp"

#include "jwt/base64url.hpp"

#include "support.hpp"

#include <chrono>
#include <string>

using jwt::Algorithm;
using jwt::base64url_encode;
using jwt::ErrorKind;
using jwt::Json;
using jwt::NumericDate;
using jwt::parse_token;
using jwt::HmacSigner;

namespace {

constexpr std::string_view k_key = "0123456789abcdef0123456789abcdef";

const std::string k_header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
const std::string k_payload = base64url_encode(R"({"sub":"a"})");
const std::string k_signature = base64url_encode("sig");

std::string join(std::string_view header, std::string_view payload, std::string_view signature)
{
  return std::string(header) + "." + std::string(payload) + "." + std::string(signature);
}

jwt::Signer make_signer(Algorithm alg, std::string_view key = k_key)
{
  auto signer = HmacSigner::create(alg, key);
  REQUIRE(signer.ok());
  return jwt::Signer(std::move(signer).value());
}

const jwt::NewClaims k_alice = test::new_claims("alice", "access", NumericDate{1700000000}, std::chrono::seconds(1800), "id1");

} // namespace

TEST_CASE("parse_token splits and decodes the three segments")
{
  const std::string compact = join(k_header, k_payload, k_signature);
  const auto token = parse_token(compact);
  REQUIRE(token.ok());
  CHECK(token->compact == compact);
  CHECK(token->first_dot == k_header.size());
  CHECK(token->second_dot == k_header.size() + 1 + k_payload.size());
  CHECK(token->header.dump() == R"({"alg":"HS256","typ":"JWT"})");
  CHECK(token->payload == R"({"sub":"a"})");
  CHECK(token->signature == "sig");
  CHECK(token->alg_name() == "HS256");
  CHECK(token->kid() == std::nullopt);
  CHECK(token->signing_input() == k_header + "." + k_payload);
  CHECK(token->signature_segment() == k_signature);
}

TEST_CASE("parse_token keeps the signing input exactly as received")
{
  // A header with CRLF and spaces: the signing input is the received text, not a re-encoding.
  const std::string header = base64url_encode("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
  const std::string compact = join(header, k_payload, k_signature);
  const auto token = parse_token(compact);
  REQUIRE(token.ok());
  CHECK(token->signing_input() == header + "." + k_payload);
  CHECK(token->signing_input() != base64url_encode(token->header.dump()) + "." + k_payload);
}

TEST_CASE("parse_token reads the kid")
{
  const auto named = parse_token(join(base64url_encode(R"({"alg":"HS256","kid":"k1"})"), k_payload, ""));
  REQUIRE(named.ok());
  CHECK(named->kid() == std::optional<std::string>("k1"));
  const auto unnamed = parse_token(join(base64url_encode(R"({"alg":"HS256"})"), k_payload, ""));
  REQUIRE(unnamed.ok());
  CHECK(unnamed->kid() == std::nullopt);
  // RFC 7515 §4.1.4: a kid is a string; another type is malformed, not "no kid".
  CHECK_ERROR(parse_token(join(base64url_encode(R"({"alg":"HS256","kid":7})"), k_payload, "")),
              ErrorKind::malformed,
              "header segment: \"kid\" must be a string, found number");
}

TEST_CASE("parse_token accepts empty signature and payload segments")
{
  const auto unsigned_token = parse_token(join(k_header, k_payload, ""));
  REQUIRE(unsigned_token.ok());
  CHECK(unsigned_token->signature.empty());
  CHECK(unsigned_token->signature_segment().empty());
  CHECK(unsigned_token->signing_input() == k_header + "." + k_payload);

  const auto no_payload = parse_token(join(k_header, "", k_signature));
  REQUIRE(no_payload.ok());
  CHECK(no_payload->payload.empty());
}

TEST_CASE("parse_token needs exactly three segments")
{
  CHECK_ERROR(parse_token(""), ErrorKind::malformed, "the token is empty");
  CHECK_ERROR(parse_token(k_header), ErrorKind::malformed, "a JWT has 3 segments separated by '.', this has 1");
  CHECK_ERROR(parse_token(k_header + "." + k_payload), ErrorKind::malformed, "this has 2");
  CHECK_ERROR(parse_token(join(k_header, k_payload, k_signature) + "." + k_signature), ErrorKind::malformed,
              "this has 4");
  CHECK_ERROR(parse_token("a.b.c.d.e"), ErrorKind::malformed, "this has 5 (5 segments is JWE, an encrypted token)");
  CHECK_ERROR(parse_token(join(k_header, k_payload, k_signature) + "."), ErrorKind::malformed, "this has 4");
  CHECK_ERROR(parse_token("...."), ErrorKind::malformed, "this has 5");
}

TEST_CASE("parse_token rejects an empty header segment")
{
  CHECK_ERROR(parse_token(join("", k_payload, k_signature)), ErrorKind::malformed, "header segment: it is empty");
  CHECK_ERROR(parse_token(".."), ErrorKind::malformed, "header segment: it is empty");
}

TEST_CASE("parse_token names the segment and the offset of bad base64url")
{
  SUBCASE("header")
  {
    CHECK_ERROR(parse_token(join("eyJ=", k_payload, k_signature)), ErrorKind::malformed,
                "header segment: invalid base64url character '=' at offset 3");
  }
  SUBCASE("payload")
  {
    const std::size_t offset = k_header.size() + 1 + 2;
    CHECK_ERROR(parse_token(join(k_header, "ab+c", k_signature)), ErrorKind::malformed,
                "payload segment: invalid base64url character '+' at offset " + std::to_string(offset));
  }
  SUBCASE("signature")
  {
    const std::size_t offset = k_header.size() + 1 + k_payload.size() + 1 + 1;
    CHECK_ERROR(parse_token(join(k_header, k_payload, "a/bc")), ErrorKind::malformed,
                "signature segment: invalid base64url character '/' at offset " + std::to_string(offset));
  }
  SUBCASE("non-canonical signature")
  {
    const std::size_t offset = k_header.size() + 1 + k_payload.size() + 1 + 1;
    CHECK_ERROR(parse_token(join(k_header, k_payload, "Zh")), ErrorKind::malformed,
                "signature segment: non-canonical base64url: unused trailing bits of the character at offset "
                  + std::to_string(offset));
  }
  SUBCASE("bad length")
  {
    CHECK_ERROR(parse_token(join(k_header, "AAAAA", k_signature)), ErrorKind::malformed,
                "payload segment: invalid base64url length 5");
  }
  SUBCASE("whitespace")
  {
    CHECK_ERROR(parse_token(join(k_header, k_payload, k_signature) + "\n"), ErrorKind::malformed,
                "signature segment: invalid base64url character '\\n'");
  }
}

TEST_CASE("parse_token needs a header that is a JSON object with a string alg")
{
  SUBCASE("not JSON")
  {
    CHECK_ERROR(parse_token(join(base64url_encode("not json"), k_payload, "")), ErrorKind::malformed,
                "header segment: invalid JSON");
  }
  SUBCASE("duplicate alg")
  {
    CHECK_ERROR(parse_token(join(base64url_encode(R"({"alg":"none","alg":"HS256"})"), k_payload, "")),
                ErrorKind::malformed, "header segment: duplicate member name \"alg\"");
  }
  SUBCASE("not an object")
  {
    CHECK_ERROR(parse_token(join(base64url_encode(R"(["alg","HS256"])"), k_payload, "")), ErrorKind::malformed,
                "header segment: expected a JSON object, found array");
    CHECK_ERROR(parse_token(join(base64url_encode(R"("HS256")"), k_payload, "")), ErrorKind::malformed,
                "header segment: expected a JSON object, found string");
  }
  SUBCASE("no alg")
  {
    const auto result = parse_token(join(base64url_encode(R"({"typ":"JWT"})"), k_payload, ""));
    CHECK_ERROR(result, ErrorKind::malformed, "header segment: no \"alg\" member");
    CHECK(result.error().claim == "alg");
  }
  SUBCASE("alg not a string")
  {
    const auto result = parse_token(join(base64url_encode(R"({"alg":256})"), k_payload, ""));
    CHECK_ERROR(result, ErrorKind::malformed, "header segment: \"alg\" must be a string, found number");
    CHECK(result.error().claim == "alg");
    CHECK_ERROR(parse_token(join(base64url_encode(R"({"alg":null})"), k_payload, "")), ErrorKind::malformed,
                "\"alg\" must be a string, found null");
  }
}

TEST_CASE("parse_token limits the token to k_max_token_bytes")
{
  CHECK(jwt::k_max_token_bytes == 1024 * 1024);
  CHECK_ERROR(parse_token(std::string(jwt::k_max_token_bytes + 1, 'A')), ErrorKind::malformed,
              "the token is 1048577 bytes, more than the limit of 1048576");

  // Exactly at the limit: a valid token padded with a long signature of zero bytes.
  for (const std::string_view payload : {"{}", "{ }"}) {
    const std::string prefix = k_header + "." + base64url_encode(payload) + ".";
    const std::size_t signature_length = jwt::k_max_token_bytes - prefix.size();
    if (signature_length % 4 == 1) {
      continue;
    }
    const std::string compact = prefix + std::string(signature_length, 'A');
    REQUIRE(compact.size() == jwt::k_max_token_bytes);
    CHECK(parse_token(compact).ok());
  }
}

TEST_CASE("parse_claims needs a JSON object")
{
  const auto parse_payload = [](std::string_view payload) {
    auto token = parse_token(join(k_header, base64url_encode(payload), ""));
    REQUIRE(token.ok());
    return jwt::parse_claims(*token);
  };
  const auto claims = parse_payload(R"({"z":1,"a":2})");
  REQUIRE(claims.ok());
  CHECK(claims->dump() == R"({"z":1,"a":2})");

  CHECK_ERROR(parse_payload("hello"), ErrorKind::malformed, "payload segment: invalid JSON");
  CHECK_ERROR(parse_payload(""), ErrorKind::malformed, "payload segment: invalid JSON");
  CHECK_ERROR(parse_payload("[1]"), ErrorKind::malformed,
              "payload segment: expected a JSON object of claims, found array");
  CHECK_ERROR(parse_payload("42"), ErrorKind::malformed, "found number");
  CHECK_ERROR(parse_payload(R"({"a":1,"a":1})"), ErrorKind::malformed, "payload segment: duplicate member name");
  CHECK_ERROR(parse_payload("{\"a\":\"\xff\"}"), ErrorKind::malformed, "payload segment: invalid JSON");
}

TEST_CASE("make_header writes alg then typ")
{
  CHECK(jwt::make_header(Algorithm::hs256).dump() == R"({"alg":"HS256","typ":"JWT"})");
  CHECK(jwt::make_header(Algorithm::hs384).dump() == R"({"alg":"HS384","typ":"JWT"})");
  CHECK(jwt::make_header(Algorithm::hs512).dump() == R"({"alg":"HS512","typ":"JWT"})");
}

// Known answer, computed independently with Python 3 when this test was written:
//   e = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
//   si = e(b'{"alg":"HS256","typ":"JWT"}') + "." + e(b'{"sub":"alice","iat":1700000000,'
//        b'"exp":1700001800,"type":"access","jti":"id1"}')
//   si + "." + e(hmac.new(b"0123456789abcdef0123456789abcdef", si.encode(), hashlib.sha256).digest())
constexpr std::string_view k_alice_token =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
  ".eyJzdWIiOiJhbGljZSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAxODAwLCJ0eXBlIjoiYWNjZXNzIiwianRpIjoiaWQxIn0"
  ".T6ds4hSsIbGmmdKSYz52FncGfwrP6zOUSbo3oSP0CtE";

TEST_CASE("mint_token matches an independently computed HS256 token")
{
  jwt::Signer signer = make_signer(Algorithm::hs256);
  const auto minted = jwt::mint_token(k_alice, signer);
  REQUIRE(minted.ok());
  CHECK(minted.value() == k_alice_token);
}

TEST_CASE("serialize_token matches an independently computed HS256 token")
{
  jwt::Signer signer = make_signer(Algorithm::hs256);
  const auto serialized = jwt::serialize_token(jwt::make_header(Algorithm::hs256), jwt::build_claims(k_alice), signer);
  REQUIRE(serialized.ok());
  CHECK(serialized.value() == k_alice_token);
}

TEST_CASE("mint_token output parses back for every algorithm")
{
  for (const Algorithm alg : jwt::k_hmac_algorithms) {
    CAPTURE(jwt::algorithm_name(alg));
    jwt::Signer signer = make_signer(alg);
    const auto minted = jwt::mint_token(k_alice, signer);
    REQUIRE(minted.ok());
    const auto token = parse_token(minted.value());
    REQUIRE(token.ok());
    CHECK(token->alg_name() == jwt::algorithm_name(alg));
    CHECK(token->signature.size() == jwt::digest_size(alg));
    CHECK(signer.verify(token->signing_input(), token->signature).ok());
    const auto claims = jwt::parse_claims(token.value());
    REQUIRE(claims.ok());
    CHECK(claims.value() == jwt::build_claims(k_alice));
  }
}

TEST_CASE("serialize_token refuses a header and claims that do not fit")
{
  jwt::Signer signer = make_signer(Algorithm::hs256);
  const Json claims = jwt::build_claims(k_alice);
  SUBCASE("header alg of another algorithm")
  {
    CHECK_ERROR(jwt::serialize_token(jwt::make_header(Algorithm::hs512), claims, signer), ErrorKind::invalid_argument,
                "the header's alg does not match the signing key");
  }
  SUBCASE("header alg in another case")
  {
    Json header = jwt::make_header(Algorithm::hs256);
    header["alg"] = "hs256";
    CHECK_ERROR(jwt::serialize_token(header, claims, signer), ErrorKind::invalid_argument, "does not match");
  }
  SUBCASE("header without alg")
  {
    CHECK_ERROR(jwt::serialize_token(Json::object(), claims, signer), ErrorKind::invalid_argument, "does not match");
  }
  SUBCASE("claims not an object")
  {
    CHECK_ERROR(jwt::serialize_token(jwt::make_header(Algorithm::hs256), Json::array(), signer),
                ErrorKind::invalid_argument, "the claims must be a JSON object");
  }
  SUBCASE("claims with invalid UTF-8")
  {
    Json bad = claims;
    bad["sub"] = std::string("\xff");
    CHECK_ERROR(jwt::serialize_token(jwt::make_header(Algorithm::hs256), bad, signer), ErrorKind::invalid_argument,
                "not valid UTF-8");
  }
}
