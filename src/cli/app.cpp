#include "cli/app.hpp"

#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/render.hpp"
#include "cli/version.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <fmt/core.h>
#include <fmt/format.h>
#include <string>
#include <vector>

namespace cli {

namespace {

// jwtool's commands, in the order the help lists them. A command's flags are added by its
// constructor, which runs only when the command is chosen (or described: help, completion).
struct CommandEntry {
  const char* name = nullptr;
  const char* description = nullptr;
  // cppcheck-suppress unusedStructMember ; called as k_commands[i].make in CommandSet::build (cppcheck misses it)
  std::unique_ptr<Command> (*make)(CLI::App& command) = nullptr;
  bool lists_commands = false; // its output names the other commands (help, completion)
};
constexpr std::array k_commands{
  CommandEntry{"issue", "Mint a signed access token, refresh token, or login pair", make_issue_command},
  CommandEntry{"refresh", "Trade a valid refresh token for a new access token", make_refresh_command},
  CommandEntry{"decode",
               "Show a token's header and claims without verifying it (no key needed)",
               make_decode_command},
  CommandEntry{"verify", "Check a token's signature and claims; print its claims", make_verify_command},
  CommandEntry{"revoke", "Revoke a token, or a whole session, in the token store", make_revoke_command},
  CommandEntry{"keygen", "Make a new HMAC, RSA, EC or EdDSA signing key for an algorithm", make_keygen_command},
  CommandEntry{"jwks", "Print the public keys as a JWK Set, to publish for verifiers", make_jwks_command},
  CommandEntry{"serve", "Run a token server (OAuth 2.0 token endpoint, JWKS) for CI and development", make_serve_command},
  CommandEntry{"completion", "Print a shell completion script for bash, zsh or fish", make_completion_command, true},
  CommandEntry{"help", "Print the help of jwtool or of one command, and exit 0", make_help_command, true},
};

constexpr const char* k_description =
  "jwtool issues, refreshes, decodes and verifies JSON Web Tokens signed with HMAC (HS*), RSA "
  "(RS*, PS*), ECDSA (ES*) or EdDSA.";

std::string main_footer()
{
  return fmt::format(R"TXT(Exit codes:
{}
Environment:
  JWTOOL_SECRET       the HMAC secret, when no key flag is given
  JWTOOL_SECRET_FILE  a file holding it, likewise
  JWTOOL_KEY_FILE     a PEM or DER key file (RS*, PS*, ES*, EdDSA), likewise (set only one of the three)
  JWTOOL_STORE        the token store, when no --store is given (sqlite:PATH, redis://HOST:PORT, none)
  JWTOOL_STORE_PASSWORD       a Redis store's password, when no --store-password-file is given
  JWTOOL_STORE_PASSWORD_FILE  a file holding it, likewise (set one of the two, not both)

Examples:
  jwtool keygen --out key.bin && export JWTOOL_SECRET_FILE=key.bin   # or, as text (a CI secret):
  #   JWTOOL_SECRET=$(jwtool keygen --format base64url), and --secret-encoding base64url everywhere
  jwtool issue --sub alice --type pair               # login: access + refresh token
  jwtool verify --type access -- "$ACCESS_TOKEN"     # check a token on a protected call
  jwtool refresh -- "$REFRESH_TOKEN"                 # new access token
  jwtool refresh --store sqlite:jwtool.db -- "$REFRESH_TOKEN"   # with a store: new access + refresh token
  jwtool revoke --store sqlite:jwtool.db -- "$TOKEN"   # refused from now on (exit 6)
  jwtool decode -- "$TOKEN"                          # look inside, without a key

Run 'jwtool help COMMAND' for a command's flags.)TXT",
                     exit_code_table());
}

// CLI11's layout with one blank line between groups, not two.
class HelpFormatter : public CLI::Formatter
{
public:
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override
  {
    std::string text = CLI::Formatter::make_help(app, std::move(name), mode);
    for (auto pos = text.find("\n\n\n"); pos != std::string::npos; pos = text.find("\n\n\n", pos)) {
      text.erase(pos, 1);
    }
    return text;
  }
};

std::vector<std::string> option_names(const CLI::App& command)
{
  std::vector<std::string> names{"--help"};
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
  }
  return names;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates)
{
  const std::string match = util::closest_match(word, candidates);
  return match.empty() ? std::string() : fmt::format(" (did you mean \"{}\"?)", match);
}

// CLI11's message for arguments it did not expect, made specific: which word, and what
// the person probably meant.
std::string describe_extras(const CLI::App& command, const std::string& command_name)
{
  const std::vector<std::string> extras = command.remaining();
  if (extras.empty()) {
    return {};
  }
  // With --secret on the line, a stray word may be the rest of an unquoted secret: not shown.
  if (const CLI::Option* secret = command.get_option_no_throw("--secret"); secret != nullptr && secret->count() > 0) {
    return fmt::format("unexpected argument for \"{}\" (not shown: it may be part of the --secret value, which "
                       "must be quoted if it holds spaces)",
                       command_name);
  }
  for (const std::string& extra : extras) {
    if (extra.size() > 1 && extra[0] == '-') {
      const std::string flag = extra.substr(0, extra.find('='));
      return fmt::format("unknown option {} for \"{}\"{}",
                         util::quote(flag),
                         command_name,
                         did_you_mean(flag, option_names(command)));
    }
  }
  return fmt::format("unexpected argument {} for \"{}\"", util::quote(extras.front()), command_name);
}

// Whether a command that offers --json has it on its command line: then even an error found
// before CLI11 has parsed the flags is reported as a JSON object too.
bool wants_json(int argc, char** argv)
{
  if (argc < 2 || !(std::string_view(argv[1]) == "verify" || std::string_view(argv[1]) == "decode"
                    || std::string_view(argv[1]) == "refresh")) {
    return false;
  }
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--json" || arg.substr(0, 7) == "--json=") {
      return true;
    }
  }
  return false;
}

// The flag of `command` that was given an empty value ("--iss="), or empty when none was. An empty
// value never means "skip the check": it is what an unset shell variable gives.
std::string flag_with_empty_value(const CLI::App& command)
{
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_lnames().empty() || option->get_items_expected_max() == 0) {
      continue; // the positional token (an empty token is refused as one) and flags without a value
    }
    const CLI::results_t& values = option->results();
    if (std::any_of(values.begin(), values.end(), [](const std::string& value) { return value.empty(); })) {
      return "--" + option->get_lnames().front();
    }
  }
  return {};
}

// A word "--NAME=VALUE" before any "--", NAME one of `command`'s flags that take a value.
struct JoinedFlag {
  std::string flag; // "--NAME", empty when there is none
  bool empty_value = false;
};
JoinedFlag find_joined_flag(const CLI::App& command, int argc, char** argv)
{
  for (int arg = 2; arg < argc; ++arg) {
    const std::string_view word = argv[arg];
    if (word == "--") {
      break;
    }
    const auto equals = word.find('=');
    if (word.substr(0, 2) != "--" || equals == std::string_view::npos) {
      continue;
    }
    const std::string name(word.substr(2, equals - 2));
    for (const CLI::Option* option : command.get_options()) {
      const std::vector<std::string>& names = option->get_lnames();
      if (option->get_items_expected_max() > 0 && std::find(names.begin(), names.end(), name) != names.end()) {
        return JoinedFlag{"--" + name, equals + 1 == word.size()};
      }
    }
  }
  return {};
}

// Runs a parsed command and turns its outcome into the exit code.
int run_command(Command& command)
{
  const OutputOptions output = command.output();
  set_quiet(output.quiet); // usage errors are always reported
  const jwt::Status status = command.run();
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    // Data that did not arrive is a failure, whatever the command concluded.
    set_quiet(false);
    report_error(jwt::make_error(jwt::ErrorKind::io, "cannot write to standard output"), false);
    return static_cast<int>(ExitCode::usage);
  }
  if (status) {
    return static_cast<int>(ExitCode::success);
  }
  report_error(status.error(), output.json);
  return static_cast<int>(exit_code_for(status.error().kind));
}

// Where to read more after a usage error.
std::string help_hint(const std::string& command_name)
{
  return command_name.empty() ? "see 'jwtool --help'" : fmt::format("see 'jwtool help {}'", command_name);
}

std::string empty_value_message(std::string_view flag, const std::string& command_name)
{
  const std::string_view instead = flag == "--store" ? "give --store none for no store" : "leave the flag out";
  return fmt::format("{}: the value is empty (an unset variable?); {} instead ({})",
                     flag,
                     instead,
                     help_hint(command_name));
}

// Why the command line of `command` is refused before parsing, or empty. CLI11 would take the
// word after "--NAME=" as its value: caught here as the empty value it is. On a command that
// judges a token, one word must never both stand for the token and change how it is judged (the
// key, the clock, the store), so values are never joined there.
std::string refuse_joined_flag(const CLI::App& app_command, const Command& command, int argc, char** argv)
{
  const JoinedFlag joined = find_joined_flag(app_command, argc, argv);
  if (joined.flag.empty()) {
    return {};
  }
  if (joined.empty_value) {
    return empty_value_message(joined.flag, app_command.get_name());
  }
  if (!command.judges_token()) {
    return {};
  }
  return fmt::format("write {0} VALUE as two words, not {0}=VALUE: on {1}, one word passed as a token must never "
                     "change how a token is judged ({2})",
                     joined.flag,
                     app_command.get_name(),
                     help_hint(app_command.get_name()));
}

int usage_error(std::string message, bool json)
{
  report_error(jwt::make_error(jwt::ErrorKind::invalid_argument, std::move(message)), json);
  return static_cast<int>(ExitCode::usage);
}

// The help of a command that judges a token, asked for on its own command line: written to
// standard error with exit 2, so that `jwtool verify "$TOKEN"` with TOKEN=--help never passes.
int refuse_help(const CLI::App& command, bool json)
{
  const std::string help = command_help(command);
  static_cast<void>(std::fwrite(help.data(), 1, help.size(), stderr));
  report_error(jwt::make_error(jwt::ErrorKind::invalid_argument,
                               fmt::format("{0} --help exits 2, so that a token that looks like a flag never passes; "
                                           "'jwtool help {0}' exits 0",
                                           command.get_name())),
               json);
  return static_cast<int>(ExitCode::usage);
}

// Reports what CLI11 refused on the command line of `command` (the app itself when no command was
// recognised).
int parse_failure(const CLI::App& command, bool is_subcommand, const CLI::ParseError& error, bool json)
{
  const std::string command_name = is_subcommand ? command.get_name() : std::string();
  std::string message;
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    message = describe_extras(command, is_subcommand ? "jwtool " + command_name : "jwtool");
  }
  if (message.empty()) {
    message = error.what();
  }
  return usage_error(fmt::format("{} ({})", message, help_hint(command_name)), json);
}

} // namespace

namespace {

bool is_registered(CLI::App& app, std::string_view name)
{
  const std::vector<CLI::App*> commands = app.get_subcommands({});
  return std::any_of(commands.begin(), commands.end(), [name](const CLI::App* command) { return command->get_name() == name; });
}

} // namespace

CommandSet::CommandSet(CLI::App& app, std::string_view first_word) : m_app(app), m_built(k_commands.size())
{
  const CommandEntry* alone = nullptr;
  for (const CommandEntry& entry : k_commands) {
    if (first_word == entry.name && !entry.lists_commands) {
      alone = &entry;
    }
  }
  for (const CommandEntry& entry : k_commands) {
    if (alone == nullptr || &entry == alone) {
      app.add_subcommand(entry.name, entry.description);
    }
  }
}

Command* CommandSet::build(std::string_view name)
{
  for (std::size_t i = 0; i < k_commands.size(); ++i) {
    if (name == k_commands[i].name && is_registered(m_app, name)) {
      if (m_built[i] == nullptr) {
        m_built[i] = k_commands[i].make(*m_app.get_subcommand(k_commands[i].name));
      }
      return m_built[i].get();
    }
  }
  return nullptr;
}

void CommandSet::build_all()
{
  for (const CommandEntry& entry : k_commands) {
    build(entry.name);
  }
}

std::string chosen_command_name(int argc, const char* const* argv, const std::vector<std::string>& names)
{
  for (int i = 1; i < argc; ++i) {
    if (std::find(names.begin(), names.end(), argv[i]) != names.end()) {
      return argv[i];
    }
  }
  return {};
}

std::string command_help(const CLI::App& command)
{
  const CLI::App* parent = command.get_parent();
  const std::string name = parent == nullptr ? command.get_name() : parent->get_name() + " " + command.get_name();
  return command.get_formatter()->make_help(&command, name, CLI::AppFormatMode::Normal);
}

std::vector<std::string> all_command_names()
{
  std::vector<std::string> names;
  names.reserve(k_commands.size());
  for (const CommandEntry& entry : k_commands) {
    names.emplace_back(entry.name);
  }
  return names;
}

std::vector<std::string> command_names(const CLI::App& app)
{
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    names.push_back(sub->get_name());
  }
  return names;
}

int run(int argc, char** argv)
{
  CLI::App app(k_description, "jwtool");
  app.set_version_flag("--version", fmt::format("jwtool {}", k_version), "Print the version and exit");
  app.set_help_flag("-h,--help", "Print this help and exit");
  app.require_subcommand(1);
  app.footer(main_footer());
  auto formatter = std::make_shared<HelpFormatter>();
  formatter->column_width(34);
  app.formatter(formatter);

  CommandSet commands(app, argc > 1 ? argv[1] : "");
  const std::vector<std::string> names = all_command_names();
  // Only the command CLI11 will parse the line for gets its flags.
  if (const std::string parsed = chosen_command_name(argc, argv, names); !parsed.empty()) {
    commands.build(parsed);
  }

  const bool json = wants_json(argc, argv);
  if (argc < 2) {
    const std::string help = app.help();
    static_cast<void>(std::fwrite(help.data(), 1, help.size(), stderr));
    return static_cast<int>(ExitCode::usage);
  }
  const std::string first = argv[1];
  if (first.empty() || first[0] != '-') {
    if (std::find(names.begin(), names.end(), first) == names.end()) {
      return usage_error(fmt::format("unknown command {}{}; the commands are {}",
                                     util::quote(first),
                                     did_you_mean(first, names),
                                     fmt::join(names, ", ")),
                         json);
    }
  }

  Command* chosen = commands.build(first);
  if (chosen != nullptr) {
    if (const std::string refusal = refuse_joined_flag(*app.get_subcommand(first), *chosen, argc, argv);
        !refusal.empty()) {
      return usage_error(refusal, json);
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    if (chosen != nullptr && chosen->judges_token()) {
      return refuse_help(*app.get_subcommand(first), json);
    }
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return parse_failure(chosen != nullptr ? *app.get_subcommand(first) : app, chosen != nullptr, e, json);
  }
  if (chosen == nullptr) {
    return usage_error(fmt::format("no command given ({})", help_hint({})), json);
  }
  if (const std::string flag = flag_with_empty_value(*app.get_subcommand(first)); !flag.empty()) {
    return usage_error(empty_value_message(flag, first), json);
  }
  for (const std::string& name : chosen->described_commands(names)) {
    commands.build(name);
  }
  return run_command(*chosen);
}

} // namespace cli
