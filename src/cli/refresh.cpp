#include "cli/check.hpp"
#include "cli/command.hpp"
#include "cli/render.hpp"
#include "cli/grants.hpp"

#include "jwt/claims.hpp"

#include <CLI/CLI.hpp>

namespace cli {

namespace {

// The walkthrough's words, and the detail behind them for a person to act on.
jwt::Error as_refresh_failure(jwt::Error error)
{
  switch (classify_refresh_failure(error.kind)) {
  case RefreshFailure::expired: error.message = "Refresh token expired - please login again"; return error;
  case RefreshFailure::wrong_type: error.message = "Invalid token type: " + error.message; return error;
  case RefreshFailure::reused: error.message = "Refresh token reuse detected - session revoked"; return error;
  case RefreshFailure::revoked: error.message = "Refresh token revoked - please login again: " + error.message; return error;
  case RefreshFailure::not_a_token: return error; // not about the token: the caller's input
  case RefreshFailure::invalid: break;
  }
  error.message = "Invalid refresh token: " + error.message;
  return error;
}

class RefreshCommand final : public Command
{
public:
  explicit RefreshCommand(CLI::App& command)
  {
    CLI::App* cmd = &command;
    add_check_options(*cmd, m_opts, KeyUse::mint);
    m_opts.mints = true;
    cmd->add_option("--ttl", m_ttl, "Lifetime of the new access token (default 30m)")->type_name("DURATION");
    cmd->add_flag("--no-carry", m_no_carry, "Give the new access token only \"sub\", not the refresh token's iss, aud and custom claims");
    auto* rotate_flag = cmd->add_flag("--rotate", m_rotate,
                                      "Rotate (the default with a store): spend the refresh token in the store and "
                                      "print a new one of the same session too")
                          ->group("Store");
    cmd->add_flag("--no-rotate", m_no_rotate,
                  "With a store: keep the refresh token (not spent); a spent or revoked one is still refused (exit 6)")
      ->excludes(rotate_flag)
      ->group("Store");
    cmd->add_option("--refresh-ttl", m_refresh_ttl,
                    "When rotating: lifetime of the new refresh token (default: the presented one's, exp - iat, "
                    "else 7d), never past the session's limit")
      ->type_name("DURATION")
      ->group("Store");
    cmd->footer(R"TXT(Prints: {"access_token": ..., "token_type": "bearer", "expires_in": 1800}
With a store (--store or $JWTOOL_STORE), refresh rotates: it spends the refresh token and prints a
new one of the same session too, {"access_token": ..., "refresh_token": ..., "token_type": "bearer",
"expires_in": 1800}; --no-rotate keeps the refresh token. No new token outlives its session's limit.
The new access token carries the refresh token's sub, iss, aud and custom claims, "fresh": false,
and is signed with the refresh token's key and algorithm.
Refused: an expired refresh token (exit 3, "Refresh token expired - please login again"),
an access token (exit 4, "Invalid token type"); with a store, rotating or not, a spent one (exit 6,
"Refresh token reuse detected - session revoked": its whole session is revoked) and a revoked one
(exit 6, "Refresh token revoked - please login again"); anything else "Invalid refresh token"
(exit 1, or 5 when the token is not valid yet). A store that cannot be reached: exit 2, and
nothing is printed. --leeway is at most 1h: a store remembers a token only one day past its exp.

Examples:
  jwtool refresh --secret-file key.bin -- "$REFRESH_TOKEN"
  jwtool refresh --json --aud api --secret-file key.bin -- "$REFRESH_TOKEN" | jq -r .access_token
  jwtool refresh --store sqlite:/var/lib/jwtool/store.db --secret-file key.bin -- "$REFRESH_TOKEN")TXT");
  }

  OutputOptions output() const override
  {
    return m_opts.output;
  }

  bool judges_token() const override
  {
    return true;
  }

  jwt::Status run() override
  {
    auto result = refresh();
    if (!result) {
      return as_refresh_failure(std::move(result).error());
    }
    return result;
  }

private:
  jwt::Status refresh()
  {
    auto url = store_url(m_opts.store);
    if (!url) {
      return std::move(url).error();
    }
    const bool with_store = !url->empty();
    if (m_rotate && !with_store) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             "--rotate needs a token store: give --store URL or set $JWTOOL_STORE");
    }
    const bool rotating = with_store && !m_no_rotate;
    if (!m_refresh_ttl.empty() && !rotating) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             with_store ? "--refresh-ttl needs rotation: --no-rotate keeps the refresh token"
                                        : "--refresh-ttl needs rotation, which needs a token store: give --store URL "
                                          "or set $JWTOOL_STORE");
    }
    std::chrono::seconds life = jwt::k_default_access_lifetime;
    if (!m_ttl.empty()) {
      auto ttl = duration_from_flag("--ttl", m_ttl, ZeroDuration::refused);
      if (!ttl) {
        return std::move(ttl).error();
      }
      life = *ttl;
    }
    std::optional<std::chrono::seconds> refresh_life;
    if (!m_refresh_ttl.empty()) {
      auto ttl = duration_from_flag("--refresh-ttl", m_refresh_ttl, ZeroDuration::refused);
      if (!ttl) {
        return std::move(ttl).error();
      }
      refresh_life = *ttl;
    }
    if (with_store) {
      // The store's own step decides, atomically: the spend (rotation) or its check (--no-rotate).
      m_opts.revoked_check = CheckOptions::RevokedCheck::caller;
    }
    auto checked = check_token(m_opts, std::string(jwt::k_refresh_type));
    if (!checked) {
      return std::move(checked).error();
    }
    RefreshGrant grant;
    grant.refresh_token = &checked->verified;
    grant.now = checked->now;
    grant.store = checked->store.get();
    grant.rotate = rotating;
    grant.access_life = life;
    grant.refresh_life = refresh_life;
    grant.carry_all = !m_no_carry;
    grant.key_options = &m_opts.key;
    auto response = refresh_tokens(grant);
    if (!response) {
      return std::move(response).error();
    }
    print_token_response(response->access_token, response->refresh_token, response->expires_in);
    return jwt::Ok{};
  }

  CheckOptions m_opts;
  std::string m_ttl;
  bool m_no_carry = false;
  bool m_rotate = false;
  bool m_no_rotate = false;
  std::string m_refresh_ttl;
};

} // namespace

std::unique_ptr<Command> make_refresh_command(CLI::App& command)
{
  return std::make_unique<RefreshCommand>(command);
}

} // namespace cli
