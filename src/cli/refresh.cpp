#include "cli/check.hpp"
#include "cli/command.hpp"
#include "cli/render.hpp"

#include "jwt/claims.hpp"
#include "jwt/random.hpp"
#include "jwt/token.hpp"

#include <CLI/CLI.hpp>

namespace cli {

namespace {

// The walkthrough's words, and the detail behind them for a person to act on.
jwt::Error as_refresh_failure(jwt::Error error)
{
  switch (error.kind) {
  case jwt::ErrorKind::expired:
    error.message = "Refresh token expired - please login again";
    return error;
  case jwt::ErrorKind::wrong_type:
    error.message = "Invalid token type: " + error.message;
    return error;
  case jwt::ErrorKind::invalid_key:
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
    add_check_options(*cmd, m_opts);
    cmd->add_option("--ttl", m_ttl, "Lifetime of the new access token (default 30m)")->type_name("DURATION");
    cmd->footer(R"TXT(Output: {"access_token": ..., "token_type": "bearer", "expires_in": 1800}
The new access token carries the refresh token's "sub" and is signed with its algorithm.
Refused: an expired refresh token (exit 3, "Refresh token expired - please login again"),
an access token (exit 4, "Invalid token type"), anything else "Invalid refresh token" (exit 1,
or 5 when the token is not valid yet).

Examples:
  jwtool refresh --secret-file key.txt "$REFRESH_TOKEN"
  jwtool refresh --json --secret-file key.txt "$REFRESH_TOKEN" | jq -r .access_token)TXT");
  }

  bool json_output() const override
  {
    return m_opts.output.json;
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
    const auto sub = refresh_token.claims.find("sub");
    if (sub == refresh_token.claims.end() || !sub->is_string()) {
      return jwt::make_error(jwt::ErrorKind::invalid_claim, "it has no string \"sub\" claim", "sub");
    }

    auto key = checked->keys.select(refresh_token.token.kid());
    if (!key) {
      return std::move(key).error();
    }
    auto signer = jwt::Signer::create(refresh_token.alg, (*key)->secret.view());
    if (!signer) {
      return std::move(signer).error();
    }
    auto token_id = jwt::new_token_id();
    if (!token_id) {
      return std::move(token_id).error();
    }
    auto access = jwt::mint_token(
      jwt::NewClaims{sub->get<std::string>(), std::string(jwt::k_access_type), checked->now, life, *token_id},
      *signer,
      refresh_token.token.kid().value_or(""));
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

  CheckOptions m_opts;
  std::string m_ttl;
};

} // namespace

std::unique_ptr<Command> make_refresh_command(CLI::App& app)
{
  return std::make_unique<RefreshCommand>(app);
}

} // namespace cli
