#include "cli/batch_commands.hpp"
#include "cli/command.hpp"
#include "cli/grants.hpp"
#include "cli/options.hpp"
#include "cli/render.hpp"
#include "cli/session.hpp"
#include "cli/store_options.hpp"

#include "jwt/claims.hpp"
#include "jwt/token.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <fmt/core.h>

namespace cli {

namespace {

// Largest --claims file read.
constexpr std::size_t k_max_claims_bytes = std::size_t{1024} * 1024;

struct IssueOptions {
  std::string subject;
  std::string type = "access";
  std::string ttl;
  std::string access_ttl;
  std::string refresh_ttl;
  std::string alg; // empty: the key's own alg, else HS256
  std::string kid;
  bool no_kid = false;
  std::string jti;
  bool no_jti = false;
  std::string issuer;
  std::vector<std::string> audiences;
  std::string not_before;
  bool no_iat = false;
  std::vector<std::string> claims;        // KEY=VALUE, VALUE as JSON if it parses
  std::vector<std::string> string_claims; // KEY=VALUE, VALUE a string
  std::string claims_file;
  std::vector<std::string> headers; // KEY=VALUE, VALUE as JSON if it parses
  KeyOptions key;
  ClockOptions clock;
  StoreOptions store;
  std::string session_max_age;
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

// The flag that sets a registered claim, for the message refusing it elsewhere.
std::string_view flag_for_claim(std::string_view name)
{
  struct Row {
    std::string_view claim;
    std::string_view flag;
  };
  constexpr Row k_rows[] = {
    {"iss", "--iss"}, {"sub", "--sub"}, {"aud", "--aud"}, {"exp", "--ttl"}, {"nbf", "--nbf"},
    {"iat", "--now or --no-iat"}, {"jti", "--jti or --no-jti"}, {"type", "--type"},
    {"fresh", "--type pair (jwtool sets it)"},
  };
  for (const Row& row : k_rows) {
    if (row.claim == name) {
      return row.flag;
    }
  }
  return "its own flag";
}

enum class ValueKind { json_or_string, string };

// "KEY=VALUE" split; VALUE read as JSON when asked and it parses, else kept as a string.
jwt::Result<std::pair<std::string, jwt::Json>> parse_assignment(std::string_view flag, const std::string& text, ValueKind kind)
{
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    return usage(fmt::format("{} {}: expected KEY=VALUE", flag, util::quote(text)));
  }
  std::string name = text.substr(0, equals);
  const std::string value = text.substr(equals + 1);
  if (kind == ValueKind::json_or_string) {
    if (auto parsed = jwt::parse_json(value)) {
      return std::make_pair(std::move(name), std::move(parsed).value());
    }
  }
  return std::make_pair(std::move(name), jwt::Json(value));
}

// Custom claims or extra header members gathered from several flags: each name once.
class Members
{
public:
  jwt::Status add(std::string_view flag, const std::string& name, jwt::Json value)
  {
    if (m_members.contains(name)) {
      return usage(fmt::format("{}: \"{}\" is given twice", flag, name));
    }
    m_members[name] = std::move(value);
    return jwt::Ok{};
  }
  const jwt::Json& json() const
  {
    return m_members;
  }

private:
  jwt::Json m_members = jwt::Json::object();
};

class IssueCommand final : public Command
{
public:
  explicit IssueCommand(CLI::App& command)
  {
    CLI::App* cmd = &command;
    m_sub_option = cmd->add_option("--sub", m_opts.subject, "Subject: whom the token is about (the \"sub\" claim); required, except with --batch")
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
    add_alg_option(*cmd, m_opts.alg,
                   "Signing algorithm (default: the key's \"alg\" in a JWK, else HS256 for a secret, RS256 for "
                   "RSA, the curve's ES* for EC, EdDSA for Ed25519/Ed448)");
    cmd->add_option("--kid", m_opts.kid, "Sign with the key of this kid (from --jwks) and name it in the header")
      ->type_name("KID");
    cmd->add_flag("--no-kid", m_opts.no_kid,
                  "Leave kid out of the header (by default a public-key token names its key: the JWK's kid, "
                  "else the RFC 7638 thumbprint)");

    cmd->add_option("--iss", m_opts.issuer, "Issuer (the \"iss\" claim)")->type_name("VALUE")->group("Claims");
    cmd->add_option("--aud", m_opts.audiences, "Audience (\"aud\"); once gives a string, several give a list")
      ->allow_extra_args(false) // one value per flag: a token after it stays positional
      ->type_name("VALUE")
      ->group("Claims");
    cmd->add_option("--nbf", m_opts.not_before, "Not before TIME (\"nbf\"; same forms as --now, offsets from it)")
      ->type_name("TIME")
      ->group("Claims");
    auto* jti = cmd->add_option("--jti", m_opts.jti, "Use VALUE as the token id instead of a random one")
                  ->type_name("VALUE")
                  ->group("Claims");
    cmd->add_flag("--no-jti", m_opts.no_jti, "Leave the token id out")->excludes(jti)->group("Claims");
    cmd->add_flag("--no-iat", m_opts.no_iat, "Leave the issued-at time out")->group("Claims");
    cmd->add_option("--claim", m_opts.claims, "Add a custom claim; VALUE is JSON when it parses, else a string (repeatable)")
      ->allow_extra_args(false) // one value per flag: a token after it stays positional
      ->type_name("KEY=VALUE")
      ->group("Claims");
    cmd->add_option("--claim-string", m_opts.string_claims, "Add a custom claim whose VALUE is always a string (repeatable)")
      ->allow_extra_args(false) // one value per flag: a token after it stays positional
      ->type_name("KEY=VALUE")
      ->group("Claims");
    cmd->add_option("--claims", m_opts.claims_file, "Add the members of the JSON object in PATH ('-' for standard input)")
      ->type_name("PATH")
      ->group("Claims");
    cmd->add_option("--header", m_opts.headers, "Add a header member; VALUE is JSON when it parses (not alg, kid, crit, b64)")
      ->allow_extra_args(false) // one value per flag: a token after it stays positional
      ->type_name("KEY=VALUE")
      ->group("Claims");
    add_key_options(*cmd, m_opts.key, KeyUse::mint);
    add_clock_options(*cmd, m_opts.clock);
    add_batch_options(*cmd, m_batch, "a JSON object of claims", false);
    cmd->get_option("--batch")->excludes("--jti");
    cmd->add_flag("--json", m_json,
                  "With --batch: one JSON object per input line, {\"line\": N, \"token\": ...} or "
                  "{\"line\": N, \"error\": ..., \"message\": ...}")
      ->group("Batch");
    add_store_option(*cmd, m_opts.store);
    cmd->add_option("--session-max-age", m_opts.session_max_age,
                    "With --type pair and a store: the session's absolute limit, however often it is "
                    "refreshed (default 30d)")
      ->type_name("DURATION")
      ->group("Store");
    cmd->footer(R"TXT(Prints: the token and a newline; with --type pair, the login response as JSON:
  {"access_token": ..., "refresh_token": ..., "token_type": "bearer", "expires_in": 1800}
With --batch, each input line is a JSON object of claims, and one line is printed per input line,
in order: its token, or an empty line for a refused line (named on standard error; exit 2 if any
was). With --json, {"line": 1, "token": ...} or {"line": 2, "error": ..., "message": ...} instead.
The flags' claims (and a random jti) fill in what a line leaves out; a line may set any claim.
Registered claims come from their own flags: --claim, --claim-string and --claims may not set
iss, sub, aud, exp, nbf, iat, jti, type or fresh, nor any claim twice.
With a store (--store or $JWTOOL_STORE), --type pair starts a session: both tokens carry its
"sid", for refresh (which rotates) and revoke --session, and no token of it outlives --session-max-age.

Examples:
  jwtool keygen --out key.bin    # once: the key (see 'jwtool help keygen')
  TOKEN=$(jwtool issue --sub alice --secret-file key.bin)
  jwtool issue --sub alice --type pair --secret-file key.bin
  jwtool issue --sub alice --type pair --store sqlite:/var/lib/jwtool/store.db --secret-file key.bin
  jwtool issue --sub ci-job --ttl 5m --iss ci --aud deploy --claim 'scopes=["read","write"]' --secret-file key.bin
  seq 1000 | sed 's/.*/{"sub":"user&"}/' | jwtool issue --batch --secret-file key.bin > tokens.txt)TXT");
  }

  jwt::Status run() override
  {
    auto checked = check_flags();
    if (!checked) {
      return checked;
    }
    auto custom = custom_claims();
    if (!custom) {
      return std::move(custom).error();
    }
    auto extra_header = header_members();
    if (!extra_header) {
      return std::move(extra_header).error();
    }
    const bool pair = m_opts.type == "pair";
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
    auto not_before = not_before_time(*now);
    if (!not_before) {
      return std::move(not_before).error();
    }

    auto signing = signing_key(*extra_header);
    if (!signing) {
      return std::move(signing).error();
    }
    const SigningKey& signer = *signing;

    jwt::NewClaims claims;
    claims.subject = m_opts.subject;
    claims.issued_at = *now;
    claims.issuer = m_opts.issuer;
    claims.audiences = m_opts.audiences;
    claims.not_before = *not_before;
    claims.with_issued_at = !m_opts.no_iat;
    claims.custom = std::move(custom).value();

    if (m_batch.enabled) {
      return issue_batch(claims, refresh ? jwt::k_refresh_type : jwt::k_access_type,
                         refresh ? *refresh_life : *access_life, signer);
    }
    if (!pair) {
      return print_token(mint(claims, refresh ? jwt::k_refresh_type : jwt::k_access_type,
                              refresh ? *refresh_life : *access_life, signer));
    }
    // With a store, a login starts a session (recorded before either token is printed).
    if (auto session = begin_login_session(m_opts.store, m_opts.session_max_age, *now, claims, *access_life, *refresh_life);
        !session) {
      return session;
    }
    auto response = mint_login_pair(std::move(claims), *access_life, *refresh_life, *signing, !m_opts.no_jti);
    if (!response) {
      return std::move(response).error();
    }
    print_token_response(response->access_token, response->refresh_token, response->expires_in);
    return jwt::Ok{};
  }

private:
  // --nbf as whole seconds, like iat and exp; nullopt without it.
  jwt::Result<std::optional<jwt::NumericDate>> not_before_time(jwt::NumericDate now) const
  {
    if (m_opts.not_before.empty()) {
      return std::optional<jwt::NumericDate>();
    }
    auto nbf = jwt::parse_time(m_opts.not_before, now);
    if (!nbf) {
      return usage("--nbf: " + nbf.error().message);
    }
    return std::optional<jwt::NumericDate>(jwt::NumericDate{std::floor(nbf->seconds)});
  }

  static jwt::Status print_token(const jwt::Result<std::string>& token)
  {
    if (!token) {
      return token.error();
    }
    print_line(*token);
    return jwt::Ok{};
  }

  jwt::Status check_flags() const
  {
    const bool pair = m_opts.type == "pair";
    if (pair && !m_opts.ttl.empty()) {
      return usage("--ttl does not apply to --type pair: use --access-ttl and --refresh-ttl");
    }
    if (!pair && (!m_opts.access_ttl.empty() || !m_opts.refresh_ttl.empty())) {
      return usage("--access-ttl and --refresh-ttl apply to --type pair only: use --ttl");
    }
    if (!pair && !m_opts.session_max_age.empty()) {
      return usage("--session-max-age applies to --type pair only: a login starts a session");
    }
    if (pair && !m_opts.jti.empty()) {
      return usage("--jti names one token, and --type pair mints two");
    }
    if (m_json && !m_batch.enabled) {
      return usage("--json applies to --batch only: a single issue prints the token alone, and --type pair "
                   "prints its JSON response without it");
    }
    if (m_batch.enabled) {
      if (pair) {
        return usage("--batch mints one token per line: --type pair is not available with it");
      }
      if (!m_opts.jti.empty()) {
        return usage("--jti names one token, and --batch mints many");
      }
      const bool lines_on_stdin = m_batch.input.empty() || m_batch.input == "-";
      if (lines_on_stdin && (key_uses_stdin(m_opts.key) || names_stdin(m_opts.claims_file))) {
        return usage("standard input cannot carry both the claims lines and a key or --claims file: give the lines with --input");
      }
      return jwt::Ok{};
    }
    if (names_stdin(m_opts.claims_file) && key_uses_stdin(m_opts.key)) {
      return usage("standard input cannot carry both the --claims object and the key: give one of them as a file");
    }
    if (m_sub_option->count() == 0) {
      return usage("--sub is required (see 'jwtool help issue')");
    }
    return check_subject(m_opts.subject);
  }

  // --claims, then --claim and --claim-string: never a registered claim, never a name twice.
  jwt::Result<jwt::Json> custom_claims() const
  {
    Members members;
    const auto add = [&](std::string_view flag, const std::string& name, jwt::Json value) -> jwt::Status {
      if (jwt::is_registered_claim(name)) {
        return usage(fmt::format("{}: \"{}\" is a registered claim: set it with {}", flag, name, flag_for_claim(name)));
      }
      return members.add(flag, name, std::move(value));
    };
    if (!m_opts.claims_file.empty()) {
      auto text = read_flag_file("--claims", m_opts.claims_file, k_max_claims_bytes);
      if (!text) {
        return std::move(text).error();
      }
      auto object = jwt::parse_json(*text);
      if (!object) {
        return usage("--claims: " + object.error().message);
      }
      if (!object->is_object()) {
        return usage(fmt::format("--claims: expected a JSON object, found {}", jwt::json_type_name(*object)));
      }
      for (const auto& [name, value] : object->items()) {
        auto added = add("--claims", name, value);
        if (!added) {
          return std::move(added).error();
        }
      }
    }
    for (const auto& [flag, texts, kind] : {std::tuple{"--claim", &m_opts.claims, ValueKind::json_or_string},
                                            std::tuple{"--claim-string", &m_opts.string_claims, ValueKind::string}}) {
      for (const auto& text : *texts) {
        auto assignment = parse_assignment(flag, text, kind);
        if (!assignment) {
          return std::move(assignment).error();
        }
        auto added = add(flag, assignment->first, std::move(assignment->second));
        if (!added) {
          return std::move(added).error();
        }
      }
    }
    return members.json();
  }

  // --header members: never the ones that decide how the token is checked.
  jwt::Result<jwt::Json> header_members() const
  {
    Members members;
    for (const auto& text : m_opts.headers) {
      auto assignment = parse_assignment("--header", text, ValueKind::json_or_string);
      if (!assignment) {
        return std::move(assignment).error();
      }
      const std::string& name = assignment->first;
      if (name == "alg" || name == "kid" || name == "crit" || name == "b64") {
        return usage(fmt::format("--header: \"{}\" is set by jwtool{}", name,
                                 name == "alg" ? " (use --alg)" : name == "kid" ? " (use --kid)" : ""));
      }
      auto added = members.add("--header", name, std::move(assignment->second));
      if (!added) {
        return std::move(added).error();
      }
    }
    return members.json();
  }

  // The signer of the key (by --kid among several) and its algorithm, checked for minting, with
  // the header every token of this call carries. The signer holds what it needs of the key (the
  // HMAC state, or a reference to the OpenSSL key), so the ring may go.
  jwt::Result<SigningKey> signing_key(const jwt::Json& extra_header) const
  {
    auto keys = load_keys(m_opts.key);
    if (!keys) {
      return std::move(keys).error();
    }
    return choose_signing_key(m_opts.key, *keys, SigningChoice{m_opts.kid, m_opts.no_kid, m_opts.alg}, extra_header);
  }

  jwt::Result<std::string> mint(jwt::NewClaims claims, std::string_view type, std::chrono::seconds life,
                                const SigningKey& signer) const
  {
    claims.token_id = m_opts.jti;
    return mint_new_token(std::move(claims), type, life, signer, !m_opts.no_jti);
  }

  // The flags' claims, less a jti (each token draws its own), as defaults for every line.
  jwt::Status issue_batch(jwt::NewClaims claims, std::string_view type, std::chrono::seconds life,
                          const SigningKey& signer) const
  {
    claims.type = std::string(type);
    claims.lifetime = life;
    IssueBatch issue;
    issue.header = signer.header;
    issue.defaults = jwt::build_claims(claims);
    if (claims.subject.empty()) {
      issue.defaults.erase("sub");
    }
    issue.with_token_id = !m_opts.no_jti;
    issue.json = m_json;
    issue.signer = &signer.signer;
    return run_issue_batch(issue, m_batch, false);
  }

  IssueOptions m_opts;
  BatchOptions m_batch;
  bool m_json = false; // with --batch only
  CLI::Option* m_sub_option = nullptr;
};

} // namespace

jwt::Status check_subject(std::string_view subject)
{
  if (subject.empty()) {
    return usage(R"("sub" must not be empty)");
  }
  return jwt::Ok{};
}

std::unique_ptr<Command> make_issue_command(CLI::App& command)
{
  return std::make_unique<IssueCommand>(command);
}

} // namespace cli
