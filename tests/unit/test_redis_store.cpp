#include "store/open_store.hpp"

#include "store_contract.hpp"
#include "support.hpp"

#include <cstdlib>

// Needs a server: JWTOOL_TEST_REDIS names it (redis://127.0.0.1:PORT); tests/unit/with_redis.sh
// starts one for ctest's "unit.redis_store_live". Without it these cases are skipped.
namespace {

const char* test_server()
{
  const char* url = std::getenv("JWTOOL_TEST_REDIS");
  return url != nullptr && *url != '\0' ? url : nullptr;
}

} // namespace

TEST_CASE("redis store: the store contract")
{
  const char* url = test_server();
  if (url == nullptr) {
    MESSAGE("skipped: JWTOOL_TEST_REDIS is not set");
    return;
  }
  auto store = store::open_store(url);
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? std::string() : store.error().message));
  test::check_store_contract(**store);
}

TEST_CASE("redis store: keys expire with the tokens, counted from the caller's now")
{
  const char* url = test_server();
  if (url == nullptr) {
    MESSAGE("skipped: JWTOOL_TEST_REDIS is not set");
    return;
  }
  auto store = store::open_store(url);
  REQUIRE(store.ok());
  // A token that ended long ago by the real clock, but not at the caller's now: still recorded.
  const std::string sid = test::unique_name("sid-");
  const std::string jti = test::unique_name("jti-");
  REQUIRE((*store)->start_session(sid, test::new_session(), test::k_login).ok());
  CHECK((*store)->spend(jti, sid, test::k_token_end, test::k_login, jwt::SpendMode::spend)->result == jwt::SpendResult::spent);
  CHECK((*store)->spend(jti, sid, test::k_token_end, test::k_login, jwt::SpendMode::spend)->result == jwt::SpendResult::reused);
}
