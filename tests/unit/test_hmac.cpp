#include "jwt/hmac.hpp"

#include "support.hpp"

#include <string>
#include <string_view>

using jwt::Algorithm;
using jwt::ErrorKind;
using jwt::HmacSigner;

namespace {

struct HmacCase {
  int number;
  std::string key;
  std::string data;
  std::string_view sha256;
  std::string_view sha384;
  std::string_view sha512;
};

// RFC 4231 §4, test cases 1-4, 6 and 7 (case 5 is truncated output, which JWS never uses).
// Cases 1-3, 6 and 7 were copied from the project's RFC vector file; case 4, absent
// there, from RFC 4231 itself. All were re-computed with Python's hmac module when written.
const HmacCase k_rfc4231_cases[] = {
  {1,
   std::string(20, '\x0b'),
   "Hi There",
   "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
   "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
   "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
   "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
  {2,
   "Jefe",
   "what do ya want for nothing?",
   "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
   "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
   "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
   "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
  {3,
   std::string(20, '\xaa'),
   std::string(50, '\xdd'),
   "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
   "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
   "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
   "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"},
  {4,
   test::from_hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
   std::string(50, '\xcd'),
   "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
   "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
   "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
   "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"},
  {6,
   std::string(131, '\xaa'),
   "Test Using Larger Than Block-Size Key - Hash Key First",
   "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
   "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
   "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
   "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
  {7,
   std::string(131, '\xaa'),
   "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed "
   "before being used by the HMAC algorithm.",
   "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
   "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
   "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
   "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"},
};

std::string_view expected_mac(const HmacCase& test_case, Algorithm alg)
{
  switch (alg) {
  case Algorithm::hs256: return test_case.sha256;
  case Algorithm::hs384: return test_case.sha384;
  case Algorithm::hs512: return test_case.sha512;
  default: return {}; // not an HMAC algorithm
  }
}

HmacSigner make_signer(Algorithm alg, std::string_view key)
{
  auto signer = HmacSigner::create(alg, key);
  REQUIRE(signer.ok());
  return std::move(signer).value();
}

} // namespace

TEST_CASE("HmacSigner matches the RFC 4231 test cases")
{
  for (const auto& test_case : k_rfc4231_cases) {
    for (const Algorithm alg : jwt::k_hmac_algorithms) {
      CAPTURE(test_case.number);
      CAPTURE(jwt::algorithm_name(alg));
      HmacSigner signer = make_signer(alg, test_case.key);
      CHECK(signer.algorithm() == alg);
      const auto mac = signer.sign(test_case.data);
      REQUIRE(mac.ok());
      CHECK(mac->size() == jwt::digest_size(alg));
      CHECK(test::to_hex(mac.value()) == expected_mac(test_case, alg));
    }
  }
}

TEST_CASE("HmacSigner verify accepts the right MAC and nothing else")
{
  for (const auto& test_case : k_rfc4231_cases) {
    for (const Algorithm alg : jwt::k_hmac_algorithms) {
      CAPTURE(test_case.number);
      CAPTURE(jwt::algorithm_name(alg));
      HmacSigner signer = make_signer(alg, test_case.key);
      const std::string mac = test::from_hex(expected_mac(test_case, alg));

      CHECK(signer.matches(test_case.data, mac));

      SUBCASE("every single flipped bit")
      {
        for (std::size_t bit = 0; bit < mac.size() * 8; ++bit) {
          std::string flipped = mac;
          flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
          CHECK_FALSE(signer.matches(test_case.data, flipped));
        }
      }
      SUBCASE("truncated, extended and empty")
      {
        CHECK_FALSE(signer.matches(test_case.data, mac.substr(0, mac.size() - 1)));
        CHECK_FALSE(signer.matches(test_case.data, mac.substr(0, 16)));
        CHECK_FALSE(signer.matches(test_case.data, mac + '\0'));
        CHECK_FALSE(signer.matches(test_case.data, mac + mac));
        CHECK_FALSE(signer.matches(test_case.data, ""));
      }
      SUBCASE("other data")
      {
        CHECK_FALSE(signer.matches(test_case.data + " ", mac));
        CHECK_FALSE(signer.matches("", mac));
      }
    }
  }
}

TEST_CASE("HmacSigner reuses its key state across signatures")
{
  const auto& test_case = k_rfc4231_cases[1];
  HmacSigner signer = make_signer(Algorithm::hs256, test_case.key);
  const auto first = signer.sign(test_case.data);
  const auto second = signer.sign(test_case.data);
  const auto other = signer.sign("something else");
  const auto third = signer.sign(test_case.data);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  REQUIRE(other.ok());
  REQUIRE(third.ok());
  CHECK(test::to_hex(first.value()) == test_case.sha256);
  CHECK(second.value() == first.value());
  CHECK(third.value() == first.value());
  CHECK(other.value() != first.value());
  CHECK(signer.matches(test_case.data, first.value()));
  CHECK(test::to_hex(signer.sign(test_case.data).value()) == test_case.sha256);
}

TEST_CASE("HmacSigner keeps working after a move")
{
  const auto& test_case = k_rfc4231_cases[0];
  HmacSigner original = make_signer(Algorithm::hs384, test_case.key);
  HmacSigner moved(std::move(original));
  CHECK(moved.algorithm() == Algorithm::hs384);
  CHECK(test::to_hex(moved.sign(test_case.data).value()) == test_case.sha384);

  HmacSigner assigned = make_signer(Algorithm::hs256, "other key");
  assigned = std::move(moved);
  CHECK(assigned.algorithm() == Algorithm::hs384);
  CHECK(test::to_hex(assigned.sign(test_case.data).value()) == test_case.sha384);
}

TEST_CASE("HmacSigner uses every byte of the key and the data")
{
  // Embedded NUL bytes count: hmac.new(b"a\0b", b"x\0y", sha256), computed with Python.
  HmacSigner signer = make_signer(Algorithm::hs256, std::string_view("a\0b", 3));
  CHECK(test::to_hex(signer.sign(std::string_view("x\0y", 3)).value())
        == "e3332b4f965951ec6731b4d73b3be91959b6dff459653a92e7eba8d87e8570ea");
  HmacSigner shorter = make_signer(Algorithm::hs256, "a");
  CHECK(shorter.sign(std::string_view("x\0y", 3)).value() != signer.sign(std::string_view("x\0y", 3)).value());
}

TEST_CASE("HmacSigner create refuses an empty key")
{
  for (const Algorithm alg : jwt::k_hmac_algorithms) {
    CAPTURE(jwt::algorithm_name(alg));
    CHECK_ERROR(HmacSigner::create(alg, ""), ErrorKind::invalid_key, "the key is empty");
  }
}
