#include "jwt/error.hpp"

#include "support.hpp"

#include <set>
#include <string>

using jwt::ErrorKind;

namespace {

struct Named {
  ErrorKind kind;
  std::string_view name;
};

// Every ErrorKind, in declaration order; a new value must be added here too.
constexpr Named k_all_kinds[] = {
  {ErrorKind::malformed, "malformed"},
  {ErrorKind::unsupported_header, "unsupported_header"},
  {ErrorKind::alg_not_allowed, "alg_not_allowed"},
  {ErrorKind::key_not_found, "key_not_found"},
  {ErrorKind::bad_signature, "bad_signature"},
  {ErrorKind::not_a_claims_set, "not_a_claims_set"},
  {ErrorKind::invalid_claim, "invalid_claim"},
  {ErrorKind::expired, "expired"},
  {ErrorKind::not_yet_valid, "not_yet_valid"},
  {ErrorKind::issued_in_future, "issued_in_future"},
  {ErrorKind::wrong_type, "wrong_type"},
  {ErrorKind::missing_claim, "missing_claim"},
  {ErrorKind::iss_mismatch, "iss_mismatch"},
  {ErrorKind::sub_mismatch, "sub_mismatch"},
  {ErrorKind::aud_mismatch, "aud_mismatch"},
  {ErrorKind::max_age_exceeded, "max_age_exceeded"},
  {ErrorKind::revoked, "revoked"},
  {ErrorKind::reuse_detected, "reuse_detected"},
  {ErrorKind::unknown_session, "unknown_session"},
  {ErrorKind::invalid_key, "invalid_key"},
  {ErrorKind::weak_key, "weak_key"},
  {ErrorKind::invalid_argument, "invalid_argument"},
  {ErrorKind::io, "io"},
  {ErrorKind::store_unavailable, "store_unavailable"},
  {ErrorKind::internal, "internal"},
};

bool is_snake_case(std::string_view name)
{
  if (name.empty() || name.front() == '_' || name.back() == '_') {
    return false;
  }
  char previous = '\0';
  for (const char c : name) {
    const bool letter = c >= 'a' && c <= 'z';
    if (!letter && c != '_') {
      return false;
    }
    if (c == '_' && previous == '_') {
      return false;
    }
    previous = c;
  }
  return true;
}

} // namespace

TEST_CASE("to_string names every ErrorKind")
{
  for (const auto& named : k_all_kinds) {
    CHECK(jwt::to_string(named.kind) == named.name);
  }
  // The last enumerator is internal: the table above covers every value.
  CHECK(static_cast<int>(ErrorKind::internal) + 1 == static_cast<int>(std::size(k_all_kinds)));
}

TEST_CASE("to_string names are distinct and snake_case")
{
  std::set<std::string_view> seen;
  for (const auto& named : k_all_kinds) {
    const std::string_view name = jwt::to_string(named.kind);
    CAPTURE(name);
    CHECK(is_snake_case(name));
    CHECK(seen.insert(name).second);
  }
  CHECK(seen.size() == std::size(k_all_kinds));
  CHECK_FALSE(is_snake_case("Bad_Signature"));
  CHECK_FALSE(is_snake_case("bad-signature"));
  CHECK_FALSE(is_snake_case("bad__signature"));
}

TEST_CASE("make_error carries kind message and claim")
{
  const jwt::Error error = jwt::make_error(ErrorKind::expired, "token expired", "exp");
  CHECK(error.kind == ErrorKind::expired);
  CHECK(error.message == "token expired");
  CHECK(error.claim == "exp");
  CHECK(jwt::make_error(ErrorKind::io, "x").claim.empty());
}

TEST_CASE("Result holds a value or an error")
{
  const jwt::Result<int> value = 7;
  CHECK(value.ok());
  CHECK(static_cast<bool>(value));
  CHECK(value.value() == 7);

  const jwt::Result<int> error = jwt::make_error(ErrorKind::internal, "boom");
  CHECK_FALSE(error.ok());
  CHECK(error.error().kind == ErrorKind::internal);
  CHECK(error.error().message == "boom");

  jwt::Result<std::string> text = std::string("abc");
  CHECK(text->size() == 3);
  CHECK(std::move(text).value() == "abc");

  const jwt::Status ok = jwt::Ok{};
  CHECK(ok.ok());
}
