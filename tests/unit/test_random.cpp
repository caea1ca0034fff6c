#include "jwt/random.hpp"

#include "jwt/base64url.hpp"

#include "support.hpp"

TEST_CASE("random_bytes returns the requested count")
{
  // 1 MiB: more than one getrandom call may return.
  for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{16}, std::size_t{64}, std::size_t{1} << 20}) {
    CAPTURE(count);
    const auto bytes = jwt::random_bytes(count);
    REQUIRE(bytes.ok());
    CHECK(bytes->size() == count);
    if (count >= 16) {
      CHECK(bytes->find_first_not_of('\0') != std::string::npos);
    }
  }
  // Two draws of 32 bytes agree with probability 2^-256.
  CHECK(jwt::random_bytes(32).value() != jwt::random_bytes(32).value());
}

TEST_CASE("new_token_id is 128 bits in base64url")
{
  const auto id = jwt::new_token_id();
  REQUIRE(id.ok());
  CHECK(id->size() == 22);
  const auto bytes = jwt::base64url_decode(id.value());
  REQUIRE(bytes.ok());
  CHECK(bytes->size() == 16);
  CHECK(jwt::new_token_id().value() != id.value());
}
