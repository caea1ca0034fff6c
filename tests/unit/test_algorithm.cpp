#include "jwt/algorithm.hpp"

#include "support.hpp"

#include <optional>

using jwt::Algorithm;
using jwt::AlgorithmSet;
using jwt::parse_algorithm;

TEST_CASE("algorithm_name gives the JOSE names")
{
  CHECK(jwt::algorithm_name(Algorithm::hs256) == "HS256");
  CHECK(jwt::algorithm_name(Algorithm::hs384) == "HS384");
  CHECK(jwt::algorithm_name(Algorithm::hs512) == "HS512");
}

TEST_CASE("parse_algorithm round trips every name")
{
  for (const Algorithm alg : jwt::k_all_algorithms) {
    CAPTURE(jwt::algorithm_name(alg));
    CHECK(parse_algorithm(jwt::algorithm_name(alg)) == std::optional<Algorithm>(alg));
  }
}

TEST_CASE("parse_algorithm is exact and case-sensitive")
{
  CHECK(parse_algorithm("hs256") == std::nullopt);
  CHECK(parse_algorithm("Hs256") == std::nullopt);
  CHECK(parse_algorithm("none") == std::nullopt);
  CHECK(parse_algorithm("None") == std::nullopt);
  CHECK(parse_algorithm("") == std::nullopt);
  CHECK(parse_algorithm("HS256 ") == std::nullopt);
  CHECK(parse_algorithm(" HS256") == std::nullopt);
  CHECK(parse_algorithm("HS25") == std::nullopt);
  CHECK(parse_algorithm("HS2566") == std::nullopt);
  CHECK(parse_algorithm(std::string_view("HS256\0", 6)) == std::nullopt);
  CHECK(parse_algorithm("HS224") == std::nullopt);
  CHECK(parse_algorithm("RS256") == std::nullopt);
  CHECK(parse_algorithm("ES256") == std::nullopt);
  CHECK(parse_algorithm("PS256") == std::nullopt);
  CHECK(parse_algorithm("EdDSA") == std::nullopt);
}

TEST_CASE("digest_size is the HMAC output length")
{
  CHECK(jwt::digest_size(Algorithm::hs256) == 32);
  CHECK(jwt::digest_size(Algorithm::hs384) == 48);
  CHECK(jwt::digest_size(Algorithm::hs512) == 64);
}

TEST_CASE("AlgorithmSet all and only")
{
  SUBCASE("all")
  {
    const AlgorithmSet all = AlgorithmSet::all();
    CHECK(all.contains(Algorithm::hs256));
    CHECK(all.contains(Algorithm::hs384));
    CHECK(all.contains(Algorithm::hs512));
  }
  SUBCASE("only")
  {
    for (const Algorithm alg : jwt::k_all_algorithms) {
      CAPTURE(jwt::algorithm_name(alg));
      const AlgorithmSet one = AlgorithmSet::only(alg);
      for (const Algorithm other : jwt::k_all_algorithms) {
        CHECK(one.contains(other) == (other == alg));
      }
    }
  }
}
