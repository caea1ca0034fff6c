#pragma once

#include "cli/options.hpp"
#include "cli/remote_keys.hpp"
#include "cli/store_options.hpp"

#include "jwt/keys.hpp"
#include "jwt/verify.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cli {

// The largest --leeway: a token store keeps its marks (revoked, spent, a session) only
// jwt::k_store_retention_margin past a token's end, and a token that can still pass must still
// be remembered.
constexpr std::chrono::seconds k_max_leeway{60 * 60};

// What verify and refresh share: a token to check, a key, a clock, and the policy's knobs.
struct CheckOptions {
  std::optional<std::string> token;
  std::string alg;
  std::string leeway = "0";
  std::vector<std::string> audiences;
  std::string issuer;
  std::string subject;
  std::vector<std::string> required;
  std::string max_age;
  KeyOptions key;
  ClockOptions clock;
  OutputOptions output;
  StoreOptions store;
  // With a store: refuse a revoked token (verify, refresh), or leave that to the caller (revoke,
  // refresh --rotate, whose spend decides atomically).
  enum class RevokedCheck { refuse, caller } revoked_check = RevokedCheck::refuse;
  // The command mints with the key that verified (refresh): keys that may not sign (public
  // keys) are refused before the token is read.
  bool mints = false;
};
void add_check_options(CLI::App& command, CheckOptions& options, KeyUse use);

// The policy the check options describe, requiring `expected_type` when given.
jwt::Result<jwt::VerifyPolicy> verify_policy(const CheckOptions& options, const std::optional<std::string>& expected_type);

// What checking needs besides the token: the policy, the time and the keys.
struct CheckSetup {
  jwt::VerifyPolicy policy;
  jwt::NumericDate now;
  jwt::KeyRing keys;
  // Added to a bad_signature message when the secret looks encoded but no --secret-encoding was
  // given (see secret_encoding_hint); else empty.
  std::string bad_signature_hint;
  std::optional<KeyOrigin> origin; // keys over HTTPS: where from
};

// "the secret looks like base64url text: if it is encoded, add --secret-encoding base64url" when
// `keys` is one HMAC secret read as raw bytes (no --secret-encoding given) that looks like base64
// or base64url text (util::base64_alphabet_of); else empty. Never shows the secret.
std::string secret_encoding_hint(const KeyOptions& options, const jwt::KeyRing& keys);

// The error, with the hint appended to a bad_signature message.
jwt::Error with_bad_signature_hint(jwt::Error error, const std::string& hint);

// With --oidc-issuer the token's iss must be the issuer; with --oidc-issuer or --jwks URL the
// keys are fetched (or taken from the cache) here, once for a whole batch.
jwt::Result<CheckSetup> prepare_check(const CheckOptions& options, const std::optional<std::string>& expected_type);

// Whether the token names a kid that none of `keys` has: after a provider's key rotation, a
// cached set lacks the new key.
bool names_unknown_kid(std::string_view token_text, const jwt::KeyRing& keys);

struct CheckedToken {
  jwt::KeyRing keys;
  jwt::NumericDate now;
  jwt::VerifiedToken verified;
  std::unique_ptr<jwt::TokenStore> store; // null without one
  std::optional<KeyOrigin> origin;         // keys over HTTPS: where from
};

// Reads the options, the key and the token, and runs the token down the one verification
// road, requiring `expected_type` when given. The first failure is returned. A valid token
// checked with a key too short for its algorithm is accepted with a warning. With a store, a
// valid token is then looked up there: revoked (ErrorKind::revoked), or store_unavailable.
// With keys from a fresh cached set, a token naming a kid the set lacks has the set fetched
// again once (refetch_remote_keys) and is checked against that.
// When `token_text` is given, it receives the token as read, for showing it after a failure.
jwt::Result<CheckedToken> check_token(const CheckOptions& options,
                                      const std::optional<std::string>& expected_type,
                                      std::string* token_text = nullptr);

} // namespace cli
