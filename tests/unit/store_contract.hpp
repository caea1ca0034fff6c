#pragma once

// What every jwt::TokenStore must do, checked the same way on SQLite and on Redis. Names are
// random per run, so a shared Redis server sees no collision with earlier runs.

#include "jwt/random.hpp"
#include "jwt/store.hpp"

#include "support.hpp"

#include <string>

namespace test {

inline std::string unique_name(std::string_view prefix)
{
  auto id = jwt::new_token_id();
  REQUIRE(id.ok());
  return std::string(prefix) + *id;
}

constexpr jwt::NumericDate k_login{1'700'000'000};
constexpr jwt::NumericDate k_session_end{1'700'000'000 + 30 * 86400};
constexpr jwt::NumericDate k_token_end{1'700'000'000 + 7 * 86400};

inline jwt::Session new_session()
{
  return jwt::Session{k_login, k_session_end, false};
}

inline void check_store_contract(jwt::TokenStore& store)
{
  const jwt::NumericDate now{k_login.seconds + 60};

  SUBCASE("a refresh token is spent once; the second presentation revokes its session")
  {
    const std::string sid = unique_name("sid-");
    const std::string first = unique_name("jti-");
    const std::string second = unique_name("jti-");
    REQUIRE(store.start_session(sid, new_session(), k_login).ok());
    auto spent = store.spend(first, sid, k_token_end, now, jwt::SpendMode::spend);
    REQUIRE(spent.ok());
    CHECK(spent->result == jwt::SpendResult::spent);
    CHECK(spent->session.created_at.seconds == k_login.seconds);
    CHECK(spent->session.expires_at.seconds == k_session_end.seconds);
    CHECK_FALSE(spent->session.revoked);
    CHECK(store.spend(second, sid, k_token_end, now, jwt::SpendMode::spend)->result == jwt::SpendResult::spent);
    CHECK(store.revocation(second, sid).value() == jwt::Revocation::spent);
    CHECK(store.revocation(unique_name("jti-"), sid).value() == jwt::Revocation::none);

    auto reused = store.spend(first, sid, k_token_end, now, jwt::SpendMode::spend);
    REQUIRE(reused.ok());
    CHECK(reused->result == jwt::SpendResult::reused);
    CHECK(reused->session.revoked);
    CHECK(store.revocation(second, sid).value() == jwt::Revocation::session);
    CHECK(store.revocation("", sid).value() == jwt::Revocation::session);
    // Still reuse, not merely revoked: a spent token presented again is always reported as such.
    CHECK(store.spend(first, sid, k_token_end, now, jwt::SpendMode::spend)->result == jwt::SpendResult::reused);
    // A fresh token of the revoked session is refused.
    CHECK(store.spend(unique_name("jti-"), sid, k_token_end, now, jwt::SpendMode::spend)->result == jwt::SpendResult::revoked);
  }

  SUBCASE("a session the store does not know")
  {
    auto spent = store.spend(unique_name("jti-"), unique_name("sid-"), k_token_end, now, jwt::SpendMode::spend);
    REQUIRE(spent.ok());
    CHECK(spent->result == jwt::SpendResult::unknown_session);
    CHECK(store.revocation(unique_name("jti-"), unique_name("sid-")).value() == jwt::Revocation::none);
  }

  SUBCASE("a revoked token is refused, and revoking twice is fine")
  {
    const std::string sid = unique_name("sid-");
    const std::string jti = unique_name("jti-");
    REQUIRE(store.start_session(sid, new_session(), k_login).ok());
    REQUIRE(store.revoke_token(jti, k_token_end, now).ok());
    REQUIRE(store.revoke_token(jti, k_token_end, now).ok());
    CHECK(store.revocation(jti, sid).value() == jwt::Revocation::token);
    CHECK(store.revocation(jti, "").value() == jwt::Revocation::token);
    CHECK(store.revocation(unique_name("jti-"), sid).value() == jwt::Revocation::none);
    CHECK(store.spend(jti, sid, k_token_end, now, jwt::SpendMode::spend)->result == jwt::SpendResult::revoked);
  }

  SUBCASE("a spent token that is then revoked stays spent: presented again, it is reuse")
  {
    const std::string sid = unique_name("sid-");
    const std::string jti = unique_name("jti-");
    REQUIRE(store.start_session(sid, new_session(), k_login).ok());
    CHECK(store.spend(jti, sid, k_token_end, now, jwt::SpendMode::spend)->result == jwt::SpendResult::spent);
    REQUIRE(store.revoke_token(jti, k_token_end, now).ok());
    CHECK(store.revocation(jti, sid).value() == jwt::Revocation::spent);
    CHECK(store.revocation(jti, "").value() == jwt::Revocation::spent);
    CHECK(store.revocation("", sid).value() == jwt::Revocation::none);
    auto replay = store.spend(jti, sid, k_token_end, now, jwt::SpendMode::spend);
    REQUIRE(replay.ok());
    CHECK(replay->result == jwt::SpendResult::reused);
    CHECK(store.revocation("", sid).value() == jwt::Revocation::session);
  }

  SUBCASE("check mode: a live token stays live; a spent one is reuse, as when spending")
  {
    const std::string sid = unique_name("sid-");
    const std::string jti = unique_name("jti-");
    REQUIRE(store.start_session(sid, new_session(), k_login).ok());
    auto checked = store.spend(jti, sid, k_token_end, now, jwt::SpendMode::check);
    REQUIRE(checked.ok());
    CHECK(checked->result == jwt::SpendResult::live);
    CHECK(checked->session.created_at.seconds == k_login.seconds);
    CHECK(checked->session.expires_at.seconds == k_session_end.seconds);
    CHECK_FALSE(checked->session.revoked);
    CHECK(store.spend(jti, sid, k_token_end, now, jwt::SpendMode::check)->result == jwt::SpendResult::live);
    CHECK(store.revocation(jti, sid).value() == jwt::Revocation::none); // not spent by the checks

    CHECK(store.spend(jti, sid, k_token_end, now, jwt::SpendMode::spend)->result == jwt::SpendResult::spent);
    auto reused = store.spend(jti, sid, k_token_end, now, jwt::SpendMode::check);
    REQUIRE(reused.ok());
    CHECK(reused->result == jwt::SpendResult::reused);
    CHECK(reused->session.revoked);
    CHECK(store.revocation("", sid).value() == jwt::Revocation::session);
    CHECK(store.spend(unique_name("jti-"), sid, k_token_end, now, jwt::SpendMode::check)->result
          == jwt::SpendResult::revoked);
    CHECK(store.spend(unique_name("jti-"), unique_name("sid-"), k_token_end, now, jwt::SpendMode::check)->result
          == jwt::SpendResult::unknown_session);
  }

  SUBCASE("check mode: a revoked token is refused, its session untouched")
  {
    const std::string sid = unique_name("sid-");
    const std::string jti = unique_name("jti-");
    REQUIRE(store.start_session(sid, new_session(), k_login).ok());
    REQUIRE(store.revoke_token(jti, k_token_end, now).ok());
    CHECK(store.spend(jti, sid, k_token_end, now, jwt::SpendMode::check)->result == jwt::SpendResult::revoked);
    CHECK(store.revocation("", sid).value() == jwt::Revocation::none);
    CHECK(store.revocation(jti, sid).value() == jwt::Revocation::token);
  }

  SUBCASE("what never ends is kept forever, even past a write at the last instant")
  {
    const std::string sid = unique_name("sid-");
    const jwt::Session endless{k_login, jwt::k_never, false};
    REQUIRE(store.start_session(sid, endless, k_login).ok());
    const std::string spent = unique_name("jti-");
    const std::string revoked = unique_name("jti-");
    const std::string unknown_session = unique_name("sid-");
    CHECK(store.spend(spent, sid, jwt::k_never, now, jwt::SpendMode::spend)->result == jwt::SpendResult::spent);
    REQUIRE(store.revoke_token(revoked, jwt::k_never, now).ok());
    REQUIRE(store.revoke_session(unknown_session, jwt::k_never, now).ok());
    for (const double later : {4e11, 1e15, 1e300}) {
      CAPTURE(later);
      const jwt::NumericDate far{later};
      REQUIRE(store.revoke_token(unique_name("jti-"), k_token_end, far).ok()); // a write, which purges
      CHECK(store.revocation(revoked, "").value() == jwt::Revocation::token);
      CHECK(store.revocation("", unknown_session).value() == jwt::Revocation::session);
      CHECK(store.revocation(spent, "").value() == jwt::Revocation::spent);
    }
    CHECK(store.spend(spent, sid, jwt::k_never, jwt::NumericDate{1e15}, jwt::SpendMode::check)->result
          == jwt::SpendResult::reused);
  }

  SUBCASE("revoking a session, known or not")
  {
    const std::string known = unique_name("sid-");
    REQUIRE(store.start_session(known, new_session(), k_login).ok());
    auto revoked = store.revoke_session(known, k_token_end, now);
    REQUIRE(revoked.ok());
    CHECK(*revoked == jwt::SessionFound::started);
    CHECK(store.revoke_session(known, k_token_end, now).value() == jwt::SessionFound::started); // twice
    CHECK(store.revocation(unique_name("jti-"), known).value() == jwt::Revocation::session);
    auto spent = store.spend(unique_name("jti-"), known, k_token_end, now, jwt::SpendMode::spend);
    REQUIRE(spent.ok());
    CHECK(spent->result == jwt::SpendResult::revoked);
    CHECK(spent->session.expires_at.seconds == k_session_end.seconds); // its own limit kept

    const std::string unknown = unique_name("sid-");
    auto marked = store.revoke_session(unknown, k_token_end, now);
    REQUIRE(marked.ok());
    CHECK(*marked == jwt::SessionFound::unknown);
    CHECK(store.revocation("", unknown).value() == jwt::Revocation::session); // marked all the same
    // A mark never makes the session known, and a refresh of it is refused.
    CHECK(store.revoke_session(unknown, k_token_end, now).value() == jwt::SessionFound::unknown);
    CHECK(store.spend(unique_name("jti-"), unknown, k_token_end, now, jwt::SpendMode::spend)->result == jwt::SpendResult::revoked);
  }
}

} // namespace test
