#include "cli/check.hpp"
#include "cli/command.hpp"
#include "cli/render.hpp"

#include "jwt/algorithm.hpp"

#include <CLI/CLI.hpp>

namespace cli {

namespace {

class VerifyCommand final : public Command
{
public:
  explicit VerifyCommand(CLI::App& app)
  {
    CLI::App* cmd = app.add_subcommand("verify", "Check a token's signature and time claims; print its claims");
    add_check_options(*cmd, m_opts);
    cmd->add_option("--type", m_type, "Require the \"type\" claim to be access or refresh")
      ->type_name("TYPE")
      ->check(CLI::IsMember({"access", "refresh"}));
    cmd->footer(R"TXT(Output: the payload as JSON; with --json, {"valid": true, "alg": ..., "header": ..., "payload": ...}.
The exit code says why a token is refused: 1 rejected, 3 expired, 4 wrong type, 5 not yet valid.

Examples:
  jwtool verify --type access --secret-file key.txt "$TOKEN"
  echo "Authorization: Bearer $TOKEN" | cut -d' ' -f2- | jwtool verify --secret-file key.txt
  jwtool verify --json --now 2024-05-01T12:00:00Z --secret-file key.txt "$TOKEN" | jq .payload.sub)TXT");
  }

  bool json_output() const override
  {
    return m_opts.output.json;
  }

  jwt::Status run() override
  {
    std::optional<std::string> type;
    if (!m_type.empty()) {
      type = m_type;
    }
    auto checked = check_token(m_opts, type);
    if (!checked) {
      return std::move(checked).error();
    }
    const jwt::VerifiedToken& token = checked->verified;
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
  CheckOptions m_opts;
  std::string m_type;
};

} // namespace

std::unique_ptr<Command> make_verify_command(CLI::App& app)
{
  return std::make_unique<VerifyCommand>(app);
}

} // namespace cli
