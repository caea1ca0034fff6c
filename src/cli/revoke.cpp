#include "cli/check.hpp"
#include "cli/command.hpp"
#include "cli/remote_keys.hpp"
#include "cli/render.hpp"
#include "cli/session.hpp"
#include "cli/store_options.hpp"

#include "util/text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace cli {

namespace {

class RevokeCommand final : public Command
{
public:
  explicit RevokeCommand(CLI::App& command)
  {
    CLI::App* cmd = &command;
    auto* token = cmd->add_option("token", m_opts.token,
                                  "The token to revoke, verified first; '-' or nothing reads it from standard input. "
                                  "A pasted \"Authorization: Bearer\" line, a Cookie header or a URL-quoted token "
                                  "work too: the token is dug out")
                    ->type_name("TOKEN");
    cmd->add_option("--session", m_session, "Revoke the session SID instead: every token that carries \"sid\": SID (two words: --session SID)")
      ->type_name("SID")
      ->excludes(token);
    add_alg_option(*cmd, m_opts.alg,
                   "Accept only this algorithm (default: any the key's family does: HS* for a secret, RS* and PS* "
                   "for RSA, the curve's ES* for EC, EdDSA for Ed25519/Ed448; never none)");
    cmd->add_option("--leeway", m_opts.leeway, "Tolerated clock skew for exp, nbf and iat (default 0, at most 1h)")
      ->type_name("DURATION")
      ->group("Checks");
    add_key_options(*cmd, m_opts.key, KeyUse::verify);
    add_remote_key_options(*cmd, m_opts.key);
    add_clock_options(*cmd, m_opts.clock);
    add_store_option(*cmd, m_opts.store);
    cmd->footer(R"TXT(Prints: {"revoked": "token", "jti": ...} or {"revoked": "session", "sid": ...}
The token is verified first (signature, exp, nbf, iat), then its jti is recorded as revoked until
its exp (forever for a token without exp). From then on, verify and refresh with the same store
refuse it (exit 6); with --session, every token of that session. A session the store never
started (a mistyped SID, or a login recorded in another store) exits 1, unknown_session, but is
marked revoked forever all the same. Revoking twice is not an error; revoking a spent refresh
token keeps it spent, so presenting it again still revokes its session. Needs a store: --store
URL or $JWTOOL_STORE.

Examples:
  jwtool revoke --store sqlite:/var/lib/jwtool/store.db --secret-file key.bin -- "$REFRESH_TOKEN"
  jwtool revoke --store redis://127.0.0.1:6379 --session "$(jwtool decode --claim-value sid -- "$TOKEN")")TXT");
  }

  bool judges_token() const override
  {
    return true;
  }

  jwt::Status run() override
  {
    auto url = store_url(m_opts.store);
    if (!url) {
      return std::move(url).error();
    }
    if (url->empty()) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             "revoke needs a token store: give --store URL or set $JWTOOL_STORE");
    }
    return m_session.empty() ? revoke_token() : revoke_session();
  }

private:
  jwt::Status revoke_token()
  {
    m_opts.revoked_check = CheckOptions::RevokedCheck::caller; // revoking twice is fine
    auto checked = check_token(m_opts, std::nullopt);
    if (!checked) {
      return std::move(checked).error();
    }
    const jwt::Json& claims = checked->verified.claims;
    const std::string jti = string_claim(claims, "jti");
    if (jti.empty()) {
      return jwt::make_error(jwt::ErrorKind::missing_claim,
                             "the token has no string \"jti\" claim, so it cannot be revoked alone: revoke its "
                             "session (--session) or change the key",
                             "jti");
    }
    if (auto revoked = checked->store->revoke_token(jti, token_end(claims), checked->now); !revoked) {
      return revoked;
    }
    jwt::Json response = jwt::Json::object();
    response["revoked"] = "token";
    response["jti"] = jti;
    print_json(response);
    return jwt::Ok{};
  }

  jwt::Status revoke_session()
  {
    auto now = resolve_now(m_opts.clock);
    if (!now) {
      return std::move(now).error();
    }
    auto store = open_store(m_opts.store);
    if (!store) {
      return std::move(store).error();
    }
    // A session the store never started may come from a login recorded elsewhere, whose tokens
    // may live any time (even without exp): it is marked revoked forever all the same, and the
    // caller told (a mistyped SID would otherwise pass for a revocation).
    auto found = (*store)->revoke_session(m_session, jwt::k_never, *now);
    if (!found) {
      return std::move(found).error();
    }
    if (*found == jwt::SessionFound::unknown) {
      return jwt::make_error(jwt::ErrorKind::unknown_session,
                             fmt::format("unknown session {}: no login started it in this store (or it ended); marked "
                                         "revoked all the same, so a token that carries it is refused",
                                         util::quote(m_session)),
                             std::string(k_session_claim));
    }
    jwt::Json response = jwt::Json::object();
    response["revoked"] = "session";
    response["sid"] = m_session;
    print_json(response);
    return jwt::Ok{};
  }

  CheckOptions m_opts;
  std::string m_session;
};

} // namespace

std::unique_ptr<Command> make_revoke_command(CLI::App& command)
{
  return std::make_unique<RevokeCommand>(command);
}

} // namespace cli
