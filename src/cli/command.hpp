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

// A subcommand: registers its flags on construction, then runs once if it was chosen.
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
};

// The help text of the app or one of its subcommands, as --help prints it.
std::string command_help(const CLI::App& command);

// The subcommands' names, in the order they were registered.
std::vector<std::string> command_names(const CLI::App& app);

std::unique_ptr<Command> make_issue_command(CLI::App& app);
std::unique_ptr<Command> make_refresh_command(CLI::App& app);
std::unique_ptr<Command> make_decode_command(CLI::App& app);
std::unique_ptr<Command> make_verify_command(CLI::App& app);
std::unique_ptr<Command> make_revoke_command(CLI::App& app);
std::unique_ptr<Command> make_keygen_command(CLI::App& app);
std::unique_ptr<Command> make_jwks_command(CLI::App& app);
std::unique_ptr<Command> make_serve_command(CLI::App& app);
std::unique_ptr<Command> make_completion_command(CLI::App& app);
std::unique_ptr<Command> make_help_command(CLI::App& app);

} // namespace cli
