#include "cli/command.hpp"
#include "cli/render.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/core.h>
#include <fmt/format.h>
#include <string>
#include <utility>

namespace cli {

namespace {

// What the shells need to know of one flag, read off its CLI11 definition.
struct FlagInfo {
  std::string long_name;   // "--alg"
  std::string short_name;  // "-q" or empty
  std::string description; // one line, for zsh and fish
  bool takes_value = false;
  bool is_path = false;             // complete file names
  std::vector<std::string> choices; // fixed values, from an IsMember check
};

struct CommandInfo {
  std::string name;
  std::string description;
  std::vector<FlagInfo> flags;
  std::vector<std::string> argument_choices; // fixed values of a positional argument
};

// CLI11 writes an IsMember check into the type name: "ALG:{HS256,HS384,HS512}".
std::vector<std::string> choices_of(const std::string& type_name)
{
  std::vector<std::string> choices;
  const auto open = type_name.find('{');
  const auto close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) {
    return choices;
  }
  std::string_view list = std::string_view(type_name).substr(open + 1, close - open - 1);
  while (!list.empty()) {
    const auto comma = std::min(list.find(','), list.size());
    choices.emplace_back(list.substr(0, comma));
    list.remove_prefix(std::min(comma + 1, list.size()));
  }
  return choices;
}

std::string without_trailing_separators(std::string text)
{
  while (!text.empty() && (text.back() == ' ' || text.back() == ',')) {
    text.pop_back();
  }
  return text;
}

// A description cut to its first clause: one line in a menu.
std::string first_clause(std::string text)
{
  text.resize(std::min(text.size(), text.find_first_of(";(\n")));
  return without_trailing_separators(std::move(text));
}

// zsh: text inside a single-quoted word, where nothing is special but the quote itself, which
// ends the word: it is written '\'' (end, an escaped quote, start again).
std::string zsh_quoted_body(const std::string& text)
{
  std::string out;
  for (const char c : text) {
    out += c == '\'' ? std::string(R"('\'')") : std::string(1, c);
  }
  return out;
}

// A command's description in _describe's 'name:description' (split at the name's first colon:
// the description is taken as it is).
std::string zsh_description(const std::string& text)
{
  return zsh_quoted_body(without_trailing_separators(text));
}

// A flag's explanation in _arguments' '--flag[explanation]': read up to the first ']' that no
// backslash escapes, backslashes removed; colons and quotes are plain text there.
std::string zsh_explanation(const std::string& text)
{
  std::string out;
  for (const char c : without_trailing_separators(text)) {
    if (c == '\\' || c == '[' || c == ']') {
      out += '\\';
    }
    out += c;
  }
  return zsh_quoted_body(out);
}

// fish: the text in single quotes, where only a backslash and a quote need escaping.
std::string fish_quoted(const std::string& text)
{
  std::string out = "'";
  for (const char c : text) {
    if (c == '\\' || c == '\'') {
      out += '\\';
    }
    out += c;
  }
  return out + "'";
}

std::vector<CommandInfo> describe(const CLI::App& app)
{
  std::vector<CommandInfo> commands;
  for (const CLI::App* sub : app.get_subcommands({})) {
    CommandInfo command{sub->get_name(), first_clause(sub->get_description()), {}, {}};
    for (const CLI::Option* option : sub->get_options()) {
      if (option->get_lnames().empty()) {
        command.argument_choices = choices_of(option->get_type_name()); // a positional
        continue;
      }
      FlagInfo flag;
      flag.long_name = "--" + option->get_lnames().front();
      flag.short_name = option->get_snames().empty() ? "" : "-" + option->get_snames().front();
      flag.description = first_clause(option->get_description());
      flag.takes_value = option->get_items_expected_max() > 0;
      const std::string type_name = option->get_type_name();
      flag.is_path = type_name.rfind("PATH", 0) == 0;
      flag.choices = choices_of(type_name);
      command.flags.push_back(std::move(flag));
    }
    commands.push_back(std::move(command));
  }
  return commands;
}

std::string bash_script(const std::vector<CommandInfo>& commands)
{
  std::vector<std::string> names;
  std::string value_cases;
  std::string flag_cases;
  for (const auto& command : commands) {
    names.push_back(command.name);
    std::vector<std::string> flags = command.argument_choices;
    for (const auto& flag : command.flags) {
      flags.push_back(flag.long_name);
      if (!flag.short_name.empty()) {
        flags.push_back(flag.short_name);
      }
      if (!flag.takes_value) {
        continue;
      }
      const std::string action = !flag.choices.empty()
                                   ? fmt::format(R"SH(COMPREPLY=($(compgen -W "{}" -- "$cur")))SH", fmt::join(flag.choices, " "))
                                 : flag.is_path ? std::string(R"SH(COMPREPLY=($(compgen -f -- "$cur")))SH")
                                                : std::string("COMPREPLY=()");
      value_cases += fmt::format("  {}:{}) {}; return ;;\n", command.name, flag.long_name, action);
    }
    flag_cases += fmt::format("  {}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")) ;;\n", command.name, fmt::join(flags, " "));
  }
  return fmt::format(R"SH(# bash completion for jwtool; generated by `jwtool completion bash`.
_jwtool() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} command= i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${{COMP_WORDS[i]}} in
    {names_alt}) command=${{COMP_WORDS[i]}}; break ;;
    esac
  done
  if [[ -z $command ]]; then
    COMPREPLY=($(compgen -W "{names} --help --version" -- "$cur"))
    return
  fi
  case $command:$prev in
{value_cases}  esac
  case $command in
{flag_cases}  esac
}}
complete -o filenames -F _jwtool jwtool
)SH",
                     fmt::arg("names_alt", fmt::join(names, "|")),
                     fmt::arg("names", fmt::join(names, " ")),
                     fmt::arg("value_cases", value_cases),
                     fmt::arg("flag_cases", flag_cases));
}

std::string zsh_script(const std::vector<CommandInfo>& commands)
{
  std::string described;
  std::string cases;
  for (const auto& command : commands) {
    described += fmt::format("    '{}:{}'\n", command.name, zsh_description(command.description));
    std::string specs;
    for (const auto& flag : command.flags) {
      const std::string value = !flag.takes_value ? std::string()
                                : !flag.choices.empty() ? fmt::format(":value:({})", fmt::join(flag.choices, " "))
                                : flag.is_path          ? std::string(":file:_files")
                                                        : std::string(":value:");
      // A flag with two names: '(-q --quiet)'{-q,--quiet}'[...]', brace expansion outside quotes.
      const std::string names = flag.short_name.empty()
                                  ? fmt::format("'{}", flag.long_name)
                                  : fmt::format("'({0} {1})'{{{0},{1}}}'", flag.short_name, flag.long_name);
      specs += fmt::format(" \\\n        {}[{}]{}'", names, zsh_explanation(flag.description), value);
    }
    const std::string argument = command.argument_choices.empty()
                                   ? std::string("'*:token:'")
                                   : fmt::format("':argument:({})'", fmt::join(command.argument_choices, " "));
    cases += fmt::format("    {})\n      _arguments{} \\\n        {}\n      ;;\n", command.name, specs, argument);
  }
  return fmt::format(R"SH(#compdef jwtool
# zsh completion for jwtool; generated by `jwtool completion zsh`.
_jwtool() {{
  local -a commands
  commands=(
{described}  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local command=$words[2]
  shift words
  (( CURRENT-- ))
  case $command in
{cases}  esac
}}
_jwtool "$@"
)SH",
                     fmt::arg("described", described),
                     fmt::arg("cases", cases));
}

std::string fish_script(const std::vector<CommandInfo>& commands)
{
  std::vector<std::string> names;
  names.reserve(commands.size());
  for (const auto& command : commands) {
    names.push_back(command.name);
  }
  std::string out = "# fish completion for jwtool; generated by `jwtool completion fish`.\ncomplete -c jwtool -f\n";
  for (const auto& command : commands) {
    out += fmt::format("complete -c jwtool -n 'not __fish_seen_subcommand_from {}' -a {} -d {}\n",
                       fmt::join(names, " "),
                       command.name,
                       fish_quoted(command.description));
    if (!command.argument_choices.empty()) {
      out += fmt::format("complete -c jwtool -n '__fish_seen_subcommand_from {}' -a '{}'\n",
                         command.name,
                         fmt::join(command.argument_choices, " "));
    }
    for (const auto& flag : command.flags) {
      std::string line = fmt::format("complete -c jwtool -n '__fish_seen_subcommand_from {}' -l {}",
                                     command.name,
                                     flag.long_name.substr(2));
      if (!flag.short_name.empty()) {
        line += fmt::format(" -s {}", flag.short_name.substr(1));
      }
      if (!flag.choices.empty()) {
        // Each value with an empty description of its own ("raw\t''"): without one, fish shows
        // the flag's description beside every value.
        line += fmt::format(R"( -x -a "{}\t''")", fmt::join(flag.choices, R"(\t'' )"));
      } else if (flag.is_path) {
        line += " -r -F";
      } else if (flag.takes_value) {
        line += " -x";
      }
      out += line + fmt::format(" -d {}\n", fish_quoted(flag.description));
    }
  }
  return out;
}

class CompletionCommand final : public Command
{
public:
  explicit CompletionCommand(CLI::App& command) : m_app(*command.get_parent())
  {
    CLI::App* cmd = &command;
    cmd->add_option("shell", m_shell, "The shell: bash, zsh or fish")
      ->required()
      ->type_name("SHELL")
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    cmd->footer(R"TXT(The scripts are made from jwtool's own command definitions, so they list exactly its flags.
`cmake --install` and the Debian package put them where bash-completion, zsh and fish look
(fish 3.6 searches /usr/local only when XDG_DATA_DIRS names /usr/local/share).

Examples:
  source <(jwtool completion bash)
  jwtool completion zsh > "${fpath[1]}/_jwtool"
  jwtool completion fish > ~/.config/fish/completions/jwtool.fish)TXT");
  }

  // The scripts list every command's flags.
  std::vector<std::string> described_commands(const std::vector<std::string>& names) const override
  {
    return names;
  }

  jwt::Status run() override
  {
    const std::vector<CommandInfo> commands = describe(m_app);
    const std::string script = m_shell == "bash"  ? bash_script(commands)
                               : m_shell == "zsh" ? zsh_script(commands)
                                                  : fish_script(commands);
    // A failed write shows in main's check of standard output at the end.
    static_cast<void>(std::fwrite(script.data(), 1, script.size(), stdout));
    return jwt::Ok{};
  }

private:
  const CLI::App& m_app;
  std::string m_shell;
};

} // namespace

std::unique_ptr<Command> make_completion_command(CLI::App& command)
{
  return std::make_unique<CompletionCommand>(command);
}

} // namespace cli
