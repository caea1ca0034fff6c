#include "cli/check.hpp"
#include "cli/command.hpp"
#include "cli/render.hpp"
#include "cli/session.hpp"

#include "jwt/claims.hpp"
#include "jwt/random.hpp"
#include "jwt/token.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>

namespace cli {

namespace {

// The walkthrough's words, and the detail behind them for a person to act on.
jwt::Error as_refresh_failure(jwt::Error error)
{
  switch (error.kind) {
  case jwt::ErrorKind::expired:
  case jwt::ErrorKind::max_age_exceeded:
    error.message = "Refresh token expired - please login again";
    return error;
  case jwt::ErrorKind::wrong_type:
    error.message = "Invalid token type: " + error.message;
    return error;
  case jwt::ErrorKind::reuse_detected:
    error.message = "Refresh token reuse detected - session revoked";
    return error;
  case jwt::ErrorKind::revoked:
    error.message = "Refresh token revoked - please login again: " + error.message;
    return error;
  case jwt::ErrorKind::store_unavailable:
  case jwt::ErrorKind::invalid_key:
  case jwt::ErrorKind::weak_key:
  case jwt::ErrorKind::invalid_argument:
  case jwt::ErrorKind::io:
  case jwt::ErrorKind::internal:
    return error; // not about the token: the caller's input
  case jwt::ErrorKind::malformed:
  case jwt::ErrorKind::unsupported_header:
  case jwt::ErrorKind::alg_not_allowed:
  case jwt::ErrorKind::key_not_found:
  case jwt::ErrorKind::bad_signature:
  case jwt::ErrorKind::not_a_claims_set:
  case jwt::ErrorKind::invalid_claim:
  case jwt::ErrorKind::missing_claim:
  case jwt::ErrorKind::iss_mismatch:
  case jwt::ErrorKind::sub_mismatch:
  case jwt::ErrorKind::aud_mismatch:
  case jwt::ErrorKind::not_yet_valid:
  case jwt::ErrorKind::issued_in_future: break;
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
    const jwt::VerifiedToken& refresh_token = checked->verified;
    auto claims = carried_claims(refresh_token.claims, m_no_carry ? Carry::subject : Carry::all);
    if (!claims) {
      return std::move(claims).error();
    }
    // A session goes on in the access token whatever --no-carry says: revoking it reaches this one.
    if (const std::string sid = string_claim(refresh_token.claims, k_session_claim); !sid.empty()) {
      claims->custom[std::string(k_session_claim)] = sid;
    }
    claims->issued_at = checked->now;
    claims->lifetime = life;
    claims->type = std::string(jwt::k_access_type);
    claims->fresh = false; // minted by a refresh, not a login (AuthX)
    auto token_id = jwt::new_token_id();
    if (!token_id) {
      return std::move(token_id).error();
    }
    claims->token_id = std::move(token_id).value();

    // The key that verified the refresh token signs the access token, under the same name.
    const jwt::Key& key = *refresh_token.key;
    auto strong = check_minting_key(m_opts.key, key, refresh_token.alg);
    if (!strong) {
      return strong;
    }
    auto signer = jwt::Signer::create(key, refresh_token.alg);
    if (!signer) {
      return std::move(signer).error();
    }
    const std::string kid = key.kid.empty() ? refresh_token.token.kid().value_or(key.header_kid()) : key.kid;
    const jwt::Json header = jwt::make_header(refresh_token.alg, kid);
    if (rotating) {
      if (!checked->store) {
        return jwt::make_error(jwt::ErrorKind::internal, "no store opened for a rotation");
      }
      return rotate(*checked, std::move(claims).value(), *signer, header, refresh_life);
    }
    return keep(*checked, std::move(claims).value(), *signer, header);
  }

  // Mints the access token only, the refresh token kept: with a store, after checking there that
  // the refresh token is neither spent nor revoked, and cut to its session's limit.
  static jwt::Status keep(const CheckedToken& checked, jwt::NewClaims access_claims, const jwt::Signer& signer,
                          const jwt::Json& header)
  {
    if (checked.store) {
      auto session = check_refresh_token(*checked.store, checked.verified.claims, checked.now);
      if (!session) {
        return std::move(session).error();
      }
      if (*session) {
        auto access_life = lifetime_within(access_claims.lifetime, checked.now, (*session)->expires_at);
        if (!access_life) {
          return std::move(access_life).error();
        }
        access_claims.lifetime = *access_life;
      }
    }
    auto access = jwt::mint_token(access_claims, signer, header);
    if (!access) {
      return std::move(access).error();
    }
    print_token_response(*access, std::nullopt, access_claims.lifetime);
    return jwt::Ok{};
  }

  // Spends the refresh token (committed before anything is printed), then mints the access
  // token and a new refresh token of the same session, neither outliving the session's limit.
  static jwt::Status rotate(const CheckedToken& checked, jwt::NewClaims access_claims, const jwt::Signer& signer, const jwt::Json& header,
                            std::optional<std::chrono::seconds> refresh_life)
  {
    const jwt::Json& presented = checked.verified.claims;
    auto session = spend_refresh_token(*checked.store, presented, checked.now);
    if (!session) {
      return std::move(session).error();
    }
    auto access_life = lifetime_within(access_claims.lifetime, checked.now, session->expires_at);
    if (!access_life) {
      return std::move(access_life).error();
    }
    auto new_refresh_life = lifetime_within(refresh_life.value_or(presented_lifetime(presented)), checked.now,
                                            session->expires_at);
    if (!new_refresh_life) {
      return std::move(new_refresh_life).error();
    }
    access_claims.lifetime = *access_life;
    auto access = jwt::mint_token(access_claims, signer, header);
    if (!access) {
      return std::move(access).error();
    }
    // The new refresh token carries all the presented one did (its sid among the custom claims).
    auto refresh_claims = carried_claims(presented, Carry::all);
    if (!refresh_claims) {
      return std::move(refresh_claims).error();
    }
    refresh_claims->issued_at = checked.now;
    refresh_claims->type = std::string(jwt::k_refresh_type);
    refresh_claims->lifetime = *new_refresh_life;
    auto token_id = jwt::new_token_id();
    if (!token_id) {
      return std::move(token_id).error();
    }
    refresh_claims->token_id = std::move(token_id).value();
    auto refresh_token = jwt::mint_token(*refresh_claims, signer, header);
    if (!refresh_token) {
      return std::move(refresh_token).error();
    }
    print_token_response(*access, *refresh_token, *access_life);
    return jwt::Ok{};
  }

  // The presented refresh token's own lifetime (exp - iat), which its successor keeps; 7 days
  // when it lacks either.
  static std::chrono::seconds presented_lifetime(const jwt::Json& claims)
  {
    auto iat = jwt::read_numeric_date(claims, "iat");
    auto exp = jwt::read_numeric_date(claims, "exp");
    if (!iat || !exp || !*iat || !*exp || (*exp)->seconds <= (*iat)->seconds) {
      return jwt::k_default_refresh_lifetime;
    }
    const double life = std::min((*exp)->seconds - (*iat)->seconds, static_cast<double>(jwt::k_max_duration.count()));
    return std::chrono::seconds(static_cast<std::chrono::seconds::rep>(life));
  }

  // What a new token inherits: sub always; iss, aud and custom claims too unless only the subject is
  // asked for (--no-carry, for the access token).
  enum class Carry { all, subject };
  static jwt::Result<jwt::NewClaims> carried_claims(const jwt::Json& refresh_claims, Carry carry)
  {
    jwt::NewClaims claims;
    const auto sub = refresh_claims.find("sub");
    if (sub == refresh_claims.end() || !sub->is_string()) {
      return jwt::make_error(jwt::ErrorKind::invalid_claim, "it has no string \"sub\" claim", "sub");
    }
    claims.subject = sub->get<std::string>();
    if (carry == Carry::subject) {
      return claims;
    }
    if (const auto iss = refresh_claims.find("iss"); iss != refresh_claims.end()) {
      if (!iss->is_string()) {
        return jwt::make_error(jwt::ErrorKind::invalid_claim, "its \"iss\" claim is not a string", "iss");
      }
      claims.issuer = iss->get<std::string>();
    }
    if (const auto aud = refresh_claims.find("aud"); aud != refresh_claims.end()) {
      const bool strings = aud->is_string()
                           || (aud->is_array() && std::all_of(aud->begin(), aud->end(), [](const jwt::Json& v) {
                                 return v.is_string();
                               }));
      if (!strings) {
        return jwt::make_error(jwt::ErrorKind::invalid_claim, "its \"aud\" claim is not a string or a list of strings", "aud");
      }
      claims.audiences = aud->is_string() ? std::vector<std::string>{aud->get<std::string>()}
                                          : aud->get<std::vector<std::string>>();
    }
    for (const auto& [name, value] : refresh_claims.items()) {
      if (!jwt::is_registered_claim(name)) {
        claims.custom[name] = value;
      }
    }
    return claims;
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
