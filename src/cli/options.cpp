#include "cli/options.hpp"

#include "jwt/token.hpp"
#include "util/io.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fmt/core.h>
#include <unistd.h>

namespace cli {

namespace {

// Largest secret file read; a key longer than a hash block is hashed down anyway.
constexpr std::size_t k_max_secret_bytes = 64 * 1024;

constexpr const char* k_secret_env = "JWTOOL_SECRET";

jwt::Result<jwt::Secret> read_secret_file(const std::string& path)
{
  const bool from_stdin = path == "-";
  util::ReadResult read = from_stdin ? util::read_fd(STDIN_FILENO, k_max_secret_bytes)
                                     : util::read_file(path, k_max_secret_bytes);
  const std::string where = from_stdin ? "standard input" : fmt::format("\"{}\"", path);
  jwt::Secret secret(read.data);
  jwt::wipe(read.data);
  if (!read.error.empty()) {
    return jwt::make_error(jwt::ErrorKind::io,
                           fmt::format("--secret-file: cannot read {}: {}", where, read.error));
  }
  if (read.too_large) {
    return jwt::make_error(jwt::ErrorKind::invalid_key,
                           fmt::format("--secret-file: {} holds more than {} bytes; that is not a key",
                                       where,
                                       k_max_secret_bytes));
  }
  secret.strip_trailing_newline();
  if (secret.empty()) {
    return jwt::make_error(jwt::ErrorKind::invalid_key, fmt::format("--secret-file: {} is empty", where));
  }
  return secret;
}

} // namespace

void add_key_options(CLI::App& command, KeyOptions& options)
{
  command
    .add_option("--secret-file",
                options.secret_file,
                "Read the HMAC secret from PATH ('-' for standard input); a trailing newline is "
                "dropped. Without it, the secret is taken from $JWTOOL_SECRET")
    ->type_name("PATH")
    ->group("Key");
}

bool key_uses_stdin(const KeyOptions& options)
{
  return options.secret_file == "-";
}

jwt::Result<jwt::KeyRing> load_keys(const KeyOptions& options)
{
  jwt::Secret secret;
  if (!options.secret_file.empty()) {
    auto read = read_secret_file(options.secret_file);
    if (!read) {
      return std::move(read).error();
    }
    secret = std::move(read).value();
  } else if (const char* value = std::getenv(k_secret_env); value != nullptr) {
    if (*value == '\0') {
      return jwt::make_error(jwt::ErrorKind::invalid_key, fmt::format("${} is set but empty", k_secret_env));
    }
    secret = jwt::Secret(value);
  } else {
    return jwt::make_error(jwt::ErrorKind::invalid_key,
                           fmt::format("no key: give --secret-file PATH or set ${}", k_secret_env));
  }
  jwt::KeyRing keys;
  keys.add(jwt::Key{std::move(secret), {}, std::nullopt});
  return keys;
}

void add_clock_options(CLI::App& command, ClockOptions& options)
{
  command
    .add_option("--now",
                options.now,
                "Use TIME as the current time: Unix seconds, RFC 3339 (2024-05-01T12:00:00Z), "
                "or an offset from the real clock (+8d, -1h)")
    ->type_name("TIME")
    ->group("Clock");
}

jwt::Result<jwt::NumericDate> resolve_now(const ClockOptions& options)
{
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const jwt::NumericDate real_now{std::chrono::duration<double>(since_epoch).count()};
  if (options.now.empty()) {
    return real_now;
  }
  auto now = jwt::parse_time(options.now, real_now);
  if (!now) {
    return jwt::make_error(now.error().kind, "--now: " + now.error().message);
  }
  return now;
}

void add_json_option(CLI::App& command, OutputOptions& options)
{
  command
    .add_flag("--json",
              options.json,
              "Write exactly one JSON object to standard output, on success and on failure "
              "(then with \"error\" and \"message\" members)")
    ->group("Output");
}

void add_alg_option(CLI::App& command, std::string& alg, const std::string& what)
{
  command.add_option("--alg", alg, what)
    ->type_name("ALG")
    ->check(CLI::IsMember({"HS256", "HS384", "HS512"}));
}

jwt::Algorithm algorithm_from_flag(const std::string& name)
{
  // CLI11 has already restricted the value to the three names.
  return jwt::parse_algorithm(name).value_or(jwt::Algorithm::hs256);
}

jwt::Result<std::chrono::seconds> duration_from_flag(const std::string& flag,
                                                     const std::string& text,
                                                     ZeroDuration zero)
{
  auto duration = jwt::parse_duration(text);
  if (!duration) {
    return jwt::make_error(duration.error().kind, fmt::format("{}: {}", flag, duration.error().message));
  }
  if (zero == ZeroDuration::refused && duration->count() == 0) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("{}: the duration must be positive", flag));
  }
  return duration;
}

} // namespace cli
