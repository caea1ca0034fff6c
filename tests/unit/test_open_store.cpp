#include "store/open_store.hpp"

#include "support.hpp"

TEST_CASE("open_store: URLs of neither form are usage errors")
{
  using jwt::ErrorKind;
  CHECK_ERROR(store::open_store("postgres://db"), ErrorKind::invalid_argument,
              "store postgres://… (not shown): expected sqlite:PATH, redis://[USER@]HOST[:PORT][/DB] or "
              "redis+unix://[USER@]/PATH[?db=DB]");
  CHECK_ERROR(store::open_store("/tmp/store.db"), ErrorKind::invalid_argument, "expected sqlite:PATH");
  CHECK_ERROR(store::open_store("sqlite:"), ErrorKind::invalid_argument, "the path is empty");
  CHECK_ERROR(store::open_store("redis://"), ErrorKind::invalid_argument, "no host");
  CHECK_ERROR(store::open_store("redis://:6379"), ErrorKind::invalid_argument, "no host");
  CHECK_ERROR(store::open_store("redis://localhost:"), ErrorKind::invalid_argument, "the port is empty");
  CHECK_ERROR(store::open_store("redis://localhost:0"), ErrorKind::invalid_argument, "not a number from 1 to 65535");
  CHECK_ERROR(store::open_store("redis://localhost:65536"), ErrorKind::invalid_argument, "1 to 65535");
  CHECK_ERROR(store::open_store("redis://localhost:63x9"), ErrorKind::invalid_argument, "the port is not a number");
  CHECK_ERROR(store::open_store("redis://localhost:6379/x"), ErrorKind::invalid_argument, "the database is not a number");
  CHECK_ERROR(store::open_store("redis://localhost?timeout=1"), ErrorKind::invalid_argument, "options are not supported");
  CHECK_ERROR(store::open_store("redis://[::1"), ErrorKind::invalid_argument, "closing ']'");
}

TEST_CASE("open_store: an unreachable Redis is a store fault")
{
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  CHECK_ERROR(store::open_store("redis://127.0.0.1:1"), jwt::ErrorKind::store_unavailable,
              "store redis://127.0.0.1:1/0: cannot connect");
  CHECK_ERROR(store::open_store("redis://[::1]:1/2"), jwt::ErrorKind::store_unavailable, "store redis://[::1]:1/2");
}

namespace {

constexpr std::string_view k_canary = "CANARY-0f9e8d7c";

// A password source that records whether it was asked.
struct CountingSource {
  std::string password;
  int* asked;
  jwt::Result<std::string> operator()() const
  {
    ++*asked;
    return password;
  }
};

} // namespace

TEST_CASE("open_store: a password in a Redis URL is refused, and never echoed")
{
  const std::string canary(k_canary);
  for (const std::string& url : {"redis://user:" + canary + "@localhost",
                                 "redis://:" + canary + "@localhost:6379/0",
                                 "redis://:" + canary + "@localhost:bad-port/x", // refused before the port is read
                                 "redis://user:" + canary + "/x@localhost",      // a '/' in the password
                                 "redis+unix://user:" + canary + "@/run/redis.sock",
                                 "redis+unix://:" + canary + "@/run/redis.sock?db=x"}) {
    CAPTURE(url);
    int asked = 0;
    const auto opened = store::open_store(url, CountingSource{"from-the-source", &asked});
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().kind == jwt::ErrorKind::invalid_argument);
    const std::string& message = opened.error().message;
    CHECK_MESSAGE(test::contains(message, "a password in the URL is refused (other processes can read it): "
                                          "give it in $JWTOOL_STORE_PASSWORD or in a file "
                                          "($JWTOOL_STORE_PASSWORD_FILE, --store-password-file PATH)"),
                  message);
    CHECK_MESSAGE(!test::contains(message, canary), message);
    CHECK_MESSAGE(!test::contains(message, "localhost"), message); // nor the URL
    CHECK_MESSAGE(!test::contains(message, "redis.sock"), message);
    CHECK(asked == 0);
  }
}

TEST_CASE("open_store: the user part of a Redis URL")
{
  using jwt::ErrorKind;
  const std::string canary(k_canary);
  // Not a user name: perhaps a password pasted in the wrong place. Never echoed.
  for (const std::string& url : {canary + "/x@localhost", canary + "!@localhost", canary + "@localhost:0"}) {
    CAPTURE(url);
    const auto opened = store::open_store("redis://" + url);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().kind == ErrorKind::invalid_argument);
    CHECK_MESSAGE(!test::contains(opened.error().message, canary), opened.error().message);
    CHECK_MESSAGE(test::contains(opened.error().message, "store redis://… (not shown): "),
                  opened.error().message);
  }
  CHECK_ERROR(store::open_store("redis://@localhost"), ErrorKind::invalid_argument,
              "store redis://… (not shown): the user name before '@' is empty");
  CHECK_ERROR(store::open_store("redis://a!ce@localhost"), ErrorKind::invalid_argument,
              "a user name may hold only letters, digits, '-', '_' and '.'");
  // A user needs a password; the source is asked only once the URL has been read.
  int asked = 0;
  CHECK_ERROR(store::open_store("redis://alice@127.0.0.1:1/3", CountingSource{"", &asked}),
              ErrorKind::invalid_argument,
              "store redis://127.0.0.1:1/3: a user is named, but no password: give it in $JWTOOL_STORE_PASSWORD");
  CHECK(asked == 1);
  CHECK_ERROR(store::open_store("redis://alice@127.0.0.1:1/3"), ErrorKind::invalid_argument,
              "a user is named, but no password");
  asked = 0;
  CHECK_ERROR(store::open_store("redis://alice@127.0.0.1:x", CountingSource{"pw", &asked}), ErrorKind::invalid_argument,
              "the port is not a number");
  CHECK(asked == 0);
  // The source's own error comes out as it is.
  const store::PasswordSource failing = []() -> jwt::Result<std::string> {
    return jwt::make_error(jwt::ErrorKind::io, "--store-password-file: cannot read the file: No such file or directory");
  };
  CHECK_ERROR(store::open_store("redis://127.0.0.1:1", failing), ErrorKind::io, "--store-password-file: cannot read");
  // sqlite never asks.
  asked = 0;
  CHECK_ERROR(store::open_store("sqlite:", CountingSource{"pw", &asked}), ErrorKind::invalid_argument, "the path is empty");
  CHECK(asked == 0);
}

TEST_CASE("open_store: Redis on a Unix socket")
{
  using jwt::ErrorKind;
  CHECK_ERROR(store::open_store("redis+unix://"), ErrorKind::invalid_argument,
              "store redis+unix://… (not shown): expected the socket's absolute path: redis+unix:///PATH (three slashes)");
  CHECK_ERROR(store::open_store("redis+unix://localhost/run/redis.sock"), ErrorKind::invalid_argument,
              "expected the socket's absolute path");
  CHECK_ERROR(store::open_store("redis+unix://run/redis.sock"), ErrorKind::invalid_argument,
              "expected the socket's absolute path");
  CHECK_ERROR(store::open_store("redis+unix:///run/redis.sock?db=x"), ErrorKind::invalid_argument,
              "the database is not a number");
  CHECK_ERROR(store::open_store("redis+unix:///run/redis.sock?timeout=1"), ErrorKind::invalid_argument,
              "the only option is ?db=DB");
  CHECK_ERROR(store::open_store("redis+unix:///run/redis.sock#x"), ErrorKind::invalid_argument, "cannot hold '#'");
  CHECK_ERROR(store::open_store("redis+unix:///nonexistent-dir/redis.sock?db=2"), ErrorKind::store_unavailable,
              "store redis+unix:///nonexistent-dir/redis.sock?db=2: cannot connect: No such file or directory");
  CHECK_ERROR(store::open_store("redis+unix://alice@/nonexistent-dir/redis.sock", []() { return jwt::Result<std::string>("pw"); }),
              ErrorKind::store_unavailable, "store redis+unix:///nonexistent-dir/redis.sock?db=0: cannot connect");
}

TEST_CASE("open_store: rediss:// is refused, never echoed")
{
  const std::string url = "rediss://:" + std::string(k_canary) + "@redis.example.com:6380";
  CHECK_ERROR(store::open_store(url), jwt::ErrorKind::invalid_argument,
              "store rediss://…: TLS is not supported (this hiredis has no TLS); reach the server through a "
              "local TLS tunnel (stunnel, socat) and give its redis:// address");
  CHECK_FALSE(test::contains(store::open_store(url).error().message, k_canary));
}

TEST_CASE("open_store: an unreachable Redis never shows the password or the user")
{
  const std::string canary(k_canary);
  const auto opened = store::open_store("redis://alice@127.0.0.1:1/4", [&canary]() { return jwt::Result<std::string>(canary); });
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().kind == jwt::ErrorKind::store_unavailable);
  CHECK(opened.error().message == "store redis://127.0.0.1:1/4: cannot connect: Connection refused");
}
