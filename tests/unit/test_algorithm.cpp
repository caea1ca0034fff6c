#include "jwt/algorithm.hpp"

#include "support.hpp"

#include <optional>

using jwt::Algorithm;
using jwt::AlgorithmSet;
using jwt::parse_hmac_algorithm;

TEST_CASE("algorithm_name gives the JOSE names")
{
  CHECK(jwt::algorithm_name(Algorithm::hs256) == "HS256");
  CHECK(jwt::algorithm_name(Algorithm::hs384) == "HS384");
  CHECK(jwt::algorithm_name(Algorithm::hs512) == "HS512");
}

TEST_CASE("parse_hmac_algorithm round trips every name")
{
  for (const Algorithm alg : jwt::k_hmac_algorithms) {
    CAPTURE(jwt::algorithm_name(alg));
    CHECK(parse_hmac_algorithm(jwt::algorithm_name(alg)) == std::optional<Algorithm>(alg));
  }
}

TEST_CASE("parse_hmac_algorithm is exact and case-sensitive")
{
  CHECK(parse_hmac_algorithm("hs256") == std::nullopt);
  CHECK(parse_hmac_algorithm("Hs256") == std::nullopt);
  CHECK(parse_hmac_algorithm("none") == std::nullopt);
  CHECK(parse_hmac_algorithm("None") == std::nullopt);
  CHECK(parse_hmac_algorithm("") == std::nullopt);
  CHECK(parse_hmac_algorithm("HS256 ") == std::nullopt);
  CHECK(parse_hmac_algorithm(" HS256") == std::nullopt);
  CHECK(parse_hmac_algorithm("HS25") == std::nullopt);
  CHECK(parse_hmac_algorithm("HS2566") == std::nullopt);
  CHECK(parse_hmac_algorithm(std::string_view("HS256\0", 6)) == std::nullopt);
  CHECK(parse_hmac_algorithm("HS224") == std::nullopt);
  CHECK(parse_hmac_algorithm("RS256") == std::nullopt);
  CHECK(parse_hmac_algorithm("ES256") == std::nullopt);
  CHECK(parse_hmac_algorithm("PS256") == std::nullopt);
  CHECK(parse_hmac_algorithm("EdDSA") == std::nullopt);
}

TEST_CASE("digest_size is the HMAC output length")
{
  CHECK(jwt::digest_size(Algorithm::hs256) == 32);
  CHECK(jwt::digest_size(Algorithm::hs384) == 48);
  CHECK(jwt::digest_size(Algorithm::hs512) == 64);
}

TEST_CASE("AlgorithmSet every and only")
{
  SUBCASE("every")
  {
    const AlgorithmSet every = AlgorithmSet::every();
    for (const Algorithm alg : jwt::k_jose_algorithms) {
      CHECK(every.contains(alg));
    }
  }
  SUBCASE("only")
  {
    for (const Algorithm alg : jwt::k_hmac_algorithms) {
      CAPTURE(jwt::algorithm_name(alg));
      const AlgorithmSet one = AlgorithmSet::only(alg);
      for (const Algorithm other : jwt::k_hmac_algorithms) {
        CHECK(one.contains(other) == (other == alg));
      }
    }
  }
}

TEST_CASE("the public-key algorithms: names, families, hashes, curves and sizes")
{
  using jwt::AlgorithmFamily;
  using jwt::Curve;
  using jwt::HashAlgorithm;
  using jwt::KeyType;
  struct Row {
    Algorithm alg;
    const char* name;
    AlgorithmFamily family;
    KeyType type;
    HashAlgorithm hash;
    std::optional<Curve> curve;
    std::optional<std::size_t> signature_size;
  };
  const Row rows[] = {
    {Algorithm::hs256, "HS256", AlgorithmFamily::hmac, KeyType::oct, HashAlgorithm::sha256, std::nullopt, 32},
    {Algorithm::hs384, "HS384", AlgorithmFamily::hmac, KeyType::oct, HashAlgorithm::sha384, std::nullopt, 48},
    {Algorithm::hs512, "HS512", AlgorithmFamily::hmac, KeyType::oct, HashAlgorithm::sha512, std::nullopt, 64},
    {Algorithm::rs256, "RS256", AlgorithmFamily::rsa_pkcs1, KeyType::rsa, HashAlgorithm::sha256, std::nullopt, std::nullopt},
    {Algorithm::rs384, "RS384", AlgorithmFamily::rsa_pkcs1, KeyType::rsa, HashAlgorithm::sha384, std::nullopt, std::nullopt},
    {Algorithm::rs512, "RS512", AlgorithmFamily::rsa_pkcs1, KeyType::rsa, HashAlgorithm::sha512, std::nullopt, std::nullopt},
    {Algorithm::ps256, "PS256", AlgorithmFamily::rsa_pss, KeyType::rsa, HashAlgorithm::sha256, std::nullopt, std::nullopt},
    {Algorithm::ps384, "PS384", AlgorithmFamily::rsa_pss, KeyType::rsa, HashAlgorithm::sha384, std::nullopt, std::nullopt},
    {Algorithm::ps512, "PS512", AlgorithmFamily::rsa_pss, KeyType::rsa, HashAlgorithm::sha512, std::nullopt, std::nullopt},
    {Algorithm::es256, "ES256", AlgorithmFamily::ecdsa, KeyType::ec, HashAlgorithm::sha256, Curve::p256, 64},
    {Algorithm::es384, "ES384", AlgorithmFamily::ecdsa, KeyType::ec, HashAlgorithm::sha384, Curve::p384, 96},
    {Algorithm::es512, "ES512", AlgorithmFamily::ecdsa, KeyType::ec, HashAlgorithm::sha512, Curve::p521, 132},
    {Algorithm::es256k, "ES256K", AlgorithmFamily::ecdsa, KeyType::ec, HashAlgorithm::sha256, Curve::secp256k1, 64},
    {Algorithm::eddsa, "EdDSA", AlgorithmFamily::eddsa, KeyType::okp, HashAlgorithm::none, std::nullopt, std::nullopt},
  };
  REQUIRE(std::size(rows) == std::size(jwt::k_jose_algorithms));
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    const Row& row = rows[i];
    CAPTURE(row.name);
    CHECK(jwt::k_jose_algorithms[i] == row.alg);
    CHECK(jwt::algorithm_name(row.alg) == row.name);
    CHECK(jwt::parse_jose_algorithm(row.name) == std::optional<Algorithm>(row.alg));
    CHECK(jwt::algorithm_family(row.alg) == row.family);
    CHECK(jwt::key_type(row.alg) == row.type);
    CHECK(jwt::hash_algorithm(row.alg) == row.hash);
    CHECK(jwt::ecdsa_curve(row.alg) == row.curve);
    CHECK(jwt::fixed_signature_size(row.alg) == row.signature_size);
    if (row.curve) {
      CHECK(jwt::ecdsa_algorithm(*row.curve) == std::optional<Algorithm>(row.alg));
    }
    // Today's callers see HMAC only.
    CHECK(parse_hmac_algorithm(row.name).has_value() == (row.family == AlgorithmFamily::hmac));
    CHECK(AlgorithmSet::of_family(AlgorithmFamily::hmac).contains(row.alg) == (row.family == AlgorithmFamily::hmac));
    CHECK(AlgorithmSet::every().contains(row.alg));
    CHECK(AlgorithmSet::for_key_type(row.type).contains(row.alg));
    CHECK(AlgorithmSet::of_family(row.family).contains(row.alg));
  }
  CHECK(jwt::hash_name(HashAlgorithm::sha384) == "SHA384");
  CHECK(jwt::hash_size(HashAlgorithm::sha512) == 64);
  CHECK(jwt::hash_size(HashAlgorithm::none) == 0);
  CHECK(jwt::key_type_name(KeyType::okp) == "OKP");
}

TEST_CASE("the HMAC algorithms come first, in their old order")
{
  CHECK(std::size(jwt::k_hmac_algorithms) == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(jwt::k_hmac_algorithms[i] == jwt::k_jose_algorithms[i]);
  }
  const AlgorithmSet hmac = AlgorithmSet::of_family(jwt::AlgorithmFamily::hmac);
  CHECK(hmac == AlgorithmSet::for_key_type(jwt::KeyType::oct));
  CHECK(AlgorithmSet::none().empty());
  CHECK((hmac & AlgorithmSet::only(Algorithm::rs256)).empty());
  CHECK(jwt::digest_size(Algorithm::hs256) == 32);
  CHECK(jwt::digest_size(Algorithm::hs512) == 64);
}

TEST_CASE("parse_jose_algorithm and parse_curve are exact and case-sensitive")
{
  for (const char* name : {"rs256", "Rs256", "EDDSA", "eddsa", "Ed25519", "ES256k", "es256k", "PS256 ", "RS1", "none", ""}) {
    CAPTURE(name);
    CHECK(jwt::parse_jose_algorithm(name) == std::nullopt);
  }
  CHECK(jwt::parse_curve("P-256") == std::optional<jwt::Curve>(jwt::Curve::p256));
  CHECK(jwt::parse_curve("P-521") == std::optional<jwt::Curve>(jwt::Curve::p521));
  CHECK(jwt::parse_curve("secp256k1") == std::optional<jwt::Curve>(jwt::Curve::secp256k1));
  CHECK(jwt::parse_curve("Ed448") == std::optional<jwt::Curve>(jwt::Curve::ed448));
  for (const char* name : {"p-256", "P256", "prime256v1", "secp256r1", "X25519", "X448", "ed25519", "P-512", ""}) {
    CAPTURE(name);
    CHECK(jwt::parse_curve(name) == std::nullopt);
  }
  CHECK(jwt::curve_key_size(jwt::Curve::p521) == 66);
  CHECK(jwt::curve_signature_size(jwt::Curve::ed448) == 114);
  CHECK(jwt::curve_key_type(jwt::Curve::ed25519) == jwt::KeyType::okp);
}
