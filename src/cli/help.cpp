#include "cli/command.hpp"
#include "cli/render.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fmt/core.h>
#include <fmt/format.h>

namespace cli {

namespace {

// `jwtool help [COMMAND]`: the help on standard output, exit 0. It exists because a command that
// judges a token answers --help with exit 2 (a token that looks like a flag must never pass).
class HelpCommand final : public Command
{
public:
  explicit HelpCommand(CLI::App& command) : m_app(*command.get_parent())
  {
    CLI::App* cmd = &command;
    cmd->add_option("command", m_command, "The command to describe (default: jwtool itself)")->type_name("COMMAND");
    cmd->footer(R"TXT(Examples:
  jwtool help verify | less
  jwtool help)TXT");
  }

  std::vector<std::string> described_commands(const std::vector<std::string>& names) const override
  {
    static_cast<void>(names);
    return {m_command};
  }

  jwt::Status run() override
  {
    const CLI::App* subject = &m_app;
    if (!m_command.empty()) {
      const std::vector<std::string> names = command_names(m_app);
      if (std::find(names.begin(), names.end(), m_command) == names.end()) {
        return jwt::make_error(jwt::ErrorKind::invalid_argument,
                               fmt::format("unknown command {}; the commands are {}",
                                           util::quote(m_command),
                                           fmt::join(names, ", ")));
      }
      subject = m_app.get_subcommand(m_command);
    }
    const std::string text = command_help(*subject);
    static_cast<void>(std::fwrite(text.data(), 1, text.size(), stdout));
    return jwt::Ok{};
  }

private:
  CLI::App& m_app;
  std::string m_command;
};

} // namespace

std::unique_ptr<Command> make_help_command(CLI::App& command)
{
  return std::make_unique<HelpCommand>(command);
}

} // namespace cli
