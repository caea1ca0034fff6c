#include "net/fetch.hpp"

#include "support.hpp"

TEST_CASE("check_url: https anywhere, plain http only to a loopback IP literal")
{
  CHECK(net::check_url("https://accounts.example.com/.well-known/openid-configuration").ok());
  CHECK(net::check_url("https://127.0.0.1:8443/jwks").ok());
  CHECK(net::check_url("http://127.0.0.1:8080/jwks").ok());
  CHECK(net::check_url("http://127.200.3.4/jwks").ok());
  CHECK(net::check_url("http://[::1]:8080/jwks").ok());

  for (const char* url : {"http://example.com/jwks", "http://localhost/jwks", "http://10.0.0.1/jwks",
                          "http://128.0.0.1/jwks", "http://[::2]/jwks"}) {
    CAPTURE(url);
    const jwt::Status status = net::check_url(url);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().kind == jwt::ErrorKind::invalid_argument);
    CHECK(status.error().message == std::string(url) + ": plain http is refused (only for a loopback address, "
                                                       "127.0.0.1 or [::1]): use https");
  }
  CHECK(net::check_url("ftp://127.0.0.1/jwks").error().message == "ftp://127.0.0.1/jwks: not an https URL");
  CHECK(net::check_url("file:///etc/passwd").error().message == "file:///etc/passwd: not an https URL");
  CHECK(net::check_url("jwks.json").error().message == "\"jwks.json\" is not a URL");
  CHECK(net::check_url("https://user:pw@example.com/jwks").error().message
        == "a URL with a user name or password is refused");
}

TEST_CASE("fetch refuses a URL it may not fetch before connecting")
{
  const auto response = net::fetch(net::FetchRequest{"http://192.0.2.1/jwks", "", ""});
  REQUIRE_FALSE(response.ok());
  CHECK(response.error().kind == jwt::ErrorKind::invalid_argument);
}

TEST_CASE("fetch tells no answer (the network) from an answer refused")
{
  // Port 1 on the loopback address: nothing listens there, so the connection is refused.
  net::FetchFailure failure = net::FetchFailure::none;
  const auto refused = net::fetch(net::FetchRequest{"http://127.0.0.1:1/jwks", "", ""}, &failure);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message == "http://127.0.0.1:1/jwks: cannot connect (refused or unreachable)");
  CHECK(failure == net::FetchFailure::network);

  failure = net::FetchFailure::none;
  const auto not_allowed = net::fetch(net::FetchRequest{"http://192.0.2.1/jwks", "", ""}, &failure);
  REQUIRE_FALSE(not_allowed.ok());
  CHECK(failure == net::FetchFailure::other); // refused before connecting: no network failure
}
