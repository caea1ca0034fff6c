#include "store/open_store.hpp"

#include "store_contract.hpp"
#include "support.hpp"

#include <hiredis/hiredis.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

// Needs a server: JWTOOL_TEST_REDIS names it (redis://127.0.0.1:PORT); tests/unit/with_redis.sh
// starts one for ctest's "unit.redis_store_live". Without it these cases are skipped.
namespace {

const char* test_server()
{
  const char* url = std::getenv("JWTOOL_TEST_REDIS");
  return url != nullptr && *url != '\0' ? url : nullptr;
}

// The other settings with_redis.sh gives, or "" (then the cases that need them are skipped).
std::string setting(const char* name)
{
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

store::PasswordSource password(const std::string& value)
{
  return [value]() { return jwt::Result<std::string>(value); };
}

constexpr std::string_view k_canary = "CANARY-5b4a3928";

// A plain connection to the test server, to plant and read keys behind the store's back.
class RawRedis
{
public:
  explicit RawRedis(const std::string& url)
  {
    // url: redis://127.0.0.1:PORT
    const std::string port = url.substr(url.rfind(':') + 1);
    m_context.reset(redisConnect("127.0.0.1", std::stoi(port)));
    REQUIRE(m_context);
    REQUIRE(m_context->err == 0);
  }
  // The reply as text: a string, an integer, "nil", or "error: ...".
  std::string run(const std::vector<std::string>& args)
  {
    std::vector<const char*> pointers;
    std::vector<std::size_t> sizes;
    for (const std::string& arg : args) {
      pointers.push_back(arg.data());
      sizes.push_back(arg.size());
    }
    auto* reply = static_cast<redisReply*>(
      redisCommandArgv(m_context.get(), static_cast<int>(args.size()), pointers.data(), sizes.data()));
    REQUIRE(reply != nullptr);
    std::string text;
    switch (reply->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS: text.assign(reply->str, reply->len); break;
    case REDIS_REPLY_INTEGER: text = std::to_string(reply->integer); break;
    case REDIS_REPLY_NIL: text = "nil"; break;
    case REDIS_REPLY_ERROR: text = "error: " + std::string(reply->str, reply->len); break;
    default: text = "other"; break;
    }
    freeReplyObject(reply);
    return text;
  }

private:
  struct Free {
    void operator()(redisContext* context) const noexcept
    {
      redisFree(context);
    }
  };
  std::unique_ptr<redisContext, Free> m_context;
};

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

TEST_CASE("redis store: an empty jti or sid names no key, read or written")
{
  const char* url = test_server();
  if (url == nullptr) {
    MESSAGE("skipped: JWTOOL_TEST_REDIS is not set");
    return;
  }
  auto store = store::open_store(url);
  REQUIRE(store.ok());
  RawRedis raw(url);
  // Keys that a lookup by an empty id would meet: the empty key, and the bare prefixes.
  raw.run({"DEL", "", "jwtool:token:", "jwtool:session:"});
  REQUIRE(raw.run({"SET", "", "revoked"}) == "OK");
  REQUIRE(raw.run({"SET", "jwtool:token:", "revoked"}) == "OK");
  REQUIRE(raw.run({"HSET", "jwtool:session:", "revoked", "1", "created_at", "1", "expires_at", "9999999999"}) == "3");
  const std::string sid = test::unique_name("sid-");
  const std::string jti = test::unique_name("jti-");
  REQUIRE((*store)->start_session(sid, test::new_session(), test::k_login).ok());

  CHECK((*store)->revocation("", sid).value() == jwt::Revocation::none);
  CHECK((*store)->revocation("", "").value() == jwt::Revocation::none);
  CHECK((*store)->revocation(jti, "").value() == jwt::Revocation::none);
  REQUIRE(raw.run({"DEL", ""}) == "1");
  REQUIRE(raw.run({"HSET", "", "revoked", "1"}) == "1");
  CHECK((*store)->revocation(jti, "").value() == jwt::Revocation::none);
  CHECK((*store)->revocation("", sid).value() == jwt::Revocation::none);

  // Writes for an empty id are refused before they reach the server.
  const jwt::NumericDate now{test::k_login.seconds + 60};
  CHECK_ERROR((*store)->spend("", sid, test::k_token_end, now, jwt::SpendMode::spend), jwt::ErrorKind::invalid_argument,
              "an empty token or session id names no entry");
  CHECK_ERROR((*store)->spend(jti, "", test::k_token_end, now, jwt::SpendMode::spend), jwt::ErrorKind::invalid_argument, "empty");
  CHECK_FALSE((*store)->revoke_token("", test::k_token_end, now).ok());
  CHECK_FALSE((*store)->revoke_session("", test::k_token_end, now).ok());
  CHECK_FALSE((*store)->start_session("", test::new_session(), now).ok());
  CHECK(raw.run({"GET", "jwtool:token:"}) == "revoked");
  CHECK(raw.run({"PTTL", "jwtool:token:"}) == "-1"); // never rewritten
  CHECK(raw.run({"PTTL", "jwtool:session:"}) == "-1");
  CHECK(raw.run({"HGET", "jwtool:session:", "revoked"}) == "1");
  CHECK(raw.run({"EXISTS", jti}) == "0");
  // The real entries still work.
  CHECK((*store)->spend(jti, sid, test::k_token_end, now, jwt::SpendMode::spend)->result == jwt::SpendResult::spent);
  CHECK((*store)->revocation(jti, sid).value() == jwt::Revocation::spent);
  raw.run({"DEL", "", "jwtool:token:", "jwtool:session:"});
}

TEST_CASE("redis store: a server that asks for a password")
{
  const std::string url = setting("JWTOOL_TEST_REDIS_AUTH");
  if (url.empty()) {
    MESSAGE("skipped: JWTOOL_TEST_REDIS_AUTH is not set");
    return;
  }
  const std::string right = setting("JWTOOL_TEST_REDIS_PASSWORD");
  const std::string canary(k_canary);

  SUBCASE("without a password: the first command says so")
  {
    auto opened = store::open_store(url);
    REQUIRE(opened.ok()); // database 0: nothing is sent before the first operation
    CHECK_ERROR((*opened)->revocation("a", "b"), jwt::ErrorKind::store_unavailable,
                "store " + url + "/0: the server asks for a password: give it in $JWTOOL_STORE_PASSWORD or in a "
                "file ($JWTOOL_STORE_PASSWORD_FILE, --store-password-file PATH)");
    CHECK_ERROR(store::open_store(url + "/2"), jwt::ErrorKind::store_unavailable,
                "store " + url + "/2: the server asks for a password");
  }
  SUBCASE("a wrong password: authentication failed, the password not shown")
  {
    auto opened = store::open_store(url, password(canary));
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().kind == jwt::ErrorKind::store_unavailable);
    CHECK(opened.error().message
          == "store " + url + "/0: authentication failed (WRONGPASS invalid username-password pair or user is disabled.)");
  }
  SUBCASE("the right password: the store contract")
  {
    auto opened = store::open_store(url + "/1", password(right));
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? std::string() : opened.error().message));
    test::check_store_contract(**opened);
  }
}

TEST_CASE("redis store: an ACL user held to jwtool's keys")
{
  const std::string url = setting("JWTOOL_TEST_REDIS_AUTH");
  if (url.empty()) {
    MESSAGE("skipped: JWTOOL_TEST_REDIS_AUTH is not set");
    return;
  }
  const std::string user_url = "redis://" + setting("JWTOOL_TEST_REDIS_USER") + "@" + url.substr(8);
  SUBCASE("the right password: the store contract")
  {
    auto opened = store::open_store(user_url + "/3", password(setting("JWTOOL_TEST_REDIS_USER_PASSWORD")));
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? std::string() : opened.error().message));
    test::check_store_contract(**opened);
    // A token without sid (or without jti) is looked up without touching another key.
    CHECK((*opened)->revocation(test::unique_name("jti-"), "").value() == jwt::Revocation::none);
    CHECK((*opened)->revocation("", test::unique_name("sid-")).value() == jwt::Revocation::none);
  }
  SUBCASE("the default user's password is not the user's")
  {
    auto opened = store::open_store(user_url, password(setting("JWTOOL_TEST_REDIS_PASSWORD")));
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().message
          == "store " + url + "/0: authentication failed (WRONGPASS invalid username-password pair or user is disabled.)");
  }
}

TEST_CASE("redis store: a Unix socket")
{
  const std::string socket = setting("JWTOOL_TEST_REDIS_SOCKET");
  if (socket.empty()) {
    MESSAGE("skipped: JWTOOL_TEST_REDIS_SOCKET is not set");
    return;
  }
  const std::string url = "redis+unix://" + socket + "?db=4";
  SUBCASE("with the password: the store contract")
  {
    auto opened = store::open_store(url, password(setting("JWTOOL_TEST_REDIS_PASSWORD")));
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? std::string() : opened.error().message));
    test::check_store_contract(**opened);
  }
  SUBCASE("as the ACL user")
  {
    auto opened = store::open_store("redis+unix://" + setting("JWTOOL_TEST_REDIS_USER") + "@" + socket,
                                    password(setting("JWTOOL_TEST_REDIS_USER_PASSWORD")));
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? std::string() : opened.error().message));
    test::check_store_contract(**opened);
  }
  SUBCASE("without it")
  {
    CHECK_ERROR(store::open_store(url), jwt::ErrorKind::store_unavailable,
                "store " + url + ": the server asks for a password");
  }
}
