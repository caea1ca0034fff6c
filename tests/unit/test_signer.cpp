#include "jwt/signer.hpp"

#include "asym_support.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <string>

using jwt::Algorithm;
using jwt::ErrorKind;
using jwt::Key;
using jwt::PKey;
using jwt::Secret;
using jwt::Signer;

namespace {

constexpr std::string_view k_input = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9";

Key secret_key(std::string_view bytes)
{
  Key key;
  key.secret = Secret(bytes);
  return key;
}

Signer make(const Key& key, Algorithm alg)
{
  auto signer = Signer::create(key, alg);
  REQUIRE_MESSAGE(signer.ok(), (signer.ok() ? std::string() : signer.error().message));
  return std::move(signer).value();
}

} // namespace

TEST_CASE("Signer signs and verifies with a secret and with every kind of public key")
{
  struct Case {
    const char* vector; // empty: an HMAC secret
    Algorithm alg;
  };
  for (const Case& c : {Case{"", Algorithm::hs256}, Case{"", Algorithm::hs512},
                        Case{"rfc7515-appendix-A.2", Algorithm::rs256}, Case{"rfc7515-appendix-A.2", Algorithm::ps512},
                        Case{"rfc7515-appendix-A.3", Algorithm::es256}, Case{"rfc7515-appendix-A.4", Algorithm::es512},
                        Case{"rfc8037-appendix-A.4", Algorithm::eddsa}}) {
    CAPTURE(jwt::algorithm_name(c.alg));
    const Key key = *c.vector == '\0' ? secret_key(std::string(64, 'k')) : test::vector_key(c.vector, true);
    const Signer signer = make(key, c.alg);
    CHECK(signer.algorithm() == c.alg);
    const auto signature = signer.sign(k_input);
    REQUIRE(signature.ok());
    CHECK(signer.verify(k_input, *signature).ok());
    std::string reused = "old bytes";
    REQUIRE(signer.sign_into(k_input, reused).ok());
    CHECK(signer.verify(k_input, reused).ok());
    CHECK_ERROR(signer.verify("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ", *signature), ErrorKind::bad_signature,
                "signature does not match: wrong key or altered token");
  }
}

TEST_CASE("Signer verifies with the public half and cannot sign with it")
{
  const Signer signer = make(test::vector_key("rfc7515-appendix-A.2", true), Algorithm::rs256);
  const auto signature = signer.sign(k_input);
  REQUIRE(signature.ok());
  const Signer public_signer = make(test::vector_key("rfc7515-appendix-A.2", false), Algorithm::rs256);
  CHECK(public_signer.verify(k_input, *signature).ok());
  CHECK_ERROR(public_signer.sign(k_input), ErrorKind::invalid_key, "a public key can only verify");
}

TEST_CASE("Signer refuses an algorithm the key cannot do: the key decides the family")
{
  CHECK_ERROR(Signer::create(secret_key("0123456789abcdef0123456789abcdef"), Algorithm::rs256), ErrorKind::invalid_key,
              "the key is an HMAC secret, which does HS256, HS384, HS512, not RS256");
  CHECK_ERROR(Signer::create(test::vector_key("rfc7515-appendix-A.2", false), Algorithm::hs256), ErrorKind::invalid_key,
              "the key is an RSA 2048-bit key, which does RS256, RS384, RS512, PS256, PS384, PS512, not HS256");
  CHECK_ERROR(Signer::create(test::vector_key("rfc7515-appendix-A.3", false), Algorithm::es384), ErrorKind::invalid_key,
              "the key is an EC P-256 key, which does ES256, not ES384");
  CHECK_ERROR(Signer::create(test::vector_key("rfc8037-appendix-A.4", false), Algorithm::es256), ErrorKind::invalid_key,
              "the key is an OKP Ed25519 key, which does EdDSA, not ES256");
  Key bound = test::vector_key("rfc7515-appendix-A.2", false);
  bound.alg = Algorithm::ps256;
  CHECK_ERROR(Signer::create(bound, Algorithm::ps384), ErrorKind::invalid_key, "the key is for PS256 only");
}

TEST_CASE("Signer with HMAC names a signature of the wrong length")
{
  const Signer signer = make(secret_key(std::string(32, 'k')), Algorithm::hs256);
  CHECK_ERROR(signer.verify(k_input, std::string(31, 'x')), ErrorKind::bad_signature,
              "signature is 31 bytes, an HS256 signature is 32");
}
