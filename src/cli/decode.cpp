#include "cli/batch_commands.hpp"
#include "cli/command.hpp"
#include "cli/input.hpp"
#include "cli/options.hpp"
#include "cli/render.hpp"
#include "cli/view.hpp"

#include "jwt/token.hpp"

#include <CLI/CLI.hpp>

namespace cli {

namespace {

class DecodeCommand final : public Command
{
public:
  explicit DecodeCommand(CLI::App& command)
  {
    CLI::App* cmd = &command;
    cmd->add_option("token", m_token,
                    "The token; '-' or nothing reads it from standard input. An \"Authorization: Bearer\" "
                    "line, a Cookie header or a URL-quoted token work too")
      ->type_name("TOKEN");
    add_clock_options(*cmd, m_clock);
    add_json_option(*cmd, m_output);
    auto* claim_value =
      cmd->add_option("--claim-value", m_claim_value, "Print only the value of claim NAME, raw (still not verified)")
        ->type_name("NAME")
        ->group("Output")
        ->excludes("--json");
    cmd->add_flag("--raw", m_raw, "With --claim-value: print a string holding control characters (NUL, newline...) as it is")
      ->needs(claim_value)
      ->group("Output");
    add_quiet_option(*cmd, m_output);
    add_colour_option(*cmd, m_output);
    add_batch_options(*cmd, m_batch, "a token", false);
    cmd->get_option("--batch")->excludes("token")->excludes("--json")->excludes("--claim-value");
    cmd->footer(R"TXT(decode never checks the signature or the time claims: its output is NOT VERIFIED.
Prints, at a terminal: a status line and warnings, the header and payload as JSON, and the time
claims relative to now; in a pipe (as verify) and with --json,
{"verified": false, "header": ..., "payload": ..., "signature": ...}.
With --batch, one JSON object per input line: {"line": 1, "header": ..., "payload": ...} or
{"line": 2, "error": "malformed", "message": ...}, with "notes": [...] after "line" when the token
was dug out of a header or cookie; exit 1 if any line could not be decoded.

Examples:
  jwtool decode -- "$TOKEN"
  pbpaste | jwtool decode
  jwtool decode -- "$TOKEN" | jq .payload.exp
  jwtool decode --batch --input tokens.txt | jq -r .payload.sub)TXT");
  }

  OutputOptions output() const override
  {
    return m_output;
  }

  jwt::Status run() override
  {
    if (m_batch.enabled) {
      return run_decode_batch(m_batch, m_output.quiet);
    }
    auto now = resolve_now(m_clock);
    if (!now) {
      return std::move(now).error();
    }
    // A person may paste a whole header line or cookie: the shared reader digs the token out and says how.
    auto text = read_token(m_token);
    if (!text) {
      return std::move(text).error();
    }
    auto token = jwt::parse_token(*text);
    if (!token) {
      return std::move(token).error();
    }
    auto claims = jwt::parse_claims(*token);
    if (!claims) {
      return std::move(claims).error();
    }
    if (!m_claim_value.empty()) {
      return print_claim_value(*claims, m_claim_value, m_raw);
    }
    // The rule verify follows: the view at a terminal, JSON in a pipe. Here the JSON is --json's
    // object, whose "verified": false goes wherever the claims go.
    if (wants_view(m_output)) {
      TokenView view;
      view.status = "NOT VERIFIED (decode)";
      view.tone = Tone::caution;
      view.warnings = token_warnings(token->header, *claims, *now);
      view.header = &token->header;
      view.claims = &*claims;
      print_view(view, *now, use_colour(m_output));
      return jwt::Ok{};
    }
    jwt::Json result = jwt::Json::object();
    result["verified"] = false;
    result["header"] = token->header;
    result["payload"] = *claims;
    result["signature"] = std::string(token->signature_segment());
    print_json(result);
    return jwt::Ok{};
  }

private:
  std::optional<std::string> m_token;
  std::string m_claim_value;
  bool m_raw = false;
  ClockOptions m_clock;
  BatchOptions m_batch;
  OutputOptions m_output;
};

} // namespace

std::unique_ptr<Command> make_decode_command(CLI::App& command)
{
  return std::make_unique<DecodeCommand>(command);
}

} // namespace cli
