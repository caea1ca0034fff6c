#include "cli/batch_commands.hpp"
#include "cli/check.hpp"
#include "cli/command.hpp"
#include "cli/remote_keys.hpp"
#include "cli/render.hpp"
#include "cli/view.hpp"

#include "jwt/algorithm.hpp"

#include "jwt/token.hpp"

#include <CLI/CLI.hpp>

namespace cli {

namespace {

class VerifyCommand final : public Command
{
public:
  explicit VerifyCommand(CLI::App& command)
  {
    CLI::App* cmd = &command;
    add_check_options(*cmd, m_opts, KeyUse::verify);
    add_remote_key_options(*cmd, m_opts.key);
    cmd->add_option("--type", m_type, "Require the \"type\" claim to be access or refresh")
      ->type_name("TYPE")
      ->check(CLI::IsMember({"access", "refresh"}))
      ->group("Checks");
    auto* claim_value = cmd->add_option("--claim-value", m_claim_value, "Print only the value of claim NAME, raw")
                          ->type_name("NAME")
                          ->group("Output");
    cmd->add_flag("--raw", m_raw, "With --claim-value: print a string holding control characters (NUL, newline...) as it is")
      ->needs(claim_value)
      ->group("Output");
    add_quiet_option(*cmd, m_opts.output);
    add_colour_option(*cmd, m_opts.output);
    claim_value->excludes("--json");
    add_batch_options(*cmd, m_batch, "a token", true);
    cmd->get_option("--batch")->excludes("token")->excludes("--json")->excludes(claim_value);
    cmd->footer(R"TXT(Prints: the payload as JSON; at a terminal, a status line (VALID, EXPIRED 1d ago, BAD SIGNATURE, ...)
above the key that verified, the header, payload and times; with --json, {"valid": true, "alg": ..., "header": ..., "payload": ...}.
The exit code says why a token is refused: 1 rejected, 3 expired, 4 wrong type, 5 not yet valid,
6 revoked, or a refresh token spent already (with a store: --store or $JWTOOL_STORE).
With --batch, one JSON object per input line, in input order: {"line": 1, "valid": true, "claims": ...}
or {"line": 2, "valid": false, "error": "expired", "message": ...}; a summary on standard error; the
exit code is that of the first refused line (0 when all are valid).

Examples:
  jwtool verify --type access --secret-file key.bin -- "$TOKEN"
  SUB=$(jwtool verify --claim-value sub --aud api --iss auth.example.com -- "$TOKEN")
  jwtool verify --quiet -- "$TOKEN" && echo valid
  jwtool verify --batch --jobs 2 --no-claims --input tokens.txt | jq -c 'select(.valid | not)')TXT");
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
    std::optional<std::string> type;
    if (!m_type.empty()) {
      type = m_type;
    }
    if (m_batch.enabled) {
      return run_verify_batch(m_opts, type, m_batch);
    }
    // A person at a terminal (or asking for colour, as for `| less -R`) gets the view; scripts
    // get the payload as JSON.
    const bool human = wants_view(m_opts.output) && m_claim_value.empty();
    std::string text;
    auto checked = check_token(m_opts, type, human ? &text : nullptr);
    if (!checked) {
      if (human && !text.empty()) {
        show_failure(checked.error(), text);
      }
      return std::move(checked).error();
    }
    const jwt::VerifiedToken& token = checked->verified;
    if (!m_claim_value.empty()) {
      return print_claim_value(token.claims, m_claim_value, m_raw);
    }
    if (human) {
      TokenView view;
      view.status = "VALID";
      view.tone = Tone::good;
      view.warnings = token_warnings(token.token.header, token.claims, checked->now);
      view.key = key_summary(*token.key);
      if (checked->origin) {
        view.key += ", " + describe_key_origin(*checked->origin);
      }
      view.header = &token.token.header;
      view.claims = &token.claims;
      print_view(view, checked->now, use_colour(m_opts.output));
      return jwt::Ok{};
    }
    if (!m_opts.output.json) {
      print_json(token.claims);
      return jwt::Ok{};
    }
    jwt::Json result = jwt::Json::object();
    result["valid"] = true;
    result["alg"] = jwt::algorithm_name(token.alg);
    result["header"] = token.token.header;
    result["payload"] = token.claims;
    print_json(result);
    return jwt::Ok{};
  }

private:
  // The refused token, as far as it can be read, under the reason's status line.
  void show_failure(const jwt::Error& error, const std::string& text) const
  {
    const auto now = resolve_now(m_opts.clock);
    if (!now) {
      return;
    }
    auto token = jwt::parse_token(text);
    std::optional<jwt::Json> claims;
    if (token) {
      if (auto parsed = jwt::parse_claims(*token)) {
        claims = std::move(parsed).value();
      }
    }
    TokenView view;
    view.status = failure_status(error, claims ? &*claims : nullptr, *now);
    view.header = token ? &token->header : nullptr;
    view.claims = claims ? &*claims : nullptr;
    if (token && claims) {
      view.warnings = token_warnings(token->header, *claims, *now);
    }
    print_view(view, *now, use_colour(m_opts.output));
  }

  CheckOptions m_opts;
  std::string m_type;
  std::string m_claim_value;
  bool m_raw = false;
  BatchOptions m_batch;
};

} // namespace

std::unique_ptr<Command> make_verify_command(CLI::App& command)
{
  return std::make_unique<VerifyCommand>(command);
}

} // namespace cli
