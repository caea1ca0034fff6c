#include "jwt/claims.hpp"

#include "support.hpp"

#include <chrono>
#include <optional>
#include <string>

using jwt::check_claims;
using jwt::ClaimPolicy;
using jwt::ErrorKind;
using jwt::Json;
using jwt::NumericDate;
using std::chrono::seconds;

namespace {

Json claims(std::string_view text)
{
  return Json::parse(text);
}

ClaimPolicy with_leeway(long long leeway_seconds)
{
  ClaimPolicy policy;
  policy.leeway = seconds(leeway_seconds);
  return policy;
}

ClaimPolicy expecting(std::string type)
{
  ClaimPolicy policy;
  policy.expected_type = std::move(type);
  return policy;
}

bool passes(const Json& value, const ClaimPolicy& policy, double now)
{
  return check_claims(value, policy, NumericDate{now}).ok();
}

jwt::ErrorKind failure(const Json& value, const ClaimPolicy& policy, double now)
{
  const auto result = check_claims(value, policy, NumericDate{now});
  REQUIRE_FALSE(result.ok());
  return result.error().kind;
}

} // namespace

TEST_CASE("check_claims accepts a claims set without time claims")
{
  CHECK(passes(claims("{}"), ClaimPolicy{}, 0));
  CHECK(passes(claims(R"({"sub":"alice"})"), ClaimPolicy{}, 1e12));
}

TEST_CASE("check_claims exp boundary")
{
  const Json exp = claims(R"({"exp":1000})");
  SUBCASE("no leeway")
  {
    CHECK(passes(exp, ClaimPolicy{}, 999.999));
    CHECK(failure(exp, ClaimPolicy{}, 1000) == ErrorKind::expired);
    CHECK(failure(exp, ClaimPolicy{}, 5000) == ErrorKind::expired);
  }
  SUBCASE("leeway 10s")
  {
    CHECK(passes(exp, with_leeway(10), 1000));
    CHECK(passes(exp, with_leeway(10), 1009.5));
    CHECK(failure(exp, with_leeway(10), 1010) == ErrorKind::expired);
  }
  SUBCASE("message and claim")
  {
    const auto result = check_claims(exp, ClaimPolicy{}, NumericDate{1090});
    CHECK_ERROR(result, ErrorKind::expired, "token expired at 1970-01-01T00:16:40Z (1m30s ago)");
    CHECK(result.error().claim == "exp");
    CHECK_ERROR(check_claims(exp, with_leeway(10), NumericDate{1010}), ErrorKind::expired,
                "token expired at 1970-01-01T00:16:40Z (10s ago, leeway 10s)");
  }
}

TEST_CASE("check_claims nbf boundary")
{
  const Json nbf = claims(R"({"nbf":1000})");
  SUBCASE("no leeway")
  {
    CHECK(failure(nbf, ClaimPolicy{}, 999) == ErrorKind::not_yet_valid);
    CHECK(failure(nbf, ClaimPolicy{}, 999.999) == ErrorKind::not_yet_valid);
    CHECK(passes(nbf, ClaimPolicy{}, 1000));
    CHECK(passes(nbf, ClaimPolicy{}, 1e9));
  }
  SUBCASE("leeway 5s")
  {
    CHECK(passes(nbf, with_leeway(5), 995));
    CHECK(failure(nbf, with_leeway(5), 994.9) == ErrorKind::not_yet_valid);
  }
  SUBCASE("message and claim")
  {
    const auto result = check_claims(nbf, ClaimPolicy{}, NumericDate{940});
    CHECK_ERROR(result, ErrorKind::not_yet_valid, "token not valid before 1970-01-01T00:16:40Z (in 1m)");
    CHECK(result.error().claim == "nbf");
  }
}

TEST_CASE("check_claims iat boundary")
{
  const Json iat = claims(R"({"iat":1000})");
  CHECK(failure(iat, ClaimPolicy{}, 999) == ErrorKind::issued_in_future);
  CHECK(passes(iat, ClaimPolicy{}, 1000));
  CHECK(passes(iat, ClaimPolicy{}, 1e9));
  CHECK(passes(iat, with_leeway(1), 999));
  CHECK(failure(iat, with_leeway(1), 998.9) == ErrorKind::issued_in_future);

  const auto result = check_claims(iat, ClaimPolicy{}, NumericDate{999});
  CHECK_ERROR(result, ErrorKind::issued_in_future, "token issued in the future, at 1970-01-01T00:16:40Z (in 1s)");
  CHECK(result.error().claim == "iat");
}

TEST_CASE("check_claims with fractional NumericDates")
{
  const Json exp = claims(R"({"exp":1000.5})");
  CHECK(passes(exp, ClaimPolicy{}, 1000.4));
  CHECK(failure(exp, ClaimPolicy{}, 1000.5) == ErrorKind::expired);

  const Json nbf = claims(R"({"nbf":1000.25})");
  CHECK(failure(nbf, ClaimPolicy{}, 1000.2) == ErrorKind::not_yet_valid);
  CHECK(passes(nbf, ClaimPolicy{}, 1000.25));

  const Json iat = claims(R"({"iat":1000.75})");
  CHECK(failure(iat, ClaimPolicy{}, 1000.5) == ErrorKind::issued_in_future);
  CHECK(passes(iat, ClaimPolicy{}, 1000.75));

  const Json all = claims(R"({"iat":1e3,"nbf":1.0005e3,"exp":1.001e3})");
  CHECK(failure(all, ClaimPolicy{}, 1000.4) == ErrorKind::not_yet_valid);
  CHECK(passes(all, ClaimPolicy{}, 1000.5));
  CHECK(failure(all, ClaimPolicy{}, 1001) == ErrorKind::expired);
}

TEST_CASE("check_claims rejects time claims that are not numbers")
{
  for (const char* name : {"exp", "nbf", "iat"}) {
    for (const char* value : {R"("1000")", "true", "false", "null", "[1000]", R"({"t":1000})"}) {
      CAPTURE(name);
      CAPTURE(value);
      const Json bad = claims(std::string("{\"") + name + "\":" + value + "}");
      const auto result = check_claims(bad, ClaimPolicy{}, NumericDate{0});
      CHECK_ERROR(result, ErrorKind::invalid_claim, std::string("\"") + name + "\" must be a NumericDate");
      CHECK(result.error().claim == name);
    }
  }
  CHECK_ERROR(check_claims(claims(R"({"exp":"1000"})"), ClaimPolicy{}, NumericDate{0}), ErrorKind::invalid_claim,
              "found string");
  CHECK_ERROR(check_claims(claims(R"({"exp":null})"), ClaimPolicy{}, NumericDate{0}), ErrorKind::invalid_claim,
              "found null");
  CHECK_ERROR(check_claims(claims(R"({"exp":true})"), ClaimPolicy{}, NumericDate{0}), ErrorKind::invalid_claim,
              "found boolean");
}

TEST_CASE("check_claims reports the first failure in order")
{
  const ClaimPolicy refresh = expecting("refresh");
  SUBCASE("expired before wrong_type")
  {
    CHECK(failure(claims(R"({"exp":1000,"type":"access"})"), refresh, 2000) == ErrorKind::expired);
  }
  SUBCASE("expired before not_yet_valid and issued_in_future")
  {
    CHECK(failure(claims(R"({"iat":3000,"nbf":3000,"exp":1000})"), ClaimPolicy{}, 2000) == ErrorKind::expired);
  }
  SUBCASE("expired before a bad nbf")
  {
    CHECK(failure(claims(R"({"nbf":"x","exp":1000})"), ClaimPolicy{}, 2000) == ErrorKind::expired);
  }
  SUBCASE("not_yet_valid before issued_in_future")
  {
    CHECK(failure(claims(R"({"iat":3000,"nbf":3000})"), ClaimPolicy{}, 2000) == ErrorKind::not_yet_valid);
  }
  SUBCASE("issued_in_future before wrong_type")
  {
    CHECK(failure(claims(R"({"iat":3000,"type":"access"})"), refresh, 2000) == ErrorKind::issued_in_future);
  }
  SUBCASE("invalid_claim before wrong_type")
  {
    CHECK(failure(claims(R"({"iat":"x","type":"access"})"), refresh, 2000) == ErrorKind::invalid_claim);
  }
}

TEST_CASE("check_claims checks the type claim when one is expected")
{
  const ClaimPolicy access = expecting("access");
  SUBCASE("missing")
  {
    const auto result = check_claims(claims("{}"), access, NumericDate{0});
    CHECK_ERROR(result, ErrorKind::wrong_type,
                "expected a token of type \"access\", but the token has no \"type\" claim");
    CHECK(result.error().claim == "type");
  }
  SUBCASE("not a string")
  {
    CHECK_ERROR(check_claims(claims(R"({"type":42})"), access, NumericDate{0}), ErrorKind::wrong_type,
                "its \"type\" claim is a number");
    CHECK_ERROR(check_claims(claims(R"({"type":null})"), access, NumericDate{0}), ErrorKind::wrong_type,
                "its \"type\" claim is a null");
    CHECK_ERROR(check_claims(claims(R"({"type":["access"]})"), access, NumericDate{0}), ErrorKind::wrong_type,
                "its \"type\" claim is a array");
  }
  SUBCASE("mismatch")
  {
    CHECK_ERROR(check_claims(claims(R"({"type":"refresh"})"), access, NumericDate{0}), ErrorKind::wrong_type,
                "expected a token of type \"access\", got \"refresh\"");
    CHECK_ERROR(check_claims(claims(R"({"type":"Access"})"), access, NumericDate{0}), ErrorKind::wrong_type,
                "got \"Access\"");
    CHECK_ERROR(check_claims(claims(R"({"type":""})"), access, NumericDate{0}), ErrorKind::wrong_type, "got \"\"");
  }
  SUBCASE("match")
  {
    CHECK(passes(claims(R"({"type":"access"})"), access, 0));
  }
  SUBCASE("not expected")
  {
    CHECK(passes(claims(R"({"type":42})"), ClaimPolicy{}, 0));
    CHECK(passes(claims("{}"), ClaimPolicy{}, 0));
  }
}

TEST_CASE("read_numeric_date")
{
  const Json value = claims(R"({"exp":1700000000,"nbf":1.5,"big":18446744073709551615,"neg":-5,"s":"1"})");
  const auto exp = jwt::read_numeric_date(value, "exp");
  REQUIRE(exp.ok());
  REQUIRE(exp->has_value());
  CHECK(exp.value()->seconds == 1700000000.0);
  CHECK(jwt::read_numeric_date(value, "nbf")->value().seconds == 1.5);
  CHECK(jwt::read_numeric_date(value, "big")->value().seconds == 18446744073709551615.0);
  CHECK(jwt::read_numeric_date(value, "neg")->value().seconds == -5.0);
  const auto missing = jwt::read_numeric_date(value, "iat");
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->has_value());
  CHECK_ERROR(jwt::read_numeric_date(value, "s"), ErrorKind::invalid_claim, "\"s\" must be a NumericDate");
}

TEST_CASE("build_claims writes sub iat exp type jti in order")
{
  const Json built = jwt::build_claims(
    test::new_claims("alice", "access", NumericDate{1700000000.9}, seconds(1800), "id1"));
  CHECK(built.dump() == R"({"sub":"alice","iat":1700000000,"exp":1700001800,"type":"access","jti":"id1"})");
  CHECK(built.at("iat").is_number_integer());
  CHECK(built.at("exp").is_number_integer());
}

TEST_CASE("build_claims leaves out an empty jti and floors iat")
{
  const Json built = jwt::build_claims(
    test::new_claims("bob", "refresh", NumericDate{-0.5}, jwt::k_default_refresh_lifetime, ""));
  CHECK(built.dump() == R"({"sub":"bob","iat":-1,"exp":604799,"type":"refresh"})");
}

TEST_CASE("default lifetimes")
{
  CHECK(jwt::k_default_access_lifetime == seconds(1800));
  CHECK(jwt::k_default_refresh_lifetime == seconds(604800));
  CHECK(jwt::k_type_claim == "type");
  CHECK(jwt::k_access_type == "access");
  CHECK(jwt::k_refresh_type == "refresh");
}
