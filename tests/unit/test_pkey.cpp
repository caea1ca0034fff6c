#include "jwt/pkey.hpp"

#include "asym_support.hpp"
#include "jwt/base64url.hpp"
#include "support.hpp"

#include <doctest/doctest.h>
#include <string>
#include <string_view>

using jwt::Algorithm;
using jwt::Curve;
using jwt::ErrorKind;
using jwt::Json;
using jwt::KeyType;
using jwt::PKey;

namespace {

// The members RFC 7638 requires, in its order: what public_jwk() must give.
Json required_members(const Json& jwk)
{
  Json out = Json::object();
  const std::string kty = jwk.at("kty");
  if (kty == "RSA") {
    out["e"] = jwk.at("e");
    out["kty"] = kty;
    out["n"] = jwk.at("n");
    return out;
  }
  out["crv"] = jwk.at("crv");
  out["kty"] = kty;
  out["x"] = jwk.at("x");
  if (kty == "EC") {
    out["y"] = jwk.at("y");
  }
  return out;
}

const Json& vector_by_id(const std::string& id)
{
  for (const Json& vector : test::asym_vectors()) {
    if (vector.at("id") == id) {
      return vector;
    }
  }
  throw std::runtime_error("no vector " + id);
}

PKey import_jwk(const Json& jwk)
{
  auto key = PKey::from_jwk(jwk);
  REQUIRE_MESSAGE(key.ok(), (key.ok() ? std::string() : key.error().message));
  return std::move(key).value();
}

PKey import_pem_text(const std::string& text)
{
  auto key = PKey::from_pem_or_der(text);
  REQUIRE_MESSAGE(key.ok(), (key.ok() ? std::string() : key.error().message));
  return std::move(key).value();
}

PKey import_file(const std::string& name)
{
  auto key = PKey::from_pem_or_der(test::read_data("keys/" + name));
  REQUIRE_MESSAGE(key.ok(), (key.ok() ? std::string() : key.error().message));
  return std::move(key).value();
}

// The member's bytes with one bit flipped, as base64url again.
std::string altered(const Json& jwk, const char* name, std::size_t byte = 5)
{
  std::string bytes = jwt::base64url_decode(jwk.at(name).get<std::string>()).value();
  bytes[byte] = static_cast<char>(bytes[byte] ^ 0x01);
  return jwt::base64url_encode(bytes);
}

} // namespace

TEST_CASE("every published key imports from JWK, PEM and DER with the published thumbprint")
{
  REQUIRE(test::asym_vectors().size() == 7);
  for (const Json& vector : test::asym_vectors()) {
    CAPTURE(vector.at("id").get<std::string>());
    const auto alg = jwt::parse_jose_algorithm(vector.at("alg").get<std::string>());
    REQUIRE(alg);
    const Json expected = required_members(vector.at("jwk_public"));
    const std::string thumbprint = vector.at("thumbprint_rfc7638");
    const std::string private_pem = vector.at("private_key_pem");
    const std::string public_pem = vector.at("public_key_pem");

    const PKey keys[] = {import_jwk(vector.at("jwk")),
                         import_jwk(vector.at("jwk_public")),
                         import_jwk(expected),
                         PKey::from_pem_or_der(private_pem).value(),
                         PKey::from_pem_or_der(public_pem).value(),
                         PKey::from_pem_or_der(test::pem_to_der(private_pem)).value(),
                         PKey::from_pem_or_der(test::pem_to_der(public_pem)).value()};
    const bool is_private[] = {true, false, false, true, false, true, false};
    for (std::size_t i = 0; i < std::size(keys); ++i) {
      CAPTURE(i);
      CHECK(keys[i].public_jwk() == expected);
      CHECK(keys[i].thumbprint() == thumbprint);
      CHECK(keys[i].is_private() == is_private[i]);
      CHECK(keys[i].algorithms().contains(*alg));
      CHECK(keys[i].check_algorithm(*alg).ok());
      CHECK(jwt::key_type_name(keys[i].type()) == expected.at("kty"));
      CHECK_FALSE(keys[i].is_weak());
    }
  }
}

TEST_CASE("the RFC 7638 §3.1 example thumbprint")
{
  // The RSA key of RFC 7638 §3.1 is RFC 7515 A.2's... no: it is RFC 7517 A.1's; its published
  // thumbprint is NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs.
  const Json jwk = Json::parse(R"({"kty":"RSA","e":"AQAB","alg":"RS256","kid":"2011-04-29",
    "n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"})");
  const PKey key = import_jwk(jwk);
  CHECK(key.thumbprint() == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  CHECK(key.bits() == 2048);
  CHECK(key.description() == "RSA 2048-bit");
  CHECK(key.default_algorithm() == Algorithm::rs256);
}

TEST_CASE("PEM and DER forms are recognised by their content")
{
  const PKey pkcs1 = import_file("rsa2048-pkcs1.pem");
  CHECK(pkcs1.is_private());
  CHECK(pkcs1.type() == KeyType::rsa);
  const std::string thumbprint = pkcs1.thumbprint();
  for (const char* name : {"rsa2048-pkcs1-public.pem",
                           "rsa2048-pkcs1-public.der",
                           "rsa2048-spki.pem",
                           "rsa2048-spki.der",
                           "rsa2048-pkcs8.der",
                           "rsa2048-cert.pem",
                           "rsa2048-cert.der"}) {
    CAPTURE(name);
    const PKey key = import_file(name);
    CHECK(key.thumbprint() == thumbprint);
    CHECK(key.is_private() == (std::string(name) == "rsa2048-pkcs8.der"));
  }
  SUBCASE("SEC1 EC, with its EC PARAMETERS block before it, and as DER")
  {
    const PKey pem = import_file("p256-sec1.pem");
    CHECK(pem.is_private());
    CHECK(pem.curve() == std::optional<Curve>(Curve::p256));
    CHECK(pem.algorithms() == jwt::AlgorithmSet::only(Algorithm::es256));
    CHECK(import_file("p256-sec1.der").thumbprint() == pem.thumbprint());
  }
  SUBCASE("CRLF line ends, and text around the block")
  {
    std::string crlf;
    for (const char c : test::read_data("keys/rsa2048-spki.pem")) {
      crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    CHECK(import_pem_text(crlf).thumbprint() == thumbprint);
    const std::string around = "Bag Attributes\n    friendlyName: test\n" + test::read_data("keys/rsa2048-pkcs1.pem")
                               + "trailing words\n";
    CHECK(import_pem_text(around).thumbprint() == thumbprint);
  }
  SUBCASE("secp256k1 and Ed448")
  {
    CHECK(import_file("secp256k1-sec1.pem").default_algorithm() == Algorithm::es256k);
    const PKey ed448 = import_file("ed448.pem");
    CHECK(ed448.is_private());
    CHECK(ed448.curve() == std::optional<Curve>(Curve::ed448));
    CHECK(ed448.default_algorithm() == Algorithm::eddsa);
    CHECK(ed448.public_jwk().at("crv") == "Ed448");
    CHECK(ed448.description() == "OKP Ed448");
  }
}

TEST_CASE("keys that are not usable are refused with the reason")
{
  const auto refused = [](const std::string& name, const char* fragment) {
    CAPTURE(name);
    CHECK_ERROR(PKey::from_pem_or_der(test::read_data("keys/" + name)), ErrorKind::invalid_key, fragment);
  };
  refused("rsa2048-encrypted-pkcs8.pem", "encrypted");
  refused("rsa2048-encrypted-pkcs8.der", "encrypted");
  refused("rsa2048-encrypted-pkcs1.pem", "encrypted");
  refused("p256-explicit.pem", "explicit parameters");
  refused("p224-sec1.pem", "not P-256, P-384, P-521 or secp256k1");
  refused("x25519.pem", "X25519 keys are not supported");
  refused("dsa.pem", "DSA keys are not supported");
  refused("rsa-pss.pem", "RSASSA-PSS-restricted");
  refused("p256-csr.pem", "holds no key, only \"CERTIFICATE REQUEST\"");

  CHECK_ERROR(PKey::from_pem_or_der(""), ErrorKind::invalid_key, "empty");
  CHECK_ERROR(PKey::from_pem_or_der(std::string(1024 * 1024 + 1, '0')), ErrorKind::invalid_key, "larger than 1 MiB");
  CHECK_ERROR(PKey::from_pem_or_der("hello, I am not a key"), ErrorKind::invalid_key, "neither PEM nor");
  CHECK_ERROR(PKey::from_pem_or_der(std::string("\x30\x03\x02\x01\x01", 5)), ErrorKind::invalid_key, "neither PEM nor");
  CHECK_ERROR(PKey::from_pem_or_der(R"({"kty":"EC"})"), ErrorKind::invalid_key, "neither PEM nor");
  CHECK_ERROR(PKey::from_pem_or_der("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
              ErrorKind::invalid_key, "does not hold a valid key");
  CHECK_ERROR(PKey::from_pem_or_der("-----BEGIN PUBLIC KEY-----\nMFkw\n"), ErrorKind::invalid_key, "no END line");
  const std::string two = test::read_data("keys/rsa2048-spki.pem") + test::read_data("keys/rsa2048-cert.pem");
  CHECK_ERROR(PKey::from_pem_or_der(two), ErrorKind::invalid_key, "holds 2 keys or certificates");
  CHECK_ERROR(PKey::from_pem_or_der(test::read_data("keys/rsa2048-spki.der") + "x"), ErrorKind::invalid_key,
              "followed by other bytes");
}

TEST_CASE("a SubjectPublicKeyInfo is refused as its private key is, in PEM and DER")
{
  // SubjectPublicKeyInfo takes a road of its own (d2i_PUBKEY, cheaper than OpenSSL's generic
  // decoders); what it does not take goes the general road, which words the refusal.
  const auto refused = [](const std::string& pem, const char* fragment) {
    CHECK_ERROR(PKey::from_pem_or_der(pem), ErrorKind::invalid_key, fragment);
    CHECK_ERROR(PKey::from_pem_or_der(test::pem_to_der(pem)), ErrorKind::invalid_key, fragment);
  };
  const auto file = [](const std::string& name) { return test::read_data("keys/" + name); };
  refused(file("x25519-spki.pem"), "X25519 keys are not supported");
  refused(file("dsa-spki.pem"), "DSA keys are not supported");
  refused(file("rsa-pss-spki.pem"), "RSASSA-PSS-restricted");
  refused(file("p224-spki.pem"), "not P-256, P-384, P-521 or secp256k1");
  refused(file("p256-explicit-spki.pem"), "explicit parameters");
  CHECK_ERROR(PKey::from_pem_or_der(file("p256-spki-off-curve.pem")), ErrorKind::invalid_key,
              "the PEM block does not hold a valid key");
  CHECK_ERROR(PKey::from_pem_or_der(test::pem_to_der(file("p256-spki-off-curve.pem"))), ErrorKind::invalid_key,
              "neither PEM nor a DER key");

  // OpenSSL's PEM reader refuses header lines other than an encryption's in a key block.
  std::string with_header = file("rsa2048-spki.pem");
  with_header.insert(with_header.find('\n') + 1, "Comment: a key\n\n");
  CHECK_ERROR(PKey::from_pem_or_der(with_header), ErrorKind::invalid_key, "the PEM block does not hold a valid key");

  // A PKCS#1 RSA public key or a PKCS#8 private key under the SubjectPublicKeyInfo label.
  const auto relabelled = [](std::string pem) {
    for (const std::string_view edge : {"-----BEGIN ", "-----END "}) {
      const std::size_t at = pem.find(edge) + edge.size();
      pem.replace(at, pem.find("-----", at) - at, "PUBLIC KEY");
    }
    return pem;
  };
  CHECK_ERROR(PKey::from_pem_or_der(relabelled(file("rsa2048-pkcs1-public.pem"))), ErrorKind::invalid_key,
              "the PEM block does not hold a valid key");
  const std::string pkcs8 = import_file("p256-sec1.pem").private_pem().value();
  CHECK_ERROR(PKey::from_pem_or_der(relabelled(pkcs8)), ErrorKind::invalid_key,
              "the PEM block does not hold a valid key");
}

TEST_CASE("an RSA key under 2048 bits is flagged weak, not refused")
{
  const PKey weak = import_file("rsa1024.pem");
  CHECK(weak.bits() == 1024);
  CHECK(weak.is_weak());
  CHECK_FALSE(import_file("rsa2048-spki.pem").is_weak());
  CHECK_FALSE(import_file("p256-sec1.pem").is_weak());
}

TEST_CASE("JWK checks")
{
  const Json es256 = vector_by_id("rfc7515-appendix-A.3").at("jwk");
  const Json rs256 = vector_by_id("rfc7515-appendix-A.2").at("jwk");
  const Json ed25519 = vector_by_id("rfc8037-appendix-A.4").at("jwk");

  SUBCASE("an EC point off its curve")
  {
    Json off = vector_by_id("rfc7515-appendix-A.3").at("jwk_public");
    off["y"] = altered(off, "y");
    CHECK_ERROR(PKey::from_jwk(off), ErrorKind::invalid_key, "EC JWK: \"x\" and \"y\" are not a point on P-256");
  }
  SUBCASE("crv and alg must agree with the key")
  {
    Json wrong_alg = es256;
    wrong_alg["alg"] = "ES384";
    CHECK_ERROR(PKey::from_jwk(wrong_alg), ErrorKind::invalid_key,
                "\"alg\" \"ES384\" does not fit the key: an EC P-256 key can do ES256, not ES384");
    wrong_alg["alg"] = "HS256";
    CHECK_ERROR(PKey::from_jwk(wrong_alg), ErrorKind::invalid_key, "HS256 takes a secret");
    wrong_alg["alg"] = "RSA-OAEP";
    CHECK_ERROR(PKey::from_jwk(wrong_alg), ErrorKind::invalid_key, "not a signature algorithm jwtool implements");
    Json with_alg = es256;
    with_alg["alg"] = "ES256";
    CHECK(PKey::from_jwk(with_alg).ok());

    Json wrong_crv = es256;
    wrong_crv["crv"] = "P-384";
    CHECK_ERROR(PKey::from_jwk(wrong_crv), ErrorKind::invalid_key, "\"x\" is 32 bytes, not 48");
    wrong_crv["crv"] = "Ed25519";
    CHECK_ERROR(PKey::from_jwk(wrong_crv), ErrorKind::invalid_key, "\"crv\" \"Ed25519\" is not P-256");
    wrong_crv["crv"] = "p-256";
    CHECK_ERROR(PKey::from_jwk(wrong_crv), ErrorKind::invalid_key, "\"crv\" \"p-256\" is not P-256");
    Json okp = ed25519;
    okp["crv"] = "X25519";
    CHECK_ERROR(PKey::from_jwk(okp), ErrorKind::invalid_key, "OKP JWK: \"crv\" \"X25519\" is not Ed25519 or Ed448");
    okp["crv"] = "Ed448";
    CHECK_ERROR(PKey::from_jwk(okp), ErrorKind::invalid_key, "\"x\" is 32 bytes, not 57");
    Json rsa = rs256;
    rsa["alg"] = "EdDSA";
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "an RSA 2048-bit key can do RS256, RS384, RS512, PS256, PS384 or PS512, not EdDSA");
  }
  SUBCASE("private and public halves that do not belong together")
  {
    Json ec = es256;
    ec["d"] = altered(es256, "d");
    CHECK_ERROR(PKey::from_jwk(ec), ErrorKind::invalid_key, "the EC private key does not belong to its public key");
    Json p521 = vector_by_id("rfc7515-appendix-A.4").at("jwk");
    p521["d"] = vector_by_id("rfc7520-section-4.3").at("jwk").at("d");
    CHECK_ERROR(PKey::from_jwk(p521), ErrorKind::invalid_key, "does not belong");

    Json okp = ed25519;
    okp["d"] = altered(ed25519, "d");
    CHECK_ERROR(PKey::from_jwk(okp), ErrorKind::invalid_key, "the private key \"d\" does not belong to the public key \"x\"");

    const Json other = vector_by_id("rfc7520-section-4.1").at("jwk");
    Json rsa = rs256;
    for (const char* member : {"d", "p", "q", "dp", "dq", "qi"}) {
      rsa[member] = other.at(member);
    }
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "p q is not n");
    rsa = rs256;
    rsa["d"] = other.at("d");
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "exponents do not belong");
    rsa = rs256;
    rsa["qi"] = altered(rs256, "qi");
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "exponents do not belong");
    rsa = rs256;
    rsa.erase("dq");
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "RSA JWK: no \"dq\" member");
    rsa = rs256;
    rsa["oth"] = Json::array();
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "multi-prime");
  }
  SUBCASE("members and types")
  {
    CHECK_ERROR(PKey::from_jwk(Json::array()), ErrorKind::invalid_key, "a JWK is a JSON object, found array");
    CHECK_ERROR(PKey::from_jwk(Json::parse(R"({"k":"AAAA"})")), ErrorKind::invalid_key, "no \"kty\"");
    CHECK_ERROR(PKey::from_jwk(Json::parse(R"({"kty":"oct","k":"AAAA"})")), ErrorKind::invalid_key, "shared secret");
    CHECK_ERROR(PKey::from_jwk(Json::parse(R"({"kty":"rsa"})")), ErrorKind::invalid_key, "kty \"rsa\" is not RSA, EC or OKP");
    Json rsa = rs256;
    rsa["e"] = "AQAB=";
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "\"e\" is not strict base64url");
    rsa["e"] = 65537;
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "\"e\" must be a string, found number");
    rsa["e"] = "";
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "\"e\" is empty");
    rsa["e"] = "Ag"; // 2: even
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "public exponent is not an odd number");
    rsa["e"] = "AQ"; // 1
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "public exponent is not an odd number");
    rsa = vector_by_id("rfc7515-appendix-A.2").at("jwk_public");
    rsa["e"] = jwt::base64url_encode(std::string(32, '\x01') + "\x01"); // 257 bits, odd
    CHECK_ERROR(PKey::from_jwk(rsa), ErrorKind::invalid_key, "public exponent has more than 256 bits");
    rsa["e"] = jwt::base64url_encode(std::string(32, '\x01')); // 249 bits, odd
    CHECK(PKey::from_jwk(rsa).ok());
    Json ec = es256;
    ec.erase("y");
    CHECK_ERROR(PKey::from_jwk(ec), ErrorKind::invalid_key, "EC JWK: no \"y\" member");
  }
  SUBCASE("messages never quote key bytes")
  {
    Json ec = es256;
    const std::string d = altered(es256, "d");
    ec["d"] = d;
    const auto result = PKey::from_jwk(ec);
    REQUIRE_FALSE(result.ok());
    CHECK_FALSE(test::contains(result.error().message, d.substr(0, 8)));
    CHECK_FALSE(test::contains(result.error().message, es256.at("x").get<std::string>().substr(0, 8)));
  }
}

TEST_CASE("check_algorithm: the key decides the family")
{
  const PKey p256 = import_file("p256-sec1.pem");
  CHECK(p256.check_algorithm(Algorithm::es256).ok());
  CHECK_ERROR(p256.check_algorithm(Algorithm::es384), ErrorKind::invalid_key, "an EC P-256 key can do ES256, not ES384");
  CHECK_ERROR(p256.check_algorithm(Algorithm::ps256), ErrorKind::invalid_key, "not PS256");
  const PKey rsa = import_file("rsa2048-spki.pem");
  for (const Algorithm alg : jwt::k_jose_algorithms) {
    CAPTURE(jwt::algorithm_name(alg));
    CHECK(rsa.check_algorithm(alg).ok() == (jwt::key_type(alg) == KeyType::rsa));
  }
  CHECK_ERROR(rsa.check_algorithm(Algorithm::eddsa), ErrorKind::invalid_key, "not EdDSA");
  CHECK_ERROR(rsa.check_algorithm(Algorithm::hs256), ErrorKind::invalid_key, "HS256 takes a secret, not an RSA 2048-bit key");
  const PKey ed448 = import_file("ed448.pem");
  CHECK(ed448.check_algorithm(Algorithm::eddsa).ok());
  CHECK_ERROR(ed448.check_algorithm(Algorithm::rs256), ErrorKind::invalid_key, "an OKP Ed448 key can do EdDSA, not RS256");
}

TEST_CASE("generated keys export a public JWK that imports again")
{
  for (const Curve curve : {Curve::p256, Curve::p384, Curve::p521, Curve::secp256k1, Curve::ed25519, Curve::ed448}) {
    CAPTURE(jwt::curve_name(curve));
    auto key = PKey::generate(curve);
    REQUIRE(key.ok());
    CHECK(key->is_private());
    CHECK(key->curve() == std::optional<Curve>(curve));
    const Json jwk = key->public_jwk();
    CHECK(jwk.at("crv") == jwt::curve_name(curve));
    const PKey again = import_jwk(jwk);
    CHECK_FALSE(again.is_private());
    CHECK(again.thumbprint() == key->thumbprint());
    CHECK(again.thumbprint().size() == 43);
  }
  auto rsa = PKey::generate_rsa(2048);
  REQUIRE(rsa.ok());
  CHECK(rsa->bits() == 2048);
  CHECK(import_jwk(rsa->public_jwk()).thumbprint() == rsa->thumbprint());
  CHECK_ERROR(PKey::generate_rsa(1024), ErrorKind::invalid_argument, "2048 to 16384 bits, not 1024");
}

TEST_CASE("copies share the key")
{
  const PKey key = import_file("p256-sec1.pem");
  PKey copy = key;
  CHECK(copy.get() == key.get());
  CHECK(copy.thumbprint() == key.thumbprint());
  PKey other = import_file("ed448.pem");
  other = copy;
  CHECK(other.get() == key.get());
  const PKey moved = std::move(copy);
  CHECK(moved.get() == key.get());
}

TEST_CASE("a private JWK and PEM give out the key again")
{
  for (const Json& vector : test::asym_vectors()) {
    CAPTURE(vector.at("id").get<std::string>());
    const Json& published = vector.at("jwk");
    const PKey key = import_jwk(published);
    const auto jwk = key.private_jwk();
    REQUIRE(jwk.ok());
    // Every member it gives is the published one; the published private members are all there.
    for (const auto& [name, value] : jwk->items()) {
      CAPTURE(name);
      CHECK(published.at(name) == value);
    }
    for (const char* name : {"d", "p", "q", "dp", "dq", "qi"}) {
      CHECK(jwk->contains(name) == published.contains(name));
    }
    const auto pem = key.private_pem();
    REQUIRE(pem.ok());
    CHECK(test::contains(*pem, "-----BEGIN PRIVATE KEY-----\n"));
    const PKey again = import_pem_text(*pem);
    CHECK(again.is_private());
    CHECK(again.thumbprint() == key.thumbprint());
    CHECK(again.private_jwk().value() == *jwk);
    const auto public_pem = key.public_pem();
    REQUIRE(public_pem.ok());
    CHECK(*public_pem == vector.at("public_key_pem").get<std::string>());
  }
}

TEST_CASE("generated keys give out private JWK and PEM that import again")
{
  for (const Curve curve : {Curve::p256, Curve::p521, Curve::secp256k1, Curve::ed25519, Curve::ed448}) {
    CAPTURE(jwt::curve_name(curve));
    const PKey key = PKey::generate(curve).value();
    const Json jwk = key.private_jwk().value();
    CHECK(jwk.at("d").get<std::string>().size() == (jwt::curve_key_size(curve) * 4 + 2) / 3);
    CHECK(import_jwk(jwk).thumbprint() == key.thumbprint());
    CHECK(import_jwk(jwk).is_private());
    CHECK(import_pem_text(key.private_pem().value()).thumbprint() == key.thumbprint());
  }
  const PKey public_only = import_file("rsa2048-spki.pem");
  CHECK_ERROR(public_only.private_pem(), ErrorKind::invalid_key, "a public key has no private half");
  CHECK_ERROR(public_only.private_jwk(), ErrorKind::invalid_key, "a public key has no private half");
  CHECK(import_pem_text(public_only.public_pem().value()).thumbprint() == public_only.thumbprint());
}
