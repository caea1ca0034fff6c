#pragma once

#include "jwt/error.hpp"
#include "jwt/time.hpp"

#include <chrono>
#include <string_view>

namespace jwt {

// What the store knows about a token or a session (a family of refresh tokens that rotate
// from one login). Implementations live outside the core (src/store/, SQLite and Redis); the
// core and the CLI see only this interface. Every instant is the caller's `now` (the CLI's
// --now), never a clock read inside the store. Entries are kept until the instant given with
// them (a token's exp, a session's limit) and dropped after, so the store does not grow
// without bound. Every method fails with ErrorKind::store_unavailable when the store cannot be
// read or written: a fault is never taken for "not revoked".
//
// Several processes may use one store at once: spend() is atomic (one SQLite transaction,
// one Redis script), so two processes presenting one refresh token never both succeed.

// Entries are dropped this long after the instant they were given with, so that a verifier's
// --leeway (up to this much) never meets a revoked token whose entry is already gone.
constexpr std::chrono::seconds k_store_retention_margin{24 * 60 * 60};

// A session as the store records it.
struct Session {
  NumericDate created_at;
  NumericDate expires_at; // the absolute limit: no token of the session lives past it
  bool revoked = false;
};

// What spend() found.
enum class SpendResult {
  spent,           // first presentation: the token is now spent
  reused,          // spent before: theft assumed, the whole session is now revoked
  revoked,         // the token or its session was revoked
  unknown_session, // the store has no such session (ended, or recorded in another store)
};

struct SpendOutcome {
  SpendResult result = SpendResult::spent;
  Session session; // the session as it was found (meaningless for unknown_session)
};

// Why a token is refused as revoked, if it is.
enum class Revocation { none, token, session };

class TokenStore
{
public:
  TokenStore() = default;
  TokenStore(const TokenStore&) = delete;
  TokenStore& operator=(const TokenStore&) = delete;
  TokenStore(TokenStore&&) = delete;
  TokenStore& operator=(TokenStore&&) = delete;
  virtual ~TokenStore() = default;

  // Records a new session `sid` (a login) that ends at session.expires_at.
  virtual Status start_session(std::string_view sid, const Session& session, NumericDate now) = 0;

  // Atomically: if the refresh token `jti` of session `sid` was never presented, marks it
  // spent until `expires_at` (its exp) and returns spent; if it was, revokes the session and
  // returns reused; a revoked token or session gives revoked, an unknown session
  // unknown_session. Only `spent` changes nothing but the token's own entry.
  virtual Result<SpendOutcome> spend(std::string_view jti, std::string_view sid, NumericDate expires_at,
                                     NumericDate now) = 0;

  // Records the token `jti` as revoked until `expires_at`. Revoking twice is not an error.
  virtual Status revoke_token(std::string_view jti, NumericDate expires_at, NumericDate now) = 0;

  // Revokes session `sid`: kept until its own limit, or until `expires_at` when the store does
  // not know the session (so a later token of it is still refused).
  virtual Status revoke_session(std::string_view sid, NumericDate expires_at, NumericDate now) = 0;

  // Whether the token `jti` (empty: none) or the session `sid` (empty: none) is revoked. An
// entry past its time that no write has purged yet still counts: dropped late, never early.
  virtual Result<Revocation> revocation(std::string_view jti, std::string_view sid) = 0;
};

} // namespace jwt
