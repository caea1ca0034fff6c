#include "cli/command.hpp"

#include "support.hpp"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace {

std::vector<std::string> all_names()
{
  return {"issue", "refresh", "decode", "verify", "revoke", "keygen", "jwks", "serve", "completion", "help"};
}

// The options of subcommand `name`; an unbuilt one has only the --help it inherits.
std::size_t option_count(const CLI::App& app, const std::string& name)
{
  return app.get_subcommand(name)->get_options().size();
}

std::string chosen(std::vector<const char*> words)
{
  words.insert(words.begin(), "jwtool");
  return cli::chosen_command_name(static_cast<int>(words.size()), words.data(), all_names());
}

} // namespace

TEST_CASE("CommandSet registers every command's name and description, and no flags")
{
  CLI::App app("test", "jwtool");
  cli::CommandSet commands(app);
  CHECK(cli::command_names(app) == all_names());
  CHECK(app.get_subcommand("verify")->get_description() == "Check a token's signature and claims; print its claims");
  for (const std::string& name : all_names()) {
    CHECK(option_count(app, name) == 1);
  }
}

TEST_CASE("CommandSet builds the flags of the commands asked for only")
{
  CLI::App app("test", "jwtool");
  cli::CommandSet commands(app);
  cli::Command* verify = commands.build("verify");
  REQUIRE(verify != nullptr);
  CHECK(verify->judges_token());
  CHECK(commands.build("verify") == verify); // built once
  CHECK(app.get_subcommand("verify")->get_option_no_throw("--secret-file") != nullptr);
  CHECK(app.get_subcommand("issue")->get_option_no_throw("--sub") == nullptr);
  for (const std::string& name : all_names()) {
    if (name != "verify") {
      CHECK(option_count(app, name) == 1);
    }
  }
  CHECK(commands.build("verif") == nullptr);
  CHECK(commands.build("") == nullptr);

  commands.build_all();
  CHECK(app.get_subcommand("issue")->get_option_no_throw("--sub") != nullptr);
  for (const std::string& name : all_names()) {
    CHECK(option_count(app, name) > 1);
  }
}

TEST_CASE("CommandSet: a first word naming a command that lists no others registers that command alone")
{
  SUBCASE("verify")
  {
    CLI::App app("test", "jwtool");
    cli::CommandSet commands(app, "verify");
    CHECK(cli::command_names(app) == std::vector<std::string>{"verify"});
    CHECK(commands.build("verify") != nullptr);
    CHECK(commands.build("issue") == nullptr); // not registered: nothing to build it on
  }
  for (const char* first_word : {"help", "completion", "verif", "--help", "--version", ""}) {
    CAPTURE(first_word);
    CLI::App app("test", "jwtool");
    cli::CommandSet commands(app, first_word);
    CHECK(cli::command_names(app) == all_names());
  }
  CHECK(cli::all_command_names() == all_names());
}

TEST_CASE("chosen_command_name: the first word naming a command, as CLI11 chooses it")
{
  CHECK(chosen({"verify", "--secret-file", "k", "TOKEN"}) == "verify");
  CHECK(chosen({"verify", "issue"}) == "verify");
  CHECK(chosen({"--help", "issue"}) == "issue");
  CHECK(chosen({"--version", "-h", "keygen"}) == "keygen");
  CHECK(chosen({"nope", "decode"}) == "decode");
  CHECK(chosen({"--", "revoke"}) == "revoke"); // CLI11 still takes it as the command
  CHECK(chosen({"--verify", "Verify", "verify=1"}).empty());
  CHECK(chosen({}).empty());
}
