#include "cli/session.hpp"

#include "cli/options.hpp"

#include "jwt/claims.hpp"
#include "jwt/random.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fmt/core.h>

namespace cli {

std::string string_claim(const jwt::Json& claims, std::string_view name)
{
  const auto found = claims.find(name);
  return found != claims.end() && found->is_string() ? found->get<std::string>() : std::string();
}

jwt::Status check_not_revoked(jwt::TokenStore& store, const jwt::Json& claims)
{
  return check_not_revoked(store, string_claim(claims, "jti"), string_claim(claims, k_session_claim));
}

jwt::Status check_not_revoked(jwt::TokenStore& store, std::string_view jti, std::string_view sid)
{
  if (jti.empty() && sid.empty()) {
    return jwt::Ok{}; // nothing the store could have revoked
  }
  auto revocation = store.revocation(jti, sid);
  if (!revocation) {
    return std::move(revocation).error();
  }
  switch (*revocation) {
  case jwt::Revocation::none: return jwt::Ok{};
  case jwt::Revocation::token: return jwt::make_error(jwt::ErrorKind::revoked, "the token was revoked", "jti");
  case jwt::Revocation::session:
    return jwt::make_error(jwt::ErrorKind::revoked,
                           fmt::format("the token's session {} was revoked", util::quote(sid)),
                           std::string(k_session_claim));
  case jwt::Revocation::spent:
    return jwt::make_error(jwt::ErrorKind::revoked, "the refresh token was already used (rotated)", "jti");
  }
  return jwt::make_error(jwt::ErrorKind::internal, "unknown revocation");
}

jwt::Result<NewSession> start_session(jwt::TokenStore& store, jwt::NumericDate now, std::chrono::seconds max_age)
{
  auto sid = jwt::new_token_id();
  if (!sid) {
    return std::move(sid).error();
  }
  jwt::Session session;
  session.created_at = jwt::NumericDate{std::floor(now.seconds)};
  session.expires_at = jwt::NumericDate{session.created_at.seconds + static_cast<double>(max_age.count())};
  if (auto started = store.start_session(*sid, session, now); !started) {
    return std::move(started).error();
  }
  return NewSession{std::move(sid).value(), session.expires_at};
}

jwt::Status begin_login_session(const StoreOptions& options, const std::string& max_age, jwt::NumericDate now,
                                jwt::NewClaims& claims, std::chrono::seconds& access_life,
                                std::chrono::seconds& refresh_life)
{
  std::chrono::seconds session_life = k_default_session_max_age;
  if (!max_age.empty()) {
    auto url = store_url(options);
    if (!url) {
      return std::move(url).error();
    }
    if (url->empty()) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             "--session-max-age needs a token store: give --store URL or set $JWTOOL_STORE");
    }
    auto parsed = duration_from_flag("--session-max-age", max_age, ZeroDuration::refused);
    if (!parsed) {
      return std::move(parsed).error();
    }
    session_life = *parsed;
  }
  auto store = open_store(options);
  if (!store) {
    return std::move(store).error();
  }
  if (!*store) {
    return jwt::Ok{};
  }
  return begin_session(**store, now, session_life, claims, access_life, refresh_life);
}

jwt::Status begin_session(jwt::TokenStore& store, jwt::NumericDate now, std::chrono::seconds max_age,
                          jwt::NewClaims& claims, std::chrono::seconds& access_life, std::chrono::seconds& refresh_life)
{
  if (claims.custom.contains(k_session_claim)) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           "\"sid\" names the session that jwtool starts for a login with a store: "
                           "do not set it with --claim");
  }
  auto session = start_session(store, now, max_age);
  if (!session) {
    return std::move(session).error();
  }
  auto access = lifetime_within(access_life, now, session->expires_at);
  auto refresh = lifetime_within(refresh_life, now, session->expires_at);
  if (!access || !refresh) {
    return jwt::make_error(jwt::ErrorKind::internal, "a new session has already ended");
  }
  access_life = *access;
  refresh_life = *refresh;
  claims.custom[std::string(k_session_claim)] = session->sid;
  return jwt::Ok{};
}

namespace {

// The store's verdict on a refresh token of session `sid`: its session, or why it is refused.
jwt::Result<jwt::Session> session_of(const jwt::SpendOutcome& outcome, jwt::SpendMode mode, const std::string& sid)
{
  switch (outcome.result) {
  case jwt::SpendResult::spent:
  case jwt::SpendResult::live:
    if ((outcome.result == jwt::SpendResult::live) != (mode == jwt::SpendMode::check)) {
      return jwt::make_error(jwt::ErrorKind::internal, "the store answered for another spend mode");
    }
    return outcome.session;
  case jwt::SpendResult::reused:
    return jwt::make_error(jwt::ErrorKind::reuse_detected,
                           fmt::format("the refresh token was used before: session {} revoked", util::quote(sid)),
                           "jti");
  case jwt::SpendResult::revoked:
    return jwt::make_error(jwt::ErrorKind::revoked, "the token or its session was revoked", "jti");
  case jwt::SpendResult::unknown_session:
    return jwt::make_error(jwt::ErrorKind::revoked,
                           fmt::format("the store does not know session {} (ended, or recorded in another store)",
                                       util::quote(sid)),
                           std::string(k_session_claim));
  }
  return jwt::make_error(jwt::ErrorKind::internal, "unknown spend result");
}

} // namespace

jwt::Result<jwt::Session> spend_refresh_token(jwt::TokenStore& store, const jwt::Json& claims, jwt::NumericDate now)
{
  const std::string jti = string_claim(claims, "jti");
  if (jti.empty()) {
    return jwt::make_error(jwt::ErrorKind::missing_claim, "it has no string \"jti\" claim, so it cannot be rotated", "jti");
  }
  const std::string sid = string_claim(claims, k_session_claim);
  if (sid.empty()) {
    return jwt::make_error(jwt::ErrorKind::missing_claim,
                           "it has no string \"sid\" claim: only a login made with a store "
                           "(issue --type pair --store URL) can be rotated (--no-rotate refreshes without)",
                           std::string(k_session_claim));
  }
  auto spent = store.spend(jti, sid, token_end(claims), now, jwt::SpendMode::spend);
  if (!spent) {
    return std::move(spent).error();
  }
  return session_of(*spent, jwt::SpendMode::spend, sid);
}

jwt::Result<std::optional<jwt::Session>> check_refresh_token(jwt::TokenStore& store, const jwt::Json& claims,
                                                             jwt::NumericDate now)
{
  const std::string jti = string_claim(claims, "jti");
  const std::string sid = string_claim(claims, k_session_claim);
  if (jti.empty() || sid.empty()) {
    if (auto live = check_not_revoked(store, jti, sid); !live) {
      return std::move(live).error();
    }
    return std::optional<jwt::Session>();
  }
  auto checked = store.spend(jti, sid, token_end(claims), now, jwt::SpendMode::check);
  if (!checked) {
    return std::move(checked).error();
  }
  auto session = session_of(*checked, jwt::SpendMode::check, sid);
  if (!session) {
    return std::move(session).error();
  }
  return std::optional<jwt::Session>(*session);
}

jwt::Result<std::chrono::seconds> lifetime_within(std::chrono::seconds life, jwt::NumericDate now, jwt::NumericDate limit)
{
  const double left = std::floor(limit.seconds) - std::floor(now.seconds);
  if (left <= 0) {
    return jwt::make_error(jwt::ErrorKind::expired,
                           fmt::format("its session ended at {}", jwt::format_rfc3339(limit)),
                           std::string(k_session_claim));
  }
  return std::min(life, std::chrono::seconds(static_cast<std::chrono::seconds::rep>(left)));
}

jwt::NumericDate token_end(const jwt::Json& claims)
{
  if (auto exp = jwt::read_numeric_date(claims, "exp"); exp && *exp) {
    return **exp;
  }
  return jwt::k_never;
}

} // namespace cli
