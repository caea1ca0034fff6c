#include "jwt/verify.hpp"

#include "jwt/base64url.hpp"

#include "asym_support.hpp"
#include "support.hpp"

#include <fmt/core.h>

#include <chrono>
#include <optional>
#include <string>

using jwt::Algorithm;
using jwt::AlgorithmSet;
using jwt::base64url_decode;
using jwt::base64url_encode;
using jwt::ErrorKind;
using jwt::Key;
using jwt::KeyRing;
using jwt::NumericDate;
using jwt::Secret;
using jwt::HmacSigner;
using jwt::Json;
using jwt::Verifier;
using jwt::VerifyPolicy;

namespace {

constexpr std::string_view k_key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
constexpr std::string_view k_other_key = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

// iat 1700000000, exp 1700001800.
const jwt::NewClaims k_alice = test::new_claims("alice", "access", NumericDate{1700000000}, std::chrono::seconds(1800), "id1");
constexpr NumericDate k_now{1700000100};

KeyRing ring_of(std::string_view secret, std::string kid = {}, std::optional<Algorithm> alg = std::nullopt)
{
  KeyRing ring;
  ring.add(Key{Secret(secret), std::nullopt, std::move(kid), alg});
  return ring;
}

std::string mint(Algorithm alg, std::string_view key = k_key, const jwt::NewClaims& claims = k_alice)
{
  auto signer = HmacSigner::create(alg, key);
  REQUIRE(signer.ok());
  auto token = jwt::mint_token(claims, jwt::Signer(std::move(signer).value()));
  REQUIRE(token.ok());
  return std::move(token).value();
}

// A token built by hand: base64url(header) "." base64url(payload) "." base64url(HMAC).
std::string sign_raw(Algorithm alg, std::string_view header, std::string_view payload, std::string_view key = k_key)
{
  const std::string signing_input = base64url_encode(header) + "." + base64url_encode(payload);
  auto signer = HmacSigner::create(alg, key);
  REQUIRE(signer.ok());
  const auto mac = signer->sign(signing_input);
  REQUIRE(mac.ok());
  return signing_input + "." + base64url_encode(mac.value());
}

// The segments of a compact token.
struct Parts {
  std::string header;
  std::string payload;
  std::string signature;
};

Parts split(std::string_view compact)
{
  const auto first = compact.find('.');
  const auto second = compact.find('.', first + 1);
  return Parts{std::string(compact.substr(0, first)),
               std::string(compact.substr(first + 1, second - first - 1)),
               std::string(compact.substr(second + 1))};
}

std::string join(const Parts& parts)
{
  return parts.header + "." + parts.payload + "." + parts.signature;
}

std::string decoded(std::string_view segment)
{
  auto bytes = base64url_decode(segment);
  REQUIRE(bytes.ok());
  return std::move(bytes).value();
}

VerifyPolicy expecting_type(std::string type)
{
  VerifyPolicy policy;
  policy.claims.expected_type = std::move(type);
  return policy;
}

} // namespace

TEST_CASE("Verifier accepts valid HS256 HS384 and HS512 tokens")
{
  const KeyRing ring = ring_of(k_key);
  Verifier verifier(ring, VerifyPolicy{});
  for (const Algorithm alg : jwt::k_hmac_algorithms) {
    CAPTURE(jwt::algorithm_name(alg));
    const std::string compact = mint(alg);
    const auto verified = verifier.verify(compact, k_now);
    REQUIRE_MESSAGE(verified.ok(), verified.error().message);
    CHECK(verified->alg == alg);
    CHECK(verified->token.compact == compact);
    CHECK(verified->claims == jwt::build_claims(k_alice));
    CHECK(verified->claims.at("sub") == "alice");
  }
}

TEST_CASE("Verifier reuses prepared signers")
{
  const KeyRing ring = ring_of(k_key);
  Verifier verifier(ring, VerifyPolicy{});
  const std::string hs256 = mint(Algorithm::hs256);
  const std::string hs512 = mint(Algorithm::hs512);
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    CHECK(verifier.verify(hs256, k_now).ok());
    CHECK(verifier.verify(hs512, k_now).ok());
    CHECK(verifier.verify(mint(Algorithm::hs256, k_other_key), k_now).error().kind == ErrorKind::bad_signature);
  }
  CHECK(verifier.policy().algorithms.contains(Algorithm::hs384));
}

TEST_CASE("Verifier never accepts alg none")
{
  const KeyRing ring = ring_of(k_key);
  Verifier verifier(ring, VerifyPolicy{});
  const std::string payload = base64url_encode(R"({"sub":"alice"})");
  for (const char* name : {"none", "None", "NONE", "nOnE"}) {
    CAPTURE(name);
    const std::string header = base64url_encode(std::string(R"({"alg":")") + name + R"("})");
    SUBCASE("empty signature")
    {
      const auto result = verifier.verify(header + "." + payload + ".", k_now);
      CHECK_ERROR(result, ErrorKind::alg_not_allowed, "is never accepted: the token is unsigned");
      CHECK(result.error().claim == "alg");
    }
    SUBCASE("with a signature")
    {
      const std::string compact = sign_raw(Algorithm::hs256, std::string(R"({"alg":")") + name + R"("})",
                                           R"({"sub":"alice"})");
      CHECK_ERROR(verifier.verify(compact, k_now), ErrorKind::alg_not_allowed, "is never accepted");
    }
  }
}

TEST_CASE("Verifier with an HMAC secret rejects every other algorithm, and names it jwtool does not implement")
{
  const KeyRing ring = ring_of(k_key);
  Verifier verifier(ring, VerifyPolicy{});
  // The key decides the family (RFC 8725 §3.1): a public-key alg never verifies with a secret.
  for (const char* name : {"RS256", "RS512", "ES256", "ES384", "ES512", "ES256K", "PS256", "PS384", "EdDSA"}) {
    CAPTURE(name);
    const std::string compact =
      sign_raw(Algorithm::hs256, std::string(R"({"alg":")") + name + R"("})", R"({"sub":"alice"})");
    const auto result = verifier.verify(compact, k_now);
    CHECK_ERROR(result, ErrorKind::alg_not_allowed,
                fmt::format("alg \"{}\" is not allowed: the key is an HMAC secret (HS256, HS384, HS512)", name));
    CHECK(result.error().claim == "alg");
  }
  for (const char* name : {"hs256", "Hs256", "HS256 ", "HS", "", "ES256k", "Ed25519"}) {
    CAPTURE(name);
    const std::string compact =
      sign_raw(Algorithm::hs256, std::string(R"({"alg":")") + name + R"("})", R"({"sub":"alice"})");
    const auto result = verifier.verify(compact, k_now);
    CHECK_ERROR(result, ErrorKind::alg_not_allowed, "is not allowed: jwtool verifies HS256, HS384, HS512, RS256");
    CHECK(result.error().claim == "alg");
  }
}

TEST_CASE("Verifier applies the policy's algorithm set")
{
  const KeyRing ring = ring_of(k_key);
  VerifyPolicy policy;
  policy.algorithms = AlgorithmSet::only(Algorithm::hs256);
  Verifier verifier(ring, policy);
  CHECK(verifier.verify(mint(Algorithm::hs256), k_now).ok());
  CHECK_ERROR(verifier.verify(mint(Algorithm::hs512), k_now), ErrorKind::alg_not_allowed,
              "alg \"HS512\" is not allowed: expected HS256");
  CHECK_ERROR(verifier.verify(mint(Algorithm::hs384), k_now), ErrorKind::alg_not_allowed, "expected HS256");
}

TEST_CASE("Verifier honours the algorithm a key is bound to")
{
  const KeyRing ring = ring_of(k_key, "", Algorithm::hs256);
  Verifier verifier(ring, VerifyPolicy{});
  CHECK(verifier.verify(mint(Algorithm::hs256), k_now).ok());
  const auto result = verifier.verify(mint(Algorithm::hs384), k_now);
  CHECK_ERROR(result, ErrorKind::alg_not_allowed, "alg \"HS384\" is not allowed: the key is for HS256");
  CHECK(result.error().claim == "alg");
}

TEST_CASE("Verifier rejects a bad signature")
{
  const KeyRing ring = ring_of(k_key);
  Verifier verifier(ring, VerifyPolicy{});
  const Parts parts = split(mint(Algorithm::hs256));

  SUBCASE("one payload byte changed")
  {
    std::string payload = decoded(parts.payload);
    const auto at = payload.find("alice");
    REQUIRE(at != std::string::npos);
    payload[at + 4] = 'f'; // "alicf"
    Parts altered = parts;
    altered.payload = base64url_encode(payload);
    CHECK_ERROR(verifier.verify(join(altered), k_now), ErrorKind::bad_signature,
                "signature does not match: wrong key or altered token");
  }
  SUBCASE("one header byte changed")
  {
    std::string header = decoded(parts.header);
    header.replace(header.find("JWT"), 3, "JWS");
    Parts altered = parts;
    altered.header = base64url_encode(header);
    CHECK_ERROR(verifier.verify(join(altered), k_now), ErrorKind::bad_signature, "signature does not match");
  }
  SUBCASE("one signature bit flipped")
  {
    std::string signature = decoded(parts.signature);
    signature[0] = static_cast<char>(signature[0] ^ 0x01);
    Parts altered = parts;
    altered.signature = base64url_encode(signature);
    CHECK_ERROR(verifier.verify(join(altered), k_now), ErrorKind::bad_signature, "signature does not match");
  }
  SUBCASE("wrong key")
  {
    CHECK_ERROR(verifier.verify(mint(Algorithm::hs256, k_other_key), k_now), ErrorKind::bad_signature,
                "signature does not match");
  }
  SUBCASE("truncated signature")
  {
    Parts altered = parts;
    altered.signature = base64url_encode(decoded(parts.signature).substr(0, 31));
    CHECK_ERROR(verifier.verify(join(altered), k_now), ErrorKind::bad_signature,
                "signature is 31 bytes, an HS256 signature is 32");
  }
  SUBCASE("extended signature")
  {
    Parts altered = parts;
    altered.signature = base64url_encode(decoded(parts.signature) + '\0');
    CHECK_ERROR(verifier.verify(join(altered), k_now), ErrorKind::bad_signature,
                "signature is 33 bytes, an HS256 signature is 32");
  }
  SUBCASE("empty signature")
  {
    Parts altered = parts;
    altered.signature.clear();
    CHECK_ERROR(verifier.verify(join(altered), k_now), ErrorKind::bad_signature,
                "signature is 0 bytes, an HS256 signature is 32");
  }
  SUBCASE("the HS256 MAC under an HS512 header")
  {
    const std::string header = base64url_encode(R"({"alg":"HS512","typ":"JWT"})");
    auto signer = HmacSigner::create(Algorithm::hs256, k_key);
    REQUIRE(signer.ok());
    const std::string signing_input = header + "." + parts.payload;
    const std::string compact = signing_input + "." + base64url_encode(signer->sign(signing_input).value());
    CHECK_ERROR(verifier.verify(compact, k_now), ErrorKind::bad_signature,
                "signature is 32 bytes, an HS512 signature is 64");
  }
}

TEST_CASE("Verifier refuses header extensions it does not implement")
{
  const KeyRing ring = ring_of(k_key);
  Verifier verifier(ring, VerifyPolicy{});
  const std::string claims = R"({"sub":"alice"})";
  SUBCASE("crit")
  {
    const auto result =
      verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256","crit":["exp"],"exp":1})", claims), k_now);
    CHECK_ERROR(result, ErrorKind::unsupported_header,
                "header lists critical extensions [\"exp\"]; jwtool implements none");
    CHECK(result.error().claim == "crit");
  }
  SUBCASE("crit is checked before alg")
  {
    CHECK_ERROR(verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"none","crit":[]})", claims), k_now),
                ErrorKind::unsupported_header, "critical extensions");
  }
  SUBCASE("b64 false")
  {
    const auto result = verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256","b64":false})", claims), k_now);
    CHECK_ERROR(result, ErrorKind::unsupported_header, "\"b64\" other than true");
    CHECK(result.error().claim == "b64");
  }
  SUBCASE("b64 not a boolean")
  {
    CHECK_ERROR(verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256","b64":"false"})", claims), k_now),
                ErrorKind::unsupported_header, "\"b64\" other than true");
  }
  SUBCASE("b64 true is the default")
  {
    CHECK(verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256","b64":true})", claims), k_now).ok());
  }
  SUBCASE("RFC 7797 section 4.2 token")
  {
    // RFC 7797 §4.2 (b64 false, listed in crit), as published.
    const auto key = base64url_decode(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
    REQUIRE(key.ok());
    const KeyRing rfc_ring = ring_of(key.value());
    Verifier rfc_verifier(rfc_ring, VerifyPolicy{});
    CHECK_ERROR(rfc_verifier.verify("eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..A5dxf2s96_n5FLueVuW1Z_"
                                    "vh161FwXZC4YLPff6dmDY",
                                    k_now),
                ErrorKind::unsupported_header, "critical extensions");
  }
}

TEST_CASE("Verifier reports a validly signed payload that is not a claims set")
{
  const KeyRing ring = ring_of(k_key);
  Verifier verifier(ring, VerifyPolicy{});
  SUBCASE("hello")
  {
    const std::string compact = sign_raw(Algorithm::hs256, R"({"alg":"HS256"})", "hello");
    // The same token computed with Python 3: base64url(header) "." base64url(b"hello") "."
    // base64url(hmac.new(k_key, signing_input, sha256).digest()).
    CHECK(compact == "eyJhbGciOiJIUzI1NiJ9.aGVsbG8.0tXg-Ku8KZv6Vd2c4Dc6K3rFenjGOGOJSbwWsJPBL1s");
    CHECK_ERROR(verifier.verify(compact, k_now), ErrorKind::not_a_claims_set,
                "the signature is valid but the payload is not a JWT claims set: payload segment: invalid JSON");
  }
  SUBCASE("a JSON array")
  {
    CHECK_ERROR(verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256"})", "[1]"), k_now),
                ErrorKind::not_a_claims_set, "signature is valid");
  }
  SUBCASE("an empty payload")
  {
    CHECK_ERROR(verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256"})", ""), k_now),
                ErrorKind::not_a_claims_set, "signature is valid");
  }
  SUBCASE("RFC 7520 section 4.4")
  {
    // RFC 7520 §4.4, as published: a JWS whose
    // payload is English text. Its header has a kid; a single unnamed key serves it.
    const auto key = base64url_decode("hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg");
    REQUIRE(key.ok());
    const KeyRing rfc_ring = ring_of(key.value());
    Verifier rfc_verifier(rfc_ring, VerifyPolicy{});
    const auto result = rfc_verifier.verify(
      "eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9"
      ".SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5"
      "kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4"
      ".s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0",
      k_now);
    CHECK_ERROR(result, ErrorKind::not_a_claims_set, "signature is valid");
  }
}

TEST_CASE("Verifier propagates malformed tokens")
{
  const KeyRing ring = ring_of(k_key);
  Verifier verifier(ring, VerifyPolicy{});
  CHECK_ERROR(verifier.verify("", k_now), ErrorKind::malformed, "the token is empty");
  CHECK_ERROR(verifier.verify("a.b", k_now), ErrorKind::malformed, "this has 2");
  CHECK_ERROR(verifier.verify(mint(Algorithm::hs256) + " ", k_now), ErrorKind::malformed, "signature segment");
}

TEST_CASE("Verifier propagates claim failures")
{
  const KeyRing ring = ring_of(k_key);
  const std::string compact = mint(Algorithm::hs256);
  SUBCASE("expired")
  {
    Verifier verifier(ring, VerifyPolicy{});
    CHECK(verifier.verify(compact, NumericDate{1700001799.5}).ok());
    const auto result = verifier.verify(compact, NumericDate{1700001800});
    CHECK_ERROR(result, ErrorKind::expired, "token expired at 2023-11-14T22:43:20Z");
    CHECK(result.error().claim == "exp");
  }
  SUBCASE("leeway")
  {
    VerifyPolicy policy;
    policy.claims.leeway = std::chrono::seconds(60);
    Verifier verifier(ring, policy);
    CHECK(verifier.verify(compact, NumericDate{1700001859}).ok());
    CHECK_ERROR(verifier.verify(compact, NumericDate{1700001860}), ErrorKind::expired, "leeway 1m");
  }
  SUBCASE("issued_in_future")
  {
    Verifier verifier(ring, VerifyPolicy{});
    CHECK_ERROR(verifier.verify(compact, NumericDate{1699999999}), ErrorKind::issued_in_future,
                "token issued in the future");
  }
  SUBCASE("not_yet_valid")
  {
    Verifier verifier(ring, VerifyPolicy{});
    const std::string nbf = sign_raw(Algorithm::hs256, R"({"alg":"HS256"})", R"({"nbf":1700000200})");
    CHECK_ERROR(verifier.verify(nbf, k_now), ErrorKind::not_yet_valid, "token not valid before");
    CHECK(verifier.verify(nbf, NumericDate{1700000200}).ok());
  }
  SUBCASE("invalid_claim")
  {
    Verifier verifier(ring, VerifyPolicy{});
    CHECK_ERROR(verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256"})", R"({"exp":"never"})"), k_now),
                ErrorKind::invalid_claim, "\"exp\" must be a NumericDate");
  }
  SUBCASE("wrong_type")
  {
    Verifier refresh(ring, expecting_type("refresh"));
    CHECK_ERROR(refresh.verify(compact, k_now), ErrorKind::wrong_type,
                "expected a token of type \"refresh\", got \"access\"");
    Verifier access(ring, expecting_type("access"));
    CHECK(access.verify(compact, k_now).ok());
  }
}

TEST_CASE("Verifier chooses the key by kid")
{
  KeyRing ring;
  ring.add(Key{Secret(k_key), std::nullopt, "a", std::nullopt});
  ring.add(Key{Secret(k_other_key), std::nullopt, "b", std::nullopt});
  Verifier verifier(ring, VerifyPolicy{});
  const std::string claims = R"({"sub":"alice"})";

  CHECK(verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256","kid":"a"})", claims, k_key), k_now).ok());
  CHECK(verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256","kid":"b"})", claims, k_other_key), k_now).ok());
  CHECK_ERROR(verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256","kid":"a"})", claims, k_other_key), k_now),
              ErrorKind::bad_signature, "signature does not match");
  CHECK_ERROR(verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256","kid":"c"})", claims, k_key), k_now),
              ErrorKind::key_not_found, "no key has kid \"c\"");
  CHECK_ERROR(verifier.verify(sign_raw(Algorithm::hs256, R"({"alg":"HS256"})", claims, k_key), k_now),
              ErrorKind::key_not_found, "the token has no kid");
}

TEST_CASE("Verifier checks the RFC 7515 A.1 token over the bytes as received")
{
  // RFC 7515 Appendix A.1 (also RFC 7519 §3.1), as published. Its header and
  // payload contain CRLF: re-serialising the parsed JSON would give a different MAC.
  constexpr std::string_view k_jwk_k =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
  constexpr std::string_view k_compact =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const auto key = base64url_decode(k_jwk_k);
  REQUIRE(key.ok());
  CHECK(key->size() == 64);
  const KeyRing ring = ring_of(key.value());
  Verifier verifier(ring, VerifyPolicy{});

  const auto verified = verifier.verify(k_compact, NumericDate{1300819379});
  REQUIRE_MESSAGE(verified.ok(), verified.error().message);
  CHECK(verified->alg == Algorithm::hs256);
  CHECK(verified->token.header.dump() == R"({"typ":"JWT","alg":"HS256"})");
  CHECK(verified->claims.dump() == R"({"iss":"joe","exp":1300819380,"http://example.com/is_root":true})");
  CHECK(verified->token.payload
        == "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");

  CHECK_ERROR(verifier.verify(k_compact, NumericDate{1300819380}), ErrorKind::expired,
              "token expired at 2011-03-22T18:43:00Z");

  // The same header and payload without the CRLFs, and the same signature: no longer valid.
  const Parts parts = split(k_compact);
  const Parts compacted{base64url_encode(verified->token.header.dump()),
                        base64url_encode(verified->claims.dump()),
                        parts.signature};
  CHECK_ERROR(verifier.verify(join(compacted), NumericDate{1300819379}), ErrorKind::bad_signature,
              "signature does not match");
}

TEST_CASE("check_header on its own")
{
  // Each token keeps its text and decoder alive for the views check_header reads.
  std::vector<std::pair<std::string, jwt::TokenDecoder>> decoders(4);
  std::size_t used = 0;
  const auto header_of = [&](std::string_view header) {
    auto& [text, decoder] = decoders.at(used++);
    text = base64url_encode(header) + ".e30.";
    auto token = decoder.decode(text);
    REQUIRE(token.ok());
    return std::move(token).value();
  };
  const auto hs384 = jwt::check_header(header_of(R"({"alg":"HS384"})"), AlgorithmSet::of_family(jwt::AlgorithmFamily::hmac));
  REQUIRE(hs384.ok());
  CHECK(hs384.value() == Algorithm::hs384);
  CHECK_ERROR(jwt::check_header(header_of(R"({"alg":"HS384"})"), AlgorithmSet::only(Algorithm::hs512)),
              ErrorKind::alg_not_allowed, "expected HS512");
  CHECK_ERROR(jwt::check_header(header_of(R"({"alg":"none"})"), AlgorithmSet::of_family(jwt::AlgorithmFamily::hmac)), ErrorKind::alg_not_allowed,
              "alg \"none\" is never accepted");
  CHECK_ERROR(jwt::check_header(header_of(R"({"alg":"HS256","crit":["b64"],"b64":false})"), AlgorithmSet::of_family(jwt::AlgorithmFamily::hmac)),
              ErrorKind::unsupported_header, "critical extensions");
}

namespace {

std::string vector_field(const std::string& id, const char* field)
{
  for (const auto& vector : test::asym_vectors()) {
    if (vector.at("id") == id) {
      return vector.at(field).get<std::string>();
    }
  }
  FAIL("no vector " << id);
  return {};
}

constexpr NumericDate k_rfc7515_now{1300819000};

} // namespace

TEST_CASE("Verifier checks public-key tokens: RFC 7515 A.2 and A.3 with their public keys")
{
  for (const char* id : {"rfc7515-appendix-A.2", "rfc7515-appendix-A.3"}) {
    CAPTURE(id);
    KeyRing ring;
    ring.add(test::vector_key(id));
    Verifier verifier(ring, VerifyPolicy{});
    const auto verified = verifier.verify(vector_field(id, "compact"), k_rfc7515_now);
    REQUIRE_MESSAGE(verified.ok(), (verified.ok() ? std::string() : verified.error().message));
    CHECK(verified->claims.at("iss") == "joe");
  }
}

TEST_CASE("Verifier checks a signed non-JSON payload's signature first, then refuses it as a JWT")
{
  KeyRing ring;
  ring.add(test::vector_key("rfc7515-appendix-A.4"));
  Verifier verifier(ring, VerifyPolicy{});
  const std::string compact = vector_field("rfc7515-appendix-A.4", "compact");
  CHECK_ERROR(verifier.verify(compact, k_rfc7515_now), ErrorKind::not_a_claims_set,
              "the signature is valid but the payload is not a JWT claims set");
  std::string flipped = compact;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  CHECK_ERROR(verifier.verify(flipped, k_rfc7515_now), ErrorKind::bad_signature, "");
}

TEST_CASE("Verifier: the key decides the family, in both directions (RFC 8725 §3.1)")
{
  const std::string public_pem = vector_field("rfc7515-appendix-A.2", "public_key_pem");
  // An HS256 token MACed with the public key's PEM bytes, checked with that public key.
  const std::string forged = sign_raw(Algorithm::hs256, R"({"alg":"HS256"})", R"({"sub":"mallory"})", public_pem);
  KeyRing rsa;
  rsa.add(test::vector_key("rfc7515-appendix-A.2"));
  Verifier with_rsa(rsa, VerifyPolicy{});
  CHECK_ERROR(with_rsa.verify(forged, k_now), ErrorKind::alg_not_allowed,
              "alg \"HS256\" is not allowed: the key is an RSA 2048-bit key (RS256, RS384, RS512, PS256, PS384, PS512)");
  // An RS256 token checked with an HMAC secret.
  const KeyRing secret = ring_of(k_key);
  Verifier with_secret(secret, VerifyPolicy{});
  CHECK_ERROR(with_secret.verify(vector_field("rfc7515-appendix-A.2", "compact"), k_rfc7515_now),
              ErrorKind::alg_not_allowed, "alg \"RS256\" is not allowed: the key is an HMAC secret (HS256, HS384, HS512)");
  // An ES256 token checked with an EC key of another curve.
  KeyRing p521;
  p521.add(test::vector_key("rfc7515-appendix-A.4"));
  Verifier with_p521(p521, VerifyPolicy{});
  CHECK_ERROR(with_p521.verify(vector_field("rfc7515-appendix-A.3", "compact"), k_rfc7515_now),
              ErrorKind::alg_not_allowed, "alg \"ES256\" is not allowed: the key is an EC P-521 key (ES512)");
}

TEST_CASE("Verifier picks the key of the token's key type in a mixed set; a kid naming another type is refused")
{
  KeyRing ring;
  ring.add(Key{Secret(k_key), std::nullopt, "hmac", std::nullopt});
  Key rsa = test::vector_key("rfc7515-appendix-A.2", true);
  rsa.kid = "rsa";
  ring.add(std::move(rsa));
  Verifier verifier(ring, VerifyPolicy{});
  // RFC 7515 A.2 names no kid: the only RSA key checks it.
  CHECK(verifier.verify(vector_field("rfc7515-appendix-A.2", "compact"), k_rfc7515_now).ok());
  CHECK(verifier.verify(mint(Algorithm::hs256), k_now).ok());
  // A kid that names the HMAC key on an RS256 token.
  Verifier other(ring, VerifyPolicy{});
  const std::string compact = vector_field("rfc7515-appendix-A.2", "compact");
  const std::string header = base64url_encode(R"({"alg":"RS256","kid":"hmac"})");
  const std::string renamed = header + compact.substr(compact.find('.'));
  CHECK_ERROR(other.verify(renamed, k_rfc7515_now), ErrorKind::alg_not_allowed,
              "alg \"RS256\" is not allowed: the key is an HMAC secret");
}

TEST_CASE("Verifier ignores jwk, jku, x5u and x5c headers: they never supply a key")
{
  // A token signed by an attacker's RSA key that carries that key in its header.
  Key attacker = test::vector_key("rfc7520-section-4.1", true);
  auto signer = jwt::Signer::create(attacker, Algorithm::rs256);
  REQUIRE(signer.ok());
  const Json header = {{"alg", "RS256"}, {"jwk", attacker.pkey->public_jwk()}, {"jku", "https://evil.example/jwks"},
                       {"x5u", "https://evil.example/cert"}, {"x5c", Json::array({"MIIB"})}};
  const auto token = jwt::serialize_token(header, Json{{"sub", "mallory"}}, *signer);
  REQUIRE(token.ok());
  KeyRing ring;
  ring.add(test::vector_key("rfc7515-appendix-A.2"));
  Verifier verifier(ring, VerifyPolicy{});
  CHECK_ERROR(verifier.verify(*token, k_now), ErrorKind::bad_signature, "signature does not match");
  // The same headers on a token the right key signed: ignored.
  Key right = test::vector_key("rfc7515-appendix-A.2", true);
  auto right_signer = jwt::Signer::create(right, Algorithm::rs256);
  REQUIRE(right_signer.ok());
  const auto good = jwt::serialize_token(header, Json{{"sub", "alice"}}, *right_signer);
  REQUIRE(good.ok());
  CHECK(verifier.verify(*good, k_now).ok());
}
