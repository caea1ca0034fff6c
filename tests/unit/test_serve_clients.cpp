#include "cli/serve_clients.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

namespace {

std::string refusal(std::string_view text)
{
  auto clients = cli::parse_clients(text);
  REQUIRE_FALSE(clients);
  CHECK(clients.error().kind == jwt::ErrorKind::invalid_argument);
  return clients.error().message;
}

} // namespace

TEST_CASE("serve clients file: clients and users with their claims")
{
  auto clients = cli::parse_clients(R"({"clients": {"ci": {"secret": "s3cret", "claims": {"scope": "deploy"}},
                                                     "bare": {"secret": "x"}},
                                        "users": {"alice": {"password": "pw", "claims": {"sub": "user-1", "aud": ["a", "b"]}}}})");
  REQUIRE(clients);
  REQUIRE(clients->clients.size() == 2);
  const cli::Principal& ci = clients->clients.at("ci");
  CHECK(ci.secret.view() == "s3cret");
  CHECK(ci.claims.subject == "ci");
  CHECK(ci.claims.custom == jwt::Json{{"scope", "deploy"}});
  CHECK(clients->clients.at("bare").claims.custom.empty());
  const cli::Principal& alice = clients->users.at("alice");
  CHECK(alice.claims.subject == "user-1");
  CHECK(alice.claims.audiences == std::vector<std::string>{"a", "b"});
  CHECK(cli::parse_clients("{}"));
  CHECK(cli::parse_clients(R"({"users": {}})"));
}

TEST_CASE("serve clients file: authenticate compares the whole secret")
{
  auto clients = cli::parse_clients(R"({"clients": {"ci": {"secret": "s3cret"}}})");
  REQUIRE(clients);
  CHECK(cli::authenticate(clients->clients, "ci", "s3cret") == &clients->clients.at("ci"));
  CHECK(cli::authenticate(clients->clients, "ci", "s3creT") == nullptr);
  CHECK(cli::authenticate(clients->clients, "ci", "s3cre") == nullptr);
  CHECK(cli::authenticate(clients->clients, "ci", "s3cret ") == nullptr);
  CHECK(cli::authenticate(clients->clients, "ci", "") == nullptr);
  CHECK(cli::authenticate(clients->clients, "other", "s3cret") == nullptr);
  CHECK(cli::authenticate(clients->users, "ci", "s3cret") == nullptr);
}

TEST_CASE("serve clients file: what is refused, and where")
{
  CHECK(refusal("[]") == "expected a JSON object, found array");
  CHECK(test::contains(refusal("{"), "JSON"));
  CHECK(refusal(R"({"client": {}})") == R"(unknown member "client" (expected "clients" and "users"))");
  CHECK(refusal(R"({"clients": []})") == R"("clients" must be an object)");
  CHECK(refusal(R"({"clients": {"ci": "s3cret"}})") == R"(clients "ci": must be an object)");
  CHECK(refusal(R"({"clients": {"ci": {}}})") == R"(clients "ci": "secret" must be a non-empty string)");
  CHECK(refusal(R"({"clients": {"ci": {"secret": ""}}})") == R"(clients "ci": "secret" must be a non-empty string)");
  CHECK(refusal(R"({"clients": {"ci": {"secret": 1}}})") == R"(clients "ci": "secret" must be a non-empty string)");
  CHECK(refusal(R"({"clients": {"ci": {"secret": "s", "password": "p"}}})")
        == R"(clients "ci": unknown member "password" (expected "secret" and "claims"))");
  CHECK(refusal(R"({"users": {"alice": {"secret": "s"}}})")
        == R"(users "alice": unknown member "secret" (expected "password" and "claims"))");
  CHECK(refusal(R"({"users": {"": {"password": "s"}}})") == "users: an empty name");
  CHECK(refusal(R"({"clients": {"ci": {"secret": "s", "claims": []}}})") == R"(clients "ci": "claims" must be an object)");
  CHECK(refusal(R"({"clients": {"ci": {"secret": "s", "claims": {"exp": 1}}}})")
        == R"(clients "ci": the claim "exp" is set by the server)");
  CHECK(refusal(R"({"clients": {"ci": {"secret": "s", "claims": {"sid": "x"}}}})")
        == R"(clients "ci": the claim "sid" is set by the server)");
  CHECK(refusal(R"({"clients": {"ci": {"secret": "s", "claims": {"client_id": "x"}}}})")
        == R"(clients "ci": the claim "client_id" is set by the server)");
  CHECK(refusal(R"({"clients": {"ci": {"secret": "s", "claims": {"sub": ""}}}})")
        == R"(clients "ci": "sub" must be a non-empty string)");
  CHECK(refusal(R"({"clients": {"ci": {"secret": "s", "claims": {"aud": [1]}}}})")
        == R"(clients "ci": "aud" must be a string or a list of strings)");
  // Never a secret in a message.
  CHECK_FALSE(test::contains(refusal(R"({"clients": {"ci": {"secret": "hunter2", "x": 1}}})"), "hunter2"));
}
