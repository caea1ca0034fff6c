#pragma once

// What issue --type pair, refresh and serve share to mint: the signing key and its header, a
// token with a fresh id, a login pair, and the refresh road (rotation and reuse detection with
// a store). Nothing here prints: each command shows the result its own way.

#include "cli/options.hpp"

#include "jwt/claims.hpp"
#include "jwt/error.hpp"
#include "jwt/json.hpp"
#include "jwt/keys.hpp"
#include "jwt/signer.hpp"
#include "jwt/store.hpp"
#include "jwt/verify.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cli {

// RFC 6749 §5.1: what a login or a refresh answers.
struct TokenResponse {
  std::string access_token;
  std::optional<std::string> refresh_token;
  std::chrono::seconds expires_in{0}; // the access token's exp - iat
};

// {"access_token", "refresh_token" (when there is one), "token_type": "bearer", "expires_in"}.
jwt::Json token_response_json(const TokenResponse& response);

// How to pick the key that signs (issue's --kid, --no-kid, --alg).
struct SigningChoice {
  std::string kid;
  bool no_kid = false;
  std::string alg; // empty: the key's own, else its family's default
};

// A signer ready to mint, with the header every token it signs carries.
struct SigningKey {
  jwt::Signer signer;
  jwt::Json header;
};

// The signer of the key chosen from `keys` (by kid among several) and its algorithm, checked
// for minting (check_minting_key); `extra_header` members go into the header. The signer
// refers to the key in `keys`, which must outlive it.
jwt::Result<SigningKey> choose_signing_key(const KeyOptions& options, const jwt::KeyRing& keys,
                                           const SigningChoice& choice, const jwt::Json& extra_header);

// A token of `type` and `life` with `claims`, under a new random jti unless `claims` name one
// or `with_token_id` is false.
jwt::Result<std::string> mint_new_token(jwt::NewClaims claims, std::string_view type, std::chrono::seconds life,
                                        const SigningKey& key, bool with_token_id = true);

// A login's two tokens: the access token marked "fresh" (AuthX), then the refresh token.
jwt::Result<TokenResponse> mint_login_pair(jwt::NewClaims claims, std::chrono::seconds access_life,
                                           std::chrono::seconds refresh_life, const SigningKey& key,
                                           bool with_token_id = true);

// A refresh: the verified refresh token traded for a new access token, and with rotation also a
// new refresh token of the same session (the presented one spent in the store first).
struct RefreshGrant {
  const jwt::VerifiedToken* refresh_token = nullptr;
  jwt::NumericDate now;
  jwt::TokenStore* store = nullptr; // null: stateless
  bool rotate = false;              // needs a store
  std::chrono::seconds access_life = jwt::k_default_access_lifetime;
  std::optional<std::chrono::seconds> refresh_life; // empty: the presented one's exp - iat
  bool carry_all = true; // false: the access token gets only sub (and the session)
  const KeyOptions* key_options = nullptr; // for check_minting_key (--allow-weak-key)
  // The server's issuer: the new tokens carry it whatever the presented one says (serve); empty:
  // the presented token's iss is carried (jwtool refresh).
  std::string issuer;
};
jwt::Result<TokenResponse> refresh_tokens(const RefreshGrant& grant);

// Why a refresh was refused, in the walkthrough's words.
enum class RefreshFailure {
  expired,     // "Refresh token expired - please login again"
  wrong_type,  // "Invalid token type"
  reused,      // "Refresh token reuse detected - session revoked"
  revoked,     // "Refresh token revoked - please login again"
  not_a_token, // not about the token (the store, the key, the caller's input)
  invalid,     // "Invalid refresh token"
};
RefreshFailure classify_refresh_failure(jwt::ErrorKind kind) noexcept;

} // namespace cli
