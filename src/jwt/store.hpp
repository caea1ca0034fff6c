#pragma once

#include "jwt/error.hpp"
#include "jwt/time.hpp"

#include <chrono>
#include <limits>
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
// leeway (the CLI bounds it well below this) never meets a revoked token whose entry is gone.
constexpr std::chrono::seconds k_store_retention_margin{24 * 60 * 60};

// The end of something that never ends (a token without exp): its entry is kept forever.
constexpr NumericDate k_never{std::numeric_limits<double>::infinity()};

// A session as the store records it.
struct Session {
  NumericDate created_at;
  NumericDate expires_at; // the absolute limit: no token of the session lives past it
  bool revoked = false;
};

// What spend() does to a live token: spend it (rotation), or leave it live (a refresh that
// keeps its refresh token). Either way a spent token is reuse.
enum class SpendMode { spend, check };

// What spend() found.
enum class SpendResult {
  spent,           // SpendMode::spend, first presentation: the token is now spent
  live,            // SpendMode::check: neither spent nor revoked, and left so
  reused,          // spent before: theft assumed, the whole session is now revoked
  revoked,         // the token or its session was revoked
  unknown_session, // the store has no such session (ended, or recorded in another store)
};

struct SpendOutcome {
  SpendResult result = SpendResult::spent;
  Session session; // the session as it was found (meaningless for unknown_session)
};

// What revoke_session() found: a session the store started (a login that minted tokens, which
// rotation carries on), or none, so only a mark was recorded. A mark never makes a session
// known: revoking it again still finds none.
enum class SessionFound { started, unknown };

// Why a token is refused as revoked, if it is: its own jti was revoked, its session was, or
// it is a refresh token that was spent (rotated) already.
enum class Revocation { none, token, session, spent };

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

  // Atomically: if the refresh token `jti` of session `sid` was spent before, revokes the
  // session and returns reused (whatever the mode, and even when the session was revoked
  // already); else a revoked token or session gives revoked, an unknown session
  // unknown_session; else, with SpendMode::spend, marks it spent until `expires_at` (its exp,
  // k_never without one) and returns spent, and with SpendMode::check leaves it live and returns
  // live. Only `spent` changes nothing but the token's own entry.
  virtual Result<SpendOutcome> spend(std::string_view jti, std::string_view sid, NumericDate expires_at,
                                     NumericDate now, SpendMode mode) = 0;

  // Records the token `jti` as revoked until `expires_at` (k_never: forever). Revoking twice is
  // not an error. A spent token stays spent (the stronger mark: presented again it is reuse),
  // kept at least as long.
  virtual Status revoke_token(std::string_view jti, NumericDate expires_at, NumericDate now) = 0;

  // Revokes session `sid`: kept until its own limit, or, when the store never started the
  // session, recorded as a mark kept until `expires_at` (k_never: forever), so a token of it
  // (minted with another store, or not seen yet) is still refused. Says which it was.
  virtual Result<SessionFound> revoke_session(std::string_view sid, NumericDate expires_at, NumericDate now) = 0;

  // Whether the token `jti` (empty: none) or the session `sid` (empty: none) is revoked, or the
  // token spent: a revoked token first, then a revoked session, then a spent token. An entry
  // past its time that no write has purged yet still counts: dropped late, never early.
  virtual Result<Revocation> revocation(std::string_view jti, std::string_view sid) = 0;
};

} // namespace jwt
