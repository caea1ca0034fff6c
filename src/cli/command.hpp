#pragma once

#include "cli/options.hpp"
#include "jwt/error.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace cli {

// A subcommand: adds its flags to its CLI11 subcommand on construction, then runs once if it was chosen.
// run() writes the success output itself and returns the failure for main to report.
class Command
{
public:
  Command() = default;
  Command(const Command&) = delete;
  Command& operator=(const Command&) = delete;
  Command(Command&&) = delete;
  Command& operator=(Command&&) = delete;
  virtual ~Command() = default;
  virtual jwt::Status run() = 0;
  // --json (failures also as a JSON object on standard output) and --quiet, where offered.
  virtual OutputOptions output() const
  {
    return {};
  }
  // Whether the command judges a token (its exit code says whether the token passes). Such a
  // command answers --help with exit 2 and takes flag values as separate words only (never
  // --NAME=VALUE), so that a token that looks like a flag never passes.
  virtual bool judges_token() const
  {
    return false;
  }
  // The other commands whose flags run() reads (help COMMAND: that one; completion: all of them, of
  // `names`): a command's flags exist only once it is built, so the app builds these before run().
  virtual std::vector<std::string> described_commands(const std::vector<std::string>& names) const
  {
    static_cast<void>(names);
    return {};
  }
};

// jwtool's commands on `app`, a command's flags added only when it is built, so that start-up
// costs the same however many commands there are. The commands are listed in app.cpp.
class CommandSet
{
public:
  // When `first_word` (the command line's first word) names a command that lists no others, that
  // command alone is registered (each costs CLI11 some 16,000 instructions to register, and only
  // the chosen one is parsed); otherwise every name and description is, for the help, the
  // suggestions for a mistyped command, and help and completion.
  explicit CommandSet(CLI::App& app, std::string_view first_word = {});
  // The command called `name`, its flags added on the first call; nullptr when there is none
  // (or it is not registered).
  Command* build(std::string_view name);
  void build_all();

private:
  CLI::App& m_app;
  std::vector<std::unique_ptr<Command>> m_built; // in the order of app.cpp's list; null until built
};

// The word of the command line that CLI11 hands the rest of the line to: the first one that names
// a command (jwtool's own flags take no value, and CLI11 matches a command's name even after "--").
// Empty when no word does.
std::string chosen_command_name(int argc, const char* const* argv, const std::vector<std::string>& names);

// The help text of the app or one of its subcommands, as --help prints it.
std::string command_help(const CLI::App& command);

// The subcommands' names, in the order they were registered.
std::vector<std::string> command_names(const CLI::App& app);

// Every command's name, in the order the help lists them.
std::vector<std::string> all_command_names();

// The commands' constructors: each adds its flags to `command`, its subcommand (registered already,
// with its name and description, by CommandSet).
std::unique_ptr<Command> make_issue_command(CLI::App& command);
std::unique_ptr<Command> make_refresh_command(CLI::App& command);
std::unique_ptr<Command> make_decode_command(CLI::App& command);
std::unique_ptr<Command> make_verify_command(CLI::App& command);
std::unique_ptr<Command> make_revoke_command(CLI::App& command);
std::unique_ptr<Command> make_keygen_command(CLI::App& command);
std::unique_ptr<Command> make_jwks_command(CLI::App& command);
std::unique_ptr<Command> make_serve_command(CLI::App& command);
std::unique_ptr<Command> make_completion_command(CLI::App& command);
std::unique_ptr<Command> make_help_command(CLI::App& command);

} // namespace cli
