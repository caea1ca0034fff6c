#include "cli/app.hpp"

#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/render.hpp"
#include "cli/version.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <fmt/format.h>
#include <string>
#include <vector>

namespace cli {

namespace {

constexpr const char* k_description =
  "jwtool issues, refreshes, decodes and verifies JSON Web Tokens signed with HMAC "
  "(HS256, HS384, HS512).";

std::string main_footer()
{
  return fmt::format(R"TXT(Exit codes:
{}
Environment:
  JWTOOL_SECRET       the HMAC secret, when no key flag is given
  JWTOOL_SECRET_FILE  a file holding it, likewise (set one of the two, not both)
  JWTOOL_STORE        the token store, when no --store is given (sqlite:PATH, redis://HOST:PORT, none)
  JWTOOL_STORE_PASSWORD       a Redis store's password, when no --store-password-file is given
  JWTOOL_STORE_PASSWORD_FILE  a file holding it, likewise (set one of the two, not both)

Examples:
  export JWTOOL_SECRET="$(head -c 32 /dev/urandom | base64)"
  jwtool issue --sub alice --type pair               # login: access + refresh token
  jwtool verify --type access "$ACCESS_TOKEN"        # check a token on a protected call
  jwtool refresh "$REFRESH_TOKEN"                    # new access token
  jwtool refresh --rotate --store sqlite:jwtool.db "$REFRESH_TOKEN"   # new access + refresh token
  jwtool revoke --store sqlite:jwtool.db "$TOKEN"    # refused from now on (exit 6)
  jwtool decode "$TOKEN"                             # look inside, without a key

Run 'jwtool COMMAND --help' for a command's flags.)TXT",
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

std::vector<std::string> subcommand_names(const CLI::App& app)
{
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    names.push_back(sub->get_name());
  }
  return names;
}

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
  for (const std::string& extra : extras) {
    if (extra.size() > 1 && extra[0] == '-') {
      const std::string flag = extra.substr(0, extra.find('='));
      return fmt::format("unknown option {} for \"{}\"{}",
                         util::quote(flag),
                         command_name,
                         did_you_mean(flag, option_names(command)));
    }
  }
  if (!extras.empty()) {
    return fmt::format("unexpected argument {} for \"{}\"", util::quote(extras.front()), command_name);
  }
  return {};
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

int usage_error(std::string message, bool json)
{
  report_error(jwt::make_error(jwt::ErrorKind::invalid_argument, std::move(message)), json);
  return static_cast<int>(ExitCode::usage);
}

} // namespace

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

  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(make_issue_command(app));
  commands.push_back(make_refresh_command(app));
  commands.push_back(make_decode_command(app));
  commands.push_back(make_verify_command(app));
  commands.push_back(make_revoke_command(app));
  commands.push_back(make_keygen_command(app));
  commands.push_back(make_completion_command(app));
  const std::vector<std::string> names = subcommand_names(app);

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const CLI::App* command = &app;
    std::string command_name = "jwtool";
    if (std::find(names.begin(), names.end(), first) != names.end()) {
      command = app.get_subcommand(first);
      command_name = "jwtool " + first;
    }
    std::string message;
    if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
      message = describe_extras(*command, command_name);
    }
    if (message.empty()) {
      message = e.what();
    }
    return usage_error(fmt::format("{} (see '{} --help')", message, command_name), json);
  }

  for (std::size_t i = 0; i < commands.size(); ++i) {
    if (!app.got_subcommand(names[i])) {
      continue;
    }
    const OutputOptions output = commands[i]->output();
    set_quiet(output.quiet); // usage errors above are always reported
    const jwt::Status status = commands[i]->run();
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
  return usage_error("no command given (see 'jwtool --help')", json);
}

} // namespace cli
