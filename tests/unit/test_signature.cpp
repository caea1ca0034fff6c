#include "jwt/signature.hpp"

#include "asym_support.hpp"
#include "jwt/base64url.hpp"
#include "jwt/pkey.hpp"
#include "support.hpp"

#include <doctest/doctest.h>
#include <fmt/core.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <string>
#include <thread>
#include <vector>

using jwt::Algorithm;
using jwt::Curve;
using jwt::ErrorKind;
using jwt::Json;
using jwt::PKey;
using jwt::PkeySigner;

namespace {

constexpr std::string_view k_input = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9";

PKey import_jwk(const Json& jwk)
{
  auto key = PKey::from_jwk(jwk);
  REQUIRE_MESSAGE(key.ok(), (key.ok() ? std::string() : key.error().message));
  return std::move(key).value();
}

PKey import_pem(const std::string& pem)
{
  auto key = PKey::from_pem_or_der(pem);
  REQUIRE_MESSAGE(key.ok(), (key.ok() ? std::string() : key.error().message));
  return std::move(key).value();
}

PkeySigner signer_for(const PKey& key, Algorithm alg)
{
  auto signer = PkeySigner::create(key, alg);
  REQUIRE_MESSAGE(signer.ok(), (signer.ok() ? std::string() : signer.error().message));
  return std::move(signer).value();
}

std::string flip_bit(std::string bytes, std::size_t at, unsigned char mask = 0x01)
{
  bytes[at] = static_cast<char>(static_cast<unsigned char>(bytes[at]) ^ mask);
  return bytes;
}

// A signature made by OpenSSL directly, bypassing PkeySigner: for ECDSA its DER form; for RSA
// with the given padding and PSS salt length.
std::string openssl_sign(const PKey& key, const char* md, int padding = 0, int salt_length = 0)
{
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pkey_ctx = nullptr;
  REQUIRE(EVP_DigestSignInit_ex(ctx, &pkey_ctx, md, nullptr, nullptr, key.get(), nullptr) == 1);
  if (padding != 0) {
    REQUIRE(EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, padding) == 1);
  }
  if (padding == RSA_PKCS1_PSS_PADDING) {
    REQUIRE(EVP_PKEY_CTX_set_rsa_pss_saltlen(pkey_ctx, salt_length) == 1);
  }
  std::string out(static_cast<std::size_t>(EVP_PKEY_get_size(key.get())), '\0');
  std::size_t size = out.size();
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
  const int signed_ok = EVP_DigestSign(ctx,
                                       reinterpret_cast<unsigned char*>(out.data()),
                                       &size,
                                       reinterpret_cast<const unsigned char*>(k_input.data()),
                                       k_input.size());
  EVP_MD_CTX_free(ctx);
  REQUIRE(signed_ok == 1);
  out.resize(size);
  return out;
}

const PKey& rsa_key()
{
  static const PKey key = PKey::generate_rsa(2048).value();
  return key;
}

} // namespace

TEST_CASE("every published signature verifies, and fails with one bit flipped")
{
  for (const Json& vector : test::asym_vectors()) {
    const std::string id = vector.at("id");
    CAPTURE(id);
    const Algorithm alg = jwt::parse_jose_algorithm(vector.at("alg").get<std::string>()).value();
    const test::Compact compact = test::split_compact(vector.at("compact"));
    for (const PKey& key : {import_jwk(vector.at("jwk_public")),
                            import_jwk(vector.at("jwk")),
                            import_pem(vector.at("public_key_pem")),
                            import_pem(vector.at("private_key_pem"))}) {
      const PkeySigner signer = signer_for(key, alg);
      CHECK(signer.algorithm() == alg);
      CHECK(signer.can_sign() == key.is_private());
      CHECK(signer.verify(compact.signing_input, compact.signature).ok());
      for (const std::size_t at : {std::size_t{0}, compact.signature.size() / 2, compact.signature.size() - 1}) {
        CAPTURE(at);
        CHECK_ERROR(signer.verify(compact.signing_input, flip_bit(compact.signature, at)), ErrorKind::bad_signature,
                    "");
      }
      CHECK_ERROR(signer.verify(flip_bit(compact.signing_input, 3, 0x02), compact.signature), ErrorKind::bad_signature,
                  "");
    }
  }
}

TEST_CASE("deterministic published signatures are reproduced byte for byte")
{
  std::size_t reproduced = 0;
  for (const Json& vector : test::asym_vectors()) {
    if (!vector.at("deterministic").get<bool>()) {
      continue;
    }
    CAPTURE(vector.at("id").get<std::string>());
    const Algorithm alg = jwt::parse_jose_algorithm(vector.at("alg").get<std::string>()).value();
    const test::Compact compact = test::split_compact(vector.at("compact"));
    for (const PKey& key : {import_jwk(vector.at("jwk")), import_pem(vector.at("private_key_pem"))}) {
      const auto signature = signer_for(key, alg).sign(compact.signing_input);
      REQUIRE(signature.ok());
      CHECK(test::to_hex(*signature) == test::to_hex(compact.signature));
      ++reproduced;
    }
  }
  CHECK(reproduced == 6); // RFC 7515 A.2, RFC 7520 4.1 (RS256), RFC 8037 A.4 (Ed25519), each from JWK and PEM
}

TEST_CASE("sign then verify, for every public-key algorithm")
{
  struct Case {
    Algorithm alg;
    std::optional<Curve> curve;
    std::size_t size;
  };
  const Case cases[] = {{Algorithm::rs256, std::nullopt, 256}, {Algorithm::rs384, std::nullopt, 256},
                        {Algorithm::rs512, std::nullopt, 256}, {Algorithm::ps256, std::nullopt, 256},
                        {Algorithm::ps384, std::nullopt, 256}, {Algorithm::ps512, std::nullopt, 256},
                        {Algorithm::es256, Curve::p256, 64},   {Algorithm::es384, Curve::p384, 96},
                        {Algorithm::es512, Curve::p521, 132},  {Algorithm::es256k, Curve::secp256k1, 64},
                        {Algorithm::eddsa, Curve::ed25519, 64}, {Algorithm::eddsa, Curve::ed448, 114}};
  for (const Case& c : cases) {
    CAPTURE(jwt::algorithm_name(c.alg));
    CAPTURE(c.size);
    const PKey key = c.curve ? PKey::generate(*c.curve).value() : rsa_key();
    const PkeySigner signer = signer_for(key, c.alg);
    const auto signature = signer.sign(k_input);
    REQUIRE(signature.ok());
    CHECK(signature->size() == c.size);
    CHECK(signer.verify(k_input, *signature).ok());
    CHECK(signer.verify(k_input, signer.sign(k_input).value()).ok());
    CHECK_ERROR(signer.verify("other input", *signature), ErrorKind::bad_signature, "signature does not match");

    // The public half alone verifies, and cannot sign.
    const PkeySigner verifier = signer_for(import_jwk(key.public_jwk()), c.alg);
    CHECK_FALSE(verifier.can_sign());
    CHECK(verifier.verify(k_input, *signature).ok());
    CHECK_ERROR(verifier.sign(k_input), ErrorKind::invalid_key, "a public key can only verify");

    // A signature one byte short or long is refused for its length.
    CHECK_ERROR(verifier.verify(k_input, signature->substr(1)), ErrorKind::bad_signature,
                fmt::format("signature is {} bytes, expected {}", c.size - 1, c.size));
    CHECK_ERROR(verifier.verify(k_input, *signature + "x"), ErrorKind::bad_signature, "bytes, expected");
    CHECK_ERROR(verifier.verify(k_input, ""), ErrorKind::bad_signature, "signature is 0 bytes");
  }
}

TEST_CASE("PS*: only a salt as long as the hash verifies")
{
  const PkeySigner verifier = signer_for(rsa_key(), Algorithm::ps256);
  // The same OpenSSL call with salt = hash length verifies: the refusals below are the salt's.
  CHECK(verifier.verify(k_input, openssl_sign(rsa_key(), "SHA256", RSA_PKCS1_PSS_PADDING, 32)).ok());
  CHECK_ERROR(verifier.verify(k_input, openssl_sign(rsa_key(), "SHA256", RSA_PKCS1_PSS_PADDING, 0)),
              ErrorKind::bad_signature, "signature does not match");
  CHECK_ERROR(verifier.verify(k_input, openssl_sign(rsa_key(), "SHA256", RSA_PKCS1_PSS_PADDING, 20)),
              ErrorKind::bad_signature, "signature does not match");
  CHECK_ERROR(verifier.verify(k_input, openssl_sign(rsa_key(), "SHA256", RSA_PKCS1_PSS_PADDING, RSA_PSS_SALTLEN_MAX)),
              ErrorKind::bad_signature, "signature does not match");
  // PKCS#1 v1.5 and PSS do not stand in for each other.
  const std::string pkcs1 = openssl_sign(rsa_key(), "SHA256", RSA_PKCS1_PADDING);
  CHECK(signer_for(rsa_key(), Algorithm::rs256).verify(k_input, pkcs1).ok());
  CHECK_ERROR(verifier.verify(k_input, pkcs1), ErrorKind::bad_signature, "");
  CHECK_ERROR(signer_for(rsa_key(), Algorithm::rs256).verify(k_input, signer_for(rsa_key(), Algorithm::ps256).sign(k_input).value()),
              ErrorKind::bad_signature, "");
  // Nor do the hashes.
  CHECK_ERROR(signer_for(rsa_key(), Algorithm::ps384).verify(k_input, signer_for(rsa_key(), Algorithm::ps256).sign(k_input).value()),
              ErrorKind::bad_signature, "");
}

TEST_CASE("RS*: a signature not below the modulus is refused")
{
  const PkeySigner signer = signer_for(rsa_key(), Algorithm::rs256);
  CHECK_ERROR(signer.verify(k_input, std::string(256, '\xff')), ErrorKind::bad_signature, "signature does not match");
  CHECK_ERROR(signer.verify(k_input, std::string(256, '\0')), ErrorKind::bad_signature, "signature does not match");
}

TEST_CASE("ES*: only R||S of exact length, each in [1, order - 1]")
{
  const PKey key = PKey::generate(Curve::p256).value();
  const PkeySigner signer = signer_for(key, Algorithm::es256);
  const std::string good = signer.sign(k_input).value();
  const std::string r = good.substr(0, 32);
  const std::string s = good.substr(32);
  const std::string zero(32, '\0');
  // The order n of P-256 (SEC 2 §2.4.2), and n + 1.
  const std::string order = test::from_hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  const std::string above = test::from_hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632552");

  CHECK(signer.verify(k_input, r + s).ok());
  SUBCASE("a DER-encoded signature, valid as DER, is refused for its length")
  {
    const std::string der = openssl_sign(key, "SHA256");
    CHECK(der[0] == '\x30');
    CHECK_ERROR(signer.verify(k_input, der), ErrorKind::bad_signature,
                fmt::format("ES256 signature is {} bytes, expected 64 (R||S: a DER-encoded ECDSA signature", der.size()));
  }
  SUBCASE("zero r or s (CVE-2022-21449)")
  {
    CHECK_ERROR(signer.verify(k_input, zero + zero), ErrorKind::bad_signature, "ECDSA signature has r = 0");
    CHECK_ERROR(signer.verify(k_input, zero + s), ErrorKind::bad_signature, "ECDSA signature has r = 0");
    CHECK_ERROR(signer.verify(k_input, r + zero), ErrorKind::bad_signature, "ECDSA signature has s = 0");
  }
  SUBCASE("r or s not below the order")
  {
    CHECK_ERROR(signer.verify(k_input, order + s), ErrorKind::bad_signature, "r not below the group order");
    CHECK_ERROR(signer.verify(k_input, above + s), ErrorKind::bad_signature, "r not below the group order");
    CHECK_ERROR(signer.verify(k_input, r + order), ErrorKind::bad_signature, "s not below the group order");
    CHECK_ERROR(signer.verify(k_input, r + std::string(32, '\xff')), ErrorKind::bad_signature,
                "s not below the group order");
  }
  SUBCASE("P-521's 66-byte halves")
  {
    const PkeySigner p521 = signer_for(PKey::generate(Curve::p521).value(), Algorithm::es512);
    const std::string sig = p521.sign(k_input).value();
    REQUIRE(sig.size() == 132);
    CHECK_ERROR(p521.verify(k_input, std::string(66, '\0') + sig.substr(66)), ErrorKind::bad_signature, "r = 0");
    CHECK_ERROR(p521.verify(k_input, sig.substr(0, 66) + std::string(66, '\xff')), ErrorKind::bad_signature,
                "s not below the group order");
  }
}

TEST_CASE("EdDSA signatures of the wrong length are refused")
{
  const PkeySigner ed25519 = signer_for(PKey::generate(Curve::ed25519).value(), Algorithm::eddsa);
  const std::string good = ed25519.sign(k_input).value();
  CHECK_ERROR(ed25519.verify(k_input, good + std::string(50, '\0')), ErrorKind::bad_signature,
              "EdDSA signature is 114 bytes, expected 64");
  const PkeySigner ed448 = signer_for(PKey::generate(Curve::ed448).value(), Algorithm::eddsa);
  CHECK_ERROR(ed448.verify(k_input, good), ErrorKind::bad_signature, "EdDSA signature is 64 bytes, expected 114");
}

TEST_CASE("the key decides the family: other algorithms are refused when the signer is made")
{
  const PKey p256 = PKey::generate(Curve::p256).value();
  const PKey ed25519 = PKey::generate(Curve::ed25519).value();
  CHECK_ERROR(PkeySigner::create(p256, Algorithm::es384), ErrorKind::invalid_key, "can do ES256, not ES384");
  CHECK_ERROR(PkeySigner::create(p256, Algorithm::es256k), ErrorKind::invalid_key, "not ES256K");
  CHECK_ERROR(PkeySigner::create(p256, Algorithm::ps256), ErrorKind::invalid_key, "not PS256");
  CHECK_ERROR(PkeySigner::create(p256, Algorithm::eddsa), ErrorKind::invalid_key, "not EdDSA");
  CHECK_ERROR(PkeySigner::create(rsa_key(), Algorithm::eddsa), ErrorKind::invalid_key, "not EdDSA");
  CHECK_ERROR(PkeySigner::create(rsa_key(), Algorithm::es256), ErrorKind::invalid_key, "not ES256");
  CHECK_ERROR(PkeySigner::create(rsa_key(), Algorithm::hs256), ErrorKind::invalid_key, "HS256 takes a secret");
  CHECK_ERROR(PkeySigner::create(ed25519, Algorithm::rs256), ErrorKind::invalid_key, "not RS256");
}

TEST_CASE("a weak RSA key still makes a signer: refusing it is the caller's policy")
{
  const PKey weak = PKey::from_pem_or_der(test::read_data("keys/rsa1024.pem")).value();
  REQUIRE(weak.is_weak());
  const PkeySigner signer = signer_for(weak, Algorithm::rs256);
  CHECK(signer.verify(k_input, signer.sign(k_input).value()).ok());
}

TEST_CASE("threads share one signer")
{
  for (const Algorithm alg : {Algorithm::rs256, Algorithm::ps256, Algorithm::es256, Algorithm::eddsa}) {
    CAPTURE(jwt::algorithm_name(alg));
    const PKey key = alg == Algorithm::es256   ? PKey::generate(Curve::p256).value()
                     : alg == Algorithm::eddsa ? PKey::generate(Curve::ed25519).value()
                                               : rsa_key();
    const PkeySigner signer = signer_for(key, alg);
    const std::string signature = signer.sign(k_input).value();
    std::vector<int> failures(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < failures.size(); ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 50; ++i) {
          const auto own = signer.sign(k_input);
          failures[t] += (own.ok() && signer.verify(k_input, *own).ok() && signer.verify(k_input, signature).ok()
                          && !signer.verify("x", signature).ok())
                           ? 0
                           : 1;
        }
      });
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
    CHECK(failures == std::vector<int>(4, 0));
  }
}
