#pragma once

// Sessions (families of refresh tokens that rotate from one login) and revocation, over a token
// store: what issue, refresh, verify and revoke do with one.

#include "cli/store_options.hpp"

#include "jwt/claims.hpp"
#include "jwt/error.hpp"
#include "jwt/json.hpp"
#include "jwt/store.hpp"
#include "jwt/time.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cli {

// The claim naming a token's session, in both tokens of a login and every token rotated from it.
constexpr std::string_view k_session_claim = "sid";
// How long a session lasts at most, from its login, however often it is refreshed.
constexpr std::chrono::seconds k_default_session_max_age{30 * 24 * 60 * 60};

// Refuses (ErrorKind::revoked) a token whose jti or whose session the store has revoked, and a
// refresh token that was spent (rotated) already.
jwt::Status check_not_revoked(jwt::TokenStore& store, const jwt::Json& claims);
// The same from the two claims (empty when absent or not strings).
jwt::Status check_not_revoked(jwt::TokenStore& store, std::string_view jti, std::string_view sid);

struct NewSession {
  std::string sid;
  jwt::NumericDate expires_at;
};
// A new session for a login at `now`, recorded in the store (committed) before any token names it.
jwt::Result<NewSession> start_session(jwt::TokenStore& store, jwt::NumericDate now, std::chrono::seconds max_age);

// For a login (issue --type pair): with a store, starts a session whose limit is --session-max-age
// (`max_age`, empty: the default) from `now`, recorded before any token names it; puts its sid in
// `claims` and cuts both lifetimes to its limit. Without a store, does nothing (and refuses
// --session-max-age). ErrorKind::invalid_argument for a bad flag or a "sid" given as a claim.
jwt::Status begin_login_session(const StoreOptions& options, const std::string& max_age, jwt::NumericDate now,
                                jwt::NewClaims& claims, std::chrono::seconds& access_life,
                                std::chrono::seconds& refresh_life);

// The same with the store open and the limit known: starts the session in `store`, puts its sid
// in `claims` (refused when they set one) and cuts both lifetimes to its limit.
jwt::Status begin_session(jwt::TokenStore& store, jwt::NumericDate now, std::chrono::seconds max_age,
                          jwt::NewClaims& claims, std::chrono::seconds& access_life, std::chrono::seconds& refresh_life);

// Spends the refresh token with these claims (rotation): the session it belongs to, whose limit
// the new tokens must keep. ErrorKind::reuse_detected when it was spent before (its session is
// revoked now), ErrorKind::revoked when it or its session was revoked or the store does not
// know the session, ErrorKind::missing_claim without a string jti or sid.
jwt::Result<jwt::Session> spend_refresh_token(jwt::TokenStore& store, const jwt::Json& claims, jwt::NumericDate now);

// For a refresh that keeps its refresh token (--no-rotate): refused as spend_refresh_token
// refuses, the token left unspent. The session whose limit the new access token must keep, or
// none for a token outside any session (no string jti or sid: it can never have been spent,
// so only its revocation is checked).
jwt::Result<std::optional<jwt::Session>> check_refresh_token(jwt::TokenStore& store, const jwt::Json& claims,
                                                             jwt::NumericDate now);

// `life` shortened so that a token issued at `now` ends by `limit` at the latest (exp counts
// from `now` rounded down, as build_claims does). ErrorKind::expired when `limit` has passed.
jwt::Result<std::chrono::seconds> lifetime_within(std::chrono::seconds life, jwt::NumericDate now, jwt::NumericDate limit);

// Until when the store must remember a token: its exp, or jwt::k_never without one (such a
// token is valid forever, so its mark must last as long).
jwt::NumericDate token_end(const jwt::Json& claims);

// A string claim, or empty when the claims have no such string.
std::string string_claim(const jwt::Json& claims, std::string_view name);

} // namespace cli
