#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/render.hpp"

#include "jwt/claims.hpp"
#include "jwt/random.hpp"
#include "jwt/token.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace cli {

namespace {

struct IssueOptions {
  std::string subject;
  std::string type = "access";
  std::string ttl;
  std::string access_ttl;
  std::string refresh_ttl;
  std::string alg; // empty: the key's own alg, else HS256
  std::string kid;
  std::string jti;
  bool no_jti = false;
  KeyOptions key;
  ClockOptions clock;
};

jwt::Error usage(std::string message)
{
  return jwt::make_error(jwt::ErrorKind::invalid_argument, std::move(message));
}

// A lifetime flag, or the default when it was not given.
jwt::Result<std::chrono::seconds> lifetime(const std::string& flag, const std::string& text, std::chrono::seconds fallback)
{
  if (text.empty()) {
    return fallback;
  }
  return duration_from_flag(flag, text, ZeroDuration::refused);
}

class IssueCommand final : public Command
{
public:
  explicit IssueCommand(CLI::App& app)
  {
    CLI::App* cmd = app.add_subcommand("issue", "Mint a signed access token, refresh token, or login pair");
    cmd->add_option("--sub", m_opts.subject, "Subject: whom the token is about (the \"sub\" claim)")
      ->required()
      ->type_name("SUBJECT");
    cmd->add_option("--type", m_opts.type, "What to mint: an access token, a refresh token, or both as a login response")
      ->type_name("TYPE")
      ->check(CLI::IsMember({"access", "refresh", "pair"}))
      ->capture_default_str();
    cmd->add_option("--ttl", m_opts.ttl, "Lifetime of the token (default: 30m for access, 7d for refresh)")
      ->type_name("DURATION");
    cmd->add_option("--access-ttl", m_opts.access_ttl, "With --type pair: lifetime of the access token (default 30m)")
      ->type_name("DURATION");
    cmd->add_option("--refresh-ttl", m_opts.refresh_ttl, "With --type pair: lifetime of the refresh token (default 7d)")
      ->type_name("DURATION");
    add_alg_option(*cmd, m_opts.alg, "Signing algorithm (default: the key's \"alg\" in a JWK, else HS256)");
    cmd->add_option("--kid", m_opts.kid, "Sign with the key of this kid (from --jwks) and name it in the header")
      ->type_name("KID");
    auto* jti = cmd->add_option("--jti", m_opts.jti, "Use VALUE as the token id instead of a random one")
                  ->type_name("VALUE");
    cmd->add_flag("--no-jti", m_opts.no_jti, "Leave the token id out")->excludes(jti);
    add_key_options(*cmd, m_opts.key);
    add_clock_options(*cmd, m_opts.clock);
    cmd->footer(R"TXT(Output: the token and a newline; with --type pair, the login response as JSON:
  {"access_token": ..., "refresh_token": ..., "token_type": "bearer", "expires_in": 1800}

Examples:
  TOKEN=$(JWTOOL_SECRET="$SECRET" jwtool issue --sub alice)
  jwtool issue --sub alice --type pair --secret-file key.txt
  jwtool issue --sub ci-job --ttl 5m --alg HS512 --now 2024-05-01T12:00:00Z --secret-file key.txt)TXT");
  }

  jwt::Status run() override
  {
    const bool pair = m_opts.type == "pair";
    if (pair && !m_opts.ttl.empty()) {
      return usage("--ttl does not apply to --type pair: use --access-ttl and --refresh-ttl");
    }
    if (!pair && (!m_opts.access_ttl.empty() || !m_opts.refresh_ttl.empty())) {
      return usage("--access-ttl and --refresh-ttl apply to --type pair only: use --ttl");
    }
    if (pair && !m_opts.jti.empty()) {
      return usage("--jti names one token, and --type pair mints two");
    }
    if (m_opts.subject.empty()) {
      return usage("--sub must not be empty");
    }
    const bool refresh = m_opts.type == "refresh";
    auto access_life = lifetime(pair ? "--access-ttl" : "--ttl",
                                pair ? m_opts.access_ttl : m_opts.ttl,
                                jwt::k_default_access_lifetime);
    if (!access_life) {
      return std::move(access_life).error();
    }
    auto refresh_life = lifetime(pair ? "--refresh-ttl" : "--ttl",
                                 pair ? m_opts.refresh_ttl : m_opts.ttl,
                                 jwt::k_default_refresh_lifetime);
    if (!refresh_life) {
      return std::move(refresh_life).error();
    }
    auto now = resolve_now(m_opts.clock);
    if (!now) {
      return std::move(now).error();
    }
    auto keys = load_keys(m_opts.key);
    if (!keys) {
      return std::move(keys).error();
    }
    auto key = keys->select_for_signing(m_opts.kid);
    if (!key) {
      // Not a token's fault here: the caller's choice of key.
      return jwt::make_error(jwt::ErrorKind::invalid_key, "--kid: " + key.error().message);
    }
    auto alg = signing_algorithm(**key);
    if (!alg) {
      return std::move(alg).error();
    }
    auto signer = jwt::Signer::create(*alg, (*key)->secret.view());
    if (!signer) {
      return std::move(signer).error();
    }
    // A named key names itself; an unnamed one (a plain secret) takes --kid as its label.
    m_kid = (*key)->kid.empty() ? m_opts.kid : (*key)->kid;

    if (!pair) {
      auto token = mint(refresh ? jwt::k_refresh_type : jwt::k_access_type,
                        refresh ? *refresh_life : *access_life,
                        *now,
                        *signer);
      if (!token) {
        return std::move(token).error();
      }
      print_line(*token);
      return jwt::Ok{};
    }
    auto access = mint(jwt::k_access_type, *access_life, *now, *signer);
    if (!access) {
      return std::move(access).error();
    }
    auto refresh_token = mint(jwt::k_refresh_type, *refresh_life, *now, *signer);
    if (!refresh_token) {
      return std::move(refresh_token).error();
    }
    jwt::Json response = jwt::Json::object();
    response["access_token"] = *access;
    response["refresh_token"] = *refresh_token;
    response["token_type"] = "bearer";
    response["expires_in"] = access_life->count();
    print_json(response);
    return jwt::Ok{};
  }

private:
  // --alg, else the algorithm the key is bound to, else HS256; --alg may not contradict the key.
  jwt::Result<jwt::Algorithm> signing_algorithm(const jwt::Key& key) const
  {
    if (m_opts.alg.empty()) {
      return key.alg.value_or(jwt::Algorithm::hs256);
    }
    const jwt::Algorithm wanted = algorithm_from_flag(m_opts.alg);
    if (key.alg && *key.alg != wanted) {
      return jwt::make_error(jwt::ErrorKind::invalid_key,
                             fmt::format("--alg {}: the key is for {}", m_opts.alg, jwt::algorithm_name(*key.alg)));
    }
    return wanted;
  }

  jwt::Result<std::string> mint(std::string_view type, std::chrono::seconds life, jwt::NumericDate now, jwt::Signer& signer)
  {
    std::string token_id = m_opts.jti;
    if (token_id.empty() && !m_opts.no_jti) {
      auto fresh = jwt::new_token_id();
      if (!fresh) {
        return std::move(fresh).error();
      }
      token_id = std::move(fresh).value();
    }
    return jwt::mint_token(jwt::NewClaims{m_opts.subject, std::string(type), now, life, token_id}, signer, m_kid);
  }

  IssueOptions m_opts;
  std::string m_kid; // the kid written into the header
};

} // namespace

std::unique_ptr<Command> make_issue_command(CLI::App& app)
{
  return std::make_unique<IssueCommand>(app);
}

} // namespace cli
