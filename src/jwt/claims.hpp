#pragma once

#include "jwt/error.hpp"
#include "jwt/json.hpp"
#include "jwt/time.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace jwt {

// The private claim that tells access tokens from refresh tokens, as in the walkthrough.
constexpr std::string_view k_type_claim = "type";
constexpr std::string_view k_access_type = "access";
constexpr std::string_view k_refresh_type = "refresh";

// What a token's claims must satisfy, besides its signature.
struct ClaimPolicy {
  // Tolerated clock skew, applied to exp, nbf and iat alike.
  std::chrono::seconds leeway{0};
  // When set, the "type" claim must be exactly this string.
  std::optional<std::string> expected_type;
};

// The NumericDate claim `name`, or nullopt if the token has none. A value that is not a finite
// JSON number is ErrorKind::invalid_claim.
Result<std::optional<NumericDate>> read_numeric_date(const Json& claims, std::string_view name);

// Checks, in this order, that at `now` the token has not expired (now < exp + leeway), is
// valid already (now + leeway >= nbf), was not issued in the future (iat <= now + leeway),
// then that its type is the expected one. The first failure is returned: expired,
// not_yet_valid, issued_in_future, invalid_claim or wrong_type.
Status check_claims(const Json& claims, const ClaimPolicy& policy, NumericDate now);

// The claims jwtool writes for a new token, in this order: sub, iat, exp, type, jti
// (jti left out when empty). iat is `issued_at` rounded down to a whole second.
struct NewClaims {
  std::string subject;
  std::string type;
  NumericDate issued_at;
  std::chrono::seconds lifetime{0};
  std::string token_id;
};
Json build_claims(const NewClaims& claims);

} // namespace jwt

namespace jwt {

// The lifetimes of the walkthrough: access tokens 30 minutes, refresh tokens 7 days.
constexpr std::chrono::seconds k_default_access_lifetime{30 * 60};
constexpr std::chrono::seconds k_default_refresh_lifetime{7 * 24 * 60 * 60};

} // namespace jwt
