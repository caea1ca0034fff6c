#include "jwt/keys.hpp"

#include "support.hpp"

#include <optional>
#include <string>
#include <utility>

using jwt::Algorithm;
using jwt::ErrorKind;
using jwt::Key;
using jwt::KeyRing;
using jwt::Secret;

namespace {

Key make_key(std::string_view bytes, std::string kid = {}, std::optional<Algorithm> alg = std::nullopt)
{
  return Key{Secret(bytes), std::nullopt, std::move(kid), alg};
}

std::string stripped(std::string_view bytes)
{
  Secret secret(bytes);
  secret.strip_trailing_newline();
  return std::string(secret.view());
}

} // namespace

TEST_CASE("Secret holds its bytes")
{
  const Secret secret(std::string_view("k\0y", 3));
  CHECK(secret.size() == 3);
  CHECK_FALSE(secret.empty());
  CHECK(secret.view() == std::string_view("k\0y", 3));

  const Secret none;
  CHECK(none.empty());
  CHECK(none.size() == 0);
  CHECK(none.view().empty());
}

TEST_CASE("Secret strip_trailing_newline drops one final newline")
{
  CHECK(stripped("k\n") == "k");
  CHECK(stripped("k\r\n") == "k");
  CHECK(stripped("k\n\n") == "k\n");
  CHECK(stripped("k\r\n\r\n") == "k\r\n");
  CHECK(stripped("k") == "k");
  CHECK(stripped("k\r") == "k\r");
  CHECK(stripped("k\n ") == "k\n ");
  CHECK(stripped("\n") == "");
  CHECK(stripped("\r\n") == "");
  CHECK(stripped("") == "");
}

TEST_CASE("Secret move leaves the source empty")
{
  SUBCASE("construction")
  {
    Secret source("secret");
    const Secret target(std::move(source));
    CHECK(target.view() == "secret");
    CHECK(source.empty()); // NOLINT(bugprone-use-after-move): the state after a move is the contract
    CHECK(source.view().empty());
  }
  SUBCASE("assignment")
  {
    Secret source("secret");
    Secret target("old");
    target = std::move(source);
    CHECK(target.view() == "secret");
    CHECK(source.empty()); // NOLINT(bugprone-use-after-move)
  }
}

TEST_CASE("wipe empties a buffer")
{
  std::string buffer = "key bytes";
  jwt::wipe(buffer);
  CHECK(buffer.empty());
  std::string empty;
  jwt::wipe(empty);
  CHECK(empty.empty());
}

TEST_CASE("KeyRing select with no key")
{
  const KeyRing ring;
  CHECK(ring.empty());
  CHECK_ERROR(ring.select(std::nullopt), ErrorKind::key_not_found, "no key to verify with");
  CHECK_ERROR(ring.select(std::string("a")), ErrorKind::key_not_found, "no key to verify with");
}

TEST_CASE("KeyRing select with a single unnamed key serves any kid")
{
  KeyRing ring;
  ring.add(make_key("only"));
  CHECK_FALSE(ring.empty());
  REQUIRE(ring.keys().size() == 1);
  const Key* only = &ring.keys().front();

  const auto no_kid = ring.select(std::nullopt);
  REQUIRE(no_kid.ok());
  CHECK(no_kid.value() == only);
  const auto any_kid = ring.select(std::string("whatever"));
  REQUIRE(any_kid.ok());
  CHECK(any_kid.value() == only);
  const auto empty_kid = ring.select(std::string());
  REQUIRE(empty_kid.ok());
  CHECK(empty_kid.value() == only);
}

TEST_CASE("KeyRing select picks named keys by kid")
{
  KeyRing ring;
  ring.add(make_key("first", "a"));
  ring.add(make_key("second", "b", Algorithm::hs384));
  const Key* a = &ring.keys()[0];
  const Key* b = &ring.keys()[1];

  const auto select_a = ring.select(std::string("a"));
  REQUIRE(select_a.ok());
  CHECK(select_a.value() == a);
  CHECK(select_a.value()->secret.view() == "first");
  const auto select_b = ring.select(std::string("b"));
  REQUIRE(select_b.ok());
  CHECK(select_b.value() == b);
  CHECK(select_b.value()->alg == std::optional<Algorithm>(Algorithm::hs384));

  SUBCASE("unknown kid")
  {
    const auto result = ring.select(std::string("c"));
    CHECK_ERROR(result, ErrorKind::key_not_found, "no key has kid \"c\"");
    CHECK(result.error().claim == "kid");
  }
  SUBCASE("kid differing in case only")
  {
    CHECK_ERROR(ring.select(std::string("A")), ErrorKind::key_not_found, "no key has kid \"A\"");
  }
  SUBCASE("no kid among several keys is ambiguous")
  {
    const auto result = ring.select(std::nullopt);
    CHECK_ERROR(result, ErrorKind::key_not_found, "the token has no kid and there are 2 keys");
    CHECK(result.error().claim == "kid");
  }
}

TEST_CASE("KeyRing select with a single named key: its kid, or no kid at all")
{
  KeyRing ring;
  ring.add(make_key("named", "a"));
  const auto right = ring.select(std::string("a"));
  REQUIRE(right.ok());
  CHECK(right.value()->secret.view() == "named");
  CHECK_ERROR(ring.select(std::string("b")), ErrorKind::key_not_found, "no key has kid \"b\"");
  // A token without kid uses the only key (as RFC 7520 §4.6's token does with its JWK).
  const auto no_kid = ring.select(std::nullopt);
  REQUIRE(no_kid.ok());
  CHECK(no_kid.value() == right.value());
}

TEST_CASE("KeyRing select with an unnamed key among named keys")
{
  KeyRing ring;
  ring.add(make_key("unnamed"));
  ring.add(make_key("named", "a"));
  const auto named = ring.select(std::string("a"));
  REQUIRE(named.ok());
  CHECK(named.value()->secret.view() == "named");
  CHECK_ERROR(ring.select(std::nullopt), ErrorKind::key_not_found, "the token has no kid and there are 2 keys");
  CHECK_ERROR(ring.select(std::string("zzz")), ErrorKind::key_not_found, "no key has kid \"zzz\"");
}

TEST_CASE("KeyRing select: a key whose key_ops leave out verify is no candidate")
{
  KeyRing ring;
  Key signer = make_key("signer", "s");
  signer.may_verify = false;
  ring.add(std::move(signer));
  SUBCASE("alone")
  {
    CHECK_ERROR(ring.select(std::string("s")), ErrorKind::key_not_found,
                R"(the key with kid "s" may not verify: its "key_ops" leave out "verify")");
    CHECK_ERROR(ring.select(std::nullopt), ErrorKind::key_not_found,
                R"(the key with kid "s" may not verify: its "key_ops" leave out "verify")");
    CHECK_ERROR(ring.select(std::string("x")), ErrorKind::key_not_found, "may not verify");
  }
  SUBCASE("beside a key that may verify, which then is the only candidate")
  {
    ring.add(make_key("verifier", "v"));
    const auto kid_s = ring.select(std::string("s"));
    CHECK_ERROR(kid_s, ErrorKind::key_not_found, R"(the key with kid "s" may not verify)");
    CHECK(kid_s.error().claim == "kid");
    const auto no_kid = ring.select(std::nullopt);
    REQUIRE(no_kid.ok());
    CHECK(no_kid.value()->kid == "v");
    CHECK_ERROR(ring.select(std::string("x")), ErrorKind::key_not_found, R"(no key has kid "x")");
  }
  SUBCASE("several keys, none may verify")
  {
    Key other = make_key("other", "t");
    other.may_verify = false;
    ring.add(std::move(other));
    CHECK_ERROR(ring.select(std::nullopt), ErrorKind::key_not_found,
                R"(no key may verify: the "key_ops" of each leave out "verify")");
  }
  SUBCASE("it may still be picked for signing")
  {
    const auto picked = ring.select_for_signing("s");
    REQUIRE(picked.ok());
    CHECK(picked.value()->secret.view() == "signer");
    CHECK(jwt::check_may_sign(*picked.value()).ok());
  }
}

TEST_CASE("check_may_sign refuses a key whose key_ops leave out sign")
{
  Key named = make_key("named", "v");
  CHECK(jwt::check_may_sign(named).ok());
  named.may_sign = false;
  CHECK_ERROR(jwt::check_may_sign(named), ErrorKind::invalid_key,
              R"(the key with kid "v" may not sign: its "key_ops" leave out "sign")");
  Key unnamed = make_key("unnamed");
  unnamed.may_sign = false;
  CHECK_ERROR(jwt::check_may_sign(unnamed), ErrorKind::invalid_key, R"(the key may not sign: its "key_ops" leave out "sign")");
}

TEST_CASE("KeyRing select_for_signing: by kid, a single unnamed key for any kid, else the only key")
{
  KeyRing ring;
  Key verifier = make_key("verifier", "v");
  verifier.may_sign = false;
  ring.add(std::move(verifier));
  // Whether it may sign is check_may_sign's to say, with its own message.
  REQUIRE(ring.select_for_signing("v").ok());
  REQUIRE(ring.select_for_signing("").ok());
  CHECK_ERROR(ring.select_for_signing("x"), ErrorKind::key_not_found, R"(no key has kid "x")");
  ring.add(make_key("other", "o"));
  CHECK(ring.select_for_signing("o").value()->secret.view() == "other");
  CHECK_ERROR(ring.select_for_signing(""), ErrorKind::key_not_found, "there are 2 keys to sign with");
}
