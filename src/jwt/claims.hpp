#pragma once

#include "jwt/error.hpp"
#include "jwt/json.hpp"
#include "jwt/json_reader.hpp"
#include "jwt/time.hpp"

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jwt {

// The private claim that tells access tokens from refresh tokens, as in the walkthrough.
constexpr std::string_view k_type_claim = "type";
constexpr std::string_view k_access_type = "access";
constexpr std::string_view k_refresh_type = "refresh";
// AuthX's mark of an access token minted at login (true) rather than by a refresh (false).
constexpr std::string_view k_fresh_claim = "fresh";

// The lifetimes of the walkthrough: access tokens 30 minutes, refresh tokens 7 days.
constexpr std::chrono::seconds k_default_access_lifetime{30 * 60};
constexpr std::chrono::seconds k_default_refresh_lifetime{7 * 24 * 60 * 60};

// Claims jwtool itself sets or checks: RFC 7519 §4.1 and the walkthrough's type and fresh, in
// the order build_claims writes them. Anything else in a payload is a custom claim.
constexpr std::array<std::string_view, 9> k_registered_claims = {
  "sub", "iss", "aud", "iat", "nbf", "exp", k_type_claim, k_fresh_claim, "jti"};
bool is_registered_claim(std::string_view name) noexcept;

// What a token's claims must satisfy, besides its signature.
struct ClaimPolicy {
  // Tolerated clock skew, applied to exp, nbf, iat and max_age alike.
  std::chrono::seconds leeway{0};
  // When set, the "type" claim must be exactly this string.
  std::optional<std::string> expected_type;
  // When set, "iss" / "sub" must equal it.
  std::optional<std::string> issuer;
  std::optional<std::string> subject;
  // When not empty, "aud" (a string or an array of strings) must hold one of these.
  std::vector<std::string> audiences;
  // Claims that must be present, whatever their value.
  std::vector<std::string> required;
  // When set, iat must be at most this far in the past.
  std::optional<std::chrono::seconds> max_age;
};

// The NumericDate claim `name`, or nullopt if the token has none. A value that is not a finite
// JSON number is ErrorKind::invalid_claim.
Result<std::optional<NumericDate>> read_numeric_date(const Json& claims, std::string_view name);

// Checks, in this order, that at `now` the token has not expired (now < exp + leeway), is
// valid already (now + leeway >= nbf), was not issued in the future (iat <= now + leeway) nor
// longer ago than max_age (now - iat <= max_age + leeway), that its type is the expected one,
// that the required claims are there, and that iss, sub and aud match. The first failure is
// returned: expired, not_yet_valid, issued_in_future, max_age_exceeded, wrong_type,
// missing_claim, iss_mismatch, sub_mismatch, aud_mismatch, or invalid_claim for a claim of
// the wrong JSON type. Each message names the claim, the expected and the actual value.
// `claims` has read a JSON object.
Status check_claims(const JsonReader& claims, const ClaimPolicy& policy, NumericDate now);
// The same for claims held as a DOM (they are written and read again: for tests and tools).
Status check_claims(const Json& claims, const ClaimPolicy& policy, NumericDate now);

// The registered claims that `claims` (a JSON object) holds have their RFC 7519 types: exp,
// nbf and iat numbers; iss, sub, jti and type strings; aud a string or an array of strings;
// fresh a boolean. ErrorKind::invalid_claim for the first that does not.
Status check_registered_types(const JsonReader& claims);

// The claims jwtool writes for a new token, in this order: sub, iss, aud (a string for one
// audience, an array for several), iat, nbf, exp, type, fresh, jti, then the custom claims.
// Empty or unset members are left out; iat and exp are whole seconds (issued_at rounded down).
// issued_at must be finite and within k_max_duration of 1970, as parse_time guarantees.
struct NewClaims {
  std::string subject;
  std::string type;
  NumericDate issued_at;
  std::chrono::seconds lifetime{0};
  std::string token_id;
  std::string issuer;
  std::vector<std::string> audiences;
  std::optional<NumericDate> not_before;
  bool with_issued_at = true;
  std::optional<bool> fresh;
  Json custom = Json::object(); // members must not be registered claims
};
Json build_claims(const NewClaims& claims);

} // namespace jwt
