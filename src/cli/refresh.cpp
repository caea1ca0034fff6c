#include "cli/check.hpp"
#include "cli/command.hpp"
#include "cli/render.hpp"

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
  explicit RefreshCommand(CLI::App& app)
  {
    CLI::App* cmd = app.add_subcommand("refresh", "Trade a valid refresh token for a new access token");
    add_check_options(*cmd, m_opts, KeyUse::mint);
    cmd->add_option("--ttl", m_ttl, "Lifetime of the new access token (default 30m)")->type_name("DURATION");
    cmd->add_flag("--no-carry", m_no_carry, "Give the new access token only \"sub\", not the refresh token's iss, aud and custom claims");
    cmd->footer(R"TXT(Prints: {"access_token": ..., "token_type": "bearer", "expires_in": 1800}
The new access token carries the refresh token's sub, iss, aud and custom claims, "fresh": false,
and is signed with the refresh token's key and algorithm.
Refused: an expired refresh token (exit 3, "Refresh token expired - please login again"),
an access token (exit 4, "Invalid token type"), anything else "Invalid refresh token" (exit 1,
or 5 when the token is not valid yet).

Examples:
  jwtool refresh --secret-file key.txt "$REFRESH_TOKEN"
  jwtool refresh --json --aud api --secret-file key.txt "$REFRESH_TOKEN" | jq -r .access_token)TXT");
  }

  OutputOptions output() const override
  {
    return m_opts.output;
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
    std::chrono::seconds life = jwt::k_default_access_lifetime;
    if (!m_ttl.empty()) {
      auto ttl = duration_from_flag("--ttl", m_ttl, ZeroDuration::refused);
      if (!ttl) {
        return std::move(ttl).error();
      }
      life = *ttl;
    }
    auto checked = check_token(m_opts, std::string(jwt::k_refresh_type));
    if (!checked) {
      return std::move(checked).error();
    }
    const jwt::VerifiedToken& refresh_token = checked->verified;
    auto claims = carried_claims(refresh_token.claims);
    if (!claims) {
      return std::move(claims).error();
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
    auto signer = jwt::Signer::create(refresh_token.alg, key.secret.view());
    if (!signer) {
      return std::move(signer).error();
    }
    const std::string kid = key.kid.empty() ? refresh_token.token.kid().value_or("") : key.kid;
    auto access = jwt::mint_token(*claims, *signer, jwt::make_header(refresh_token.alg, kid));
    if (!access) {
      return std::move(access).error();
    }
    jwt::Json response = jwt::Json::object();
    response["access_token"] = *access;
    response["token_type"] = "bearer";
    response["expires_in"] = life.count();
    print_json(response);
    return jwt::Ok{};
  }

  // What the new access token inherits: sub always; iss, aud and custom claims unless --no-carry.
  jwt::Result<jwt::NewClaims> carried_claims(const jwt::Json& refresh_claims) const
  {
    jwt::NewClaims claims;
    const auto sub = refresh_claims.find("sub");
    if (sub == refresh_claims.end() || !sub->is_string()) {
      return jwt::make_error(jwt::ErrorKind::invalid_claim, "it has no string \"sub\" claim", "sub");
    }
    claims.subject = sub->get<std::string>();
    if (m_no_carry) {
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
};

} // namespace

std::unique_ptr<Command> make_refresh_command(CLI::App& app)
{
  return std::make_unique<RefreshCommand>(app);
}

} // namespace cli
