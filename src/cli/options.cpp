#include "cli/options.hpp"

#include "jwt/jwk.hpp"
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
// Largest JWK Set read: room for thousands of keys.
constexpr std::size_t k_max_jwks_bytes = 1024 * 1024;

constexpr const char* k_secret_env = "JWTOOL_SECRET";

std::string source_name(const std::string& path)
{
  return path == "-" ? "standard input" : fmt::format("\"{}\"", path);
}

// Reads a key file ("-": standard input) for `flag`, within `limit` bytes. The caller owns
// the bytes and wipes them.
jwt::Result<std::string> read_key_file(std::string_view flag, const std::string& path, std::size_t limit)
{
  util::ReadResult read = path == "-" ? util::read_fd(STDIN_FILENO, limit) : util::read_file(path, limit);
  const std::string where = source_name(path);
  if (!read.error.empty()) {
    jwt::wipe(read.data);
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("{}: cannot read {}: {}", flag, where, read.error));
  }
  if (read.too_large) {
    jwt::wipe(read.data);
    return jwt::make_error(jwt::ErrorKind::invalid_key,
                           fmt::format("{}: {} holds more than {} bytes; that is not a key", flag, where, limit));
  }
  return std::move(read.data);
}

jwt::Result<jwt::Secret> read_secret_file(const std::string& path)
{
  auto bytes = read_key_file("--secret-file", path, k_max_secret_bytes);
  if (!bytes) {
    return std::move(bytes).error();
  }
  jwt::Secret secret(*bytes);
  jwt::wipe(*bytes);
  secret.strip_trailing_newline();
  if (secret.empty()) {
    return jwt::make_error(jwt::ErrorKind::invalid_key, fmt::format("--secret-file: {} is empty", source_name(path)));
  }
  return secret;
}

jwt::Result<jwt::KeyRing> read_jwks_file(const std::string& path)
{
  auto text = read_key_file("--jwks", path, k_max_jwks_bytes);
  if (!text) {
    return std::move(text).error();
  }
  auto keys = jwt::parse_jwk_set(*text);
  jwt::wipe(*text);
  if (!keys) {
    return jwt::make_error(keys.error().kind, "--jwks: " + keys.error().message);
  }
  return keys;
}

} // namespace

void add_key_options(CLI::App& command, KeyOptions& options)
{
  auto* secret_file = command
                        .add_option("--secret-file",
                                    options.secret_file,
                                    "Read the HMAC secret from PATH ('-' for standard input); a trailing "
                                    "newline is dropped. Without a key flag, $JWTOOL_SECRET is used")
                        ->type_name("PATH")
                        ->group("Key");
  command
    .add_option("--jwks",
                options.jwks,
                "Read the keys from a JWK or JWK Set of \"oct\" keys in PATH ('-' for standard input); "
                "a token's kid picks the key")
    ->type_name("PATH")
    ->group("Key")
    ->excludes(secret_file);
}

bool key_uses_stdin(const KeyOptions& options)
{
  return options.secret_file == "-" || options.jwks == "-";
}

jwt::Result<jwt::KeyRing> load_keys(const KeyOptions& options)
{
  if (!options.jwks.empty()) {
    return read_jwks_file(options.jwks);
  }
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
                           fmt::format("no key: give --secret-file PATH or --jwks PATH, or set ${}", k_secret_env));
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
