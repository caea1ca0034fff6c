#include "cli/options.hpp"

#include "cli/render.hpp"
#include "jwt/json.hpp"
#include "jwt/jwk.hpp"
#include "jwt/pkey.hpp"
#include "util/text.hpp"
#include "util/io.hpp"
#include "util/process.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fmt/core.h>
#include <unistd.h>

namespace cli {

namespace {

// Largest secret file read; a key longer than a hash block is hashed down anyway.
constexpr std::size_t k_max_secret_bytes = std::size_t{64} * 1024;
// Largest JWK Set read: room for thousands of keys.
constexpr std::size_t k_max_jwks_bytes = std::size_t{1024} * 1024;
// How long a key file may keep jwtool waiting for its next bytes: a FIFO nobody writes to must
// not hang a script, while a pipe (`--secret-file <(pass show jwt-key)`) has time to answer.

// Largest --key file: a key or a certificate is a few kilobytes.
constexpr std::size_t k_max_key_file_bytes = std::size_t{256} * 1024;

constexpr const char* k_secret_env = "JWTOOL_SECRET";
constexpr const char* k_secret_file_env = "JWTOOL_SECRET_FILE";
constexpr const char* k_key_file_env = "JWTOOL_KEY_FILE";

std::string source_name(const std::string& path)
{
  return path == "-" ? "standard input" : fmt::format("\"{}\"", path);
}

jwt::SecretEncoding encoding_from_flag(const std::string& name)
{
  // CLI11 has already restricted the value to these names.
  return name == "base64" ? jwt::SecretEncoding::base64
         : name == "base64url" ? jwt::SecretEncoding::base64url
                               : jwt::SecretEncoding::raw;
}

// Key confusion (RFC 8725 §2.1): a public key's PEM, DER or JWK text used as an HMAC secret would
// let anyone who has the public key forge tokens. Such a "secret" is refused, pointing at the
// flag that takes it.
jwt::Status refuse_key_as_secret(const std::string& source, std::string_view bytes)
{
  const std::string_view text = util::trim(bytes);
  const char* kind = nullptr;
  // Anywhere in the text: a --key file may hold lines before its PEM block (`openssl x509 -text`
  // output, a comment), which OpenSSL skips.
  if (text.find("-----BEGIN ") != std::string_view::npos) {
    kind = "a PEM key or certificate: give it with --key PATH";
  } else if (!text.empty() && text.front() == '{') {
    if (auto json = jwt::parse_json(text); json && json->is_object() && (json->contains("kty") || json->contains("keys"))) {
      kind = "a JWK: give it with --jwks PATH";
    }
  } else if (!bytes.empty() && bytes.front() == '\x30' && jwt::PKey::from_pem_or_der(bytes)) {
    kind = "a DER key or certificate: give it with --key PATH";
  }
  if (kind == nullptr) {
    return jwt::Ok{};
  }
  return jwt::make_error(jwt::ErrorKind::invalid_key, fmt::format("{}: the secret is {}", source, kind));
}

// The secret written in `text`, which came from `source` ("--secret", "$JWTOOL_SECRET", ...).
jwt::Result<jwt::Secret> decode_from(const std::string& source, std::string_view text, const KeyOptions& options,
                                     bool from_file)
{
  const jwt::SecretEncoding encoding = encoding_from_flag(options.encoding);
  auto secret = jwt::decode_secret(text, encoding);
  if (!secret) {
    return jwt::make_error(secret.error().kind, fmt::format("{}: {}", source, secret.error().message));
  }
  // Checked as read too: a DER key may end in a 0x0a byte, and without it no longer reads as a key.
  if (auto confused = refuse_key_as_secret(source, secret->view()); !confused) {
    return std::move(confused).error();
  }
  if (from_file && encoding == jwt::SecretEncoding::raw) {
    secret->strip_trailing_newline(); // as left by `echo secret > file`
    if (secret->empty()) {
      return jwt::make_error(jwt::ErrorKind::invalid_key, fmt::format("{}: the secret is empty", source));
    }
    if (auto confused = refuse_key_as_secret(source, secret->view()); !confused) {
      return std::move(confused).error(); // a DER key followed by a newline
    }
  }
  return secret;
}

jwt::Result<jwt::Secret> read_secret_file(const std::string& source, const std::string& path, const KeyOptions& options)
{
  // The path is not named in errors: a secret given where its file was meant must not be echoed.
  auto bytes = read_flag_file(source, path, k_max_secret_bytes, PathInMessages::hidden, k_key_file_idle_timeout);
  if (!bytes) {
    return std::move(bytes).error();
  }
  auto secret = decode_from(source, *bytes, options, true);
  jwt::wipe(*bytes);
  return secret;
}

jwt::Result<jwt::KeyRing> read_jwks_file(const std::string& source, const std::string& path)
{
  // The path is not named in errors either: a secret pasted here by mistake must not be echoed.
  auto text = read_flag_file(source, path, k_max_jwks_bytes, PathInMessages::hidden, k_key_file_idle_timeout);
  if (!text) {
    return std::move(text).error();
  }
  auto keys = jwt::parse_jwk_set(*text);
  jwt::wipe(*text);
  if (!keys) {
    return jwt::make_error(keys.error().kind, fmt::format("{}: {}", source, keys.error().message));
  }
  return keys;
}

// A PEM or DER key or certificate from `path` ("-": standard input).
jwt::Result<jwt::Key> read_key(const std::string& source, const std::string& path)
{
  // The path is not named in errors: a secret pasted here by mistake must not be echoed.
  auto bytes = read_flag_file(source, path, k_max_key_file_bytes, PathInMessages::hidden, k_key_file_idle_timeout);
  if (!bytes) {
    return std::move(bytes).error();
  }
  auto pkey = jwt::PKey::from_pem_or_der(*bytes);
  // A JWK is a key too, for another flag: say which.
  const bool jwk = !util::trim(*bytes).empty() && util::trim(*bytes).front() == '{';
  jwt::wipe(*bytes);
  if (!pkey) {
    return jwt::make_error(pkey.error().kind,
                           jwk ? fmt::format("{}: the file is JSON, not PEM or DER: give a JWK or JWK Set with --jwks PATH",
                                             source)
                               : fmt::format("{}: {}", source, pkey.error().message));
  }
  jwt::Key key;
  key.pkey = std::move(pkey).value();
  return key;
}

jwt::Result<jwt::KeyRing> read_key_file(const std::string& source, const std::string& path)
{
  auto key = read_key(source, path);
  if (!key) {
    return std::move(key).error();
  }
  jwt::KeyRing keys;
  keys.add(std::move(key).value());
  return keys;
}

// The secret from the flags or, failing them, the environment.
jwt::Result<jwt::Secret> find_secret(const KeyOptions& options)
{
  if (options.secret) {
    print_warning("--secret puts the secret where other processes can read it (ps, /proc); "
                  "prefer --secret-file or $JWTOOL_SECRET");
    return decode_from("--secret", *options.secret, options, false);
  }
  if (!options.secret_file.empty()) {
    return read_secret_file("--secret-file", options.secret_file, options);
  }
  const char* value = std::getenv(k_secret_env);
  const char* file = std::getenv(k_secret_file_env);
  if (value != nullptr && file != nullptr) {
    return jwt::make_error(jwt::ErrorKind::invalid_key,
                           fmt::format("both ${} and ${} are set: unset one", k_secret_env, k_secret_file_env));
  }
  if (const char* key_file = std::getenv(k_key_file_env); key_file != nullptr && (value != nullptr || file != nullptr)) {
    return jwt::make_error(jwt::ErrorKind::invalid_key,
                           fmt::format("both ${} and ${} are set: unset one", value != nullptr ? k_secret_env : k_secret_file_env,
                                       k_key_file_env));
  }
  if (value != nullptr) {
    if (*value == '\0') {
      return jwt::make_error(jwt::ErrorKind::invalid_key, fmt::format("${} is set but empty", k_secret_env));
    }
    return decode_from(fmt::format("${}", k_secret_env), value, options, false);
  }
  if (file != nullptr) {
    return read_secret_file(fmt::format("${}", k_secret_file_env), file, options);
  }
  return jwt::make_error(jwt::ErrorKind::invalid_key,
                         fmt::format("no key: give --secret-file PATH, --key PATH, --jwks PATH or --secret VALUE, "
                                     "or set ${}, ${} or ${}",
                                     k_secret_env,
                                     k_secret_file_env,
                                     k_key_file_env));
}

} // namespace

jwt::Result<std::string> read_flag_file(std::string_view flag,
                                        const std::string& path,
                                        std::size_t limit,
                                        PathInMessages shown,
                                        std::optional<std::chrono::seconds> idle_timeout)
{
  if (path == "-" && util::is_terminal(STDIN_FILENO)) {
    // Never wait silently on a terminal; and a secret typed there would be echoed.
    if (shown == PathInMessages::hidden) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             fmt::format("{} -: standard input is a terminal; pipe the secret in "
                                         "(or give a file)", flag));
    }
    print_note(fmt::format("{}: reading standard input (end with Ctrl-D)", flag));
    idle_timeout.reset(); // a person typing may pause
  }
  const util::IdleTimeout idle(idle_timeout);
  util::ReadResult read = path == "-" ? util::read_fd(STDIN_FILENO, limit, idle) : util::read_file(path, limit, idle);
  const std::string where = path == "-" || shown == PathInMessages::shown ? source_name(path) : "the file";
  if (read.timed_out) {
    jwt::wipe(read.data);
    return jwt::make_error(jwt::ErrorKind::io,
                           fmt::format("{}: no data arrived for {} seconds: nothing writes to {}", flag,
                                       idle_timeout.value_or(std::chrono::seconds{0}).count(),
                                       path == "-" ? "standard input" : "the file"));
  }
  if (!read.error.empty()) {
    jwt::wipe(read.data);
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("{}: cannot read {}: {}", flag, where, read.error));
  }
  if (read.too_large) {
    jwt::wipe(read.data);
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           fmt::format("{}: {} holds more than the limit of {} bytes", flag, where, limit));
  }
  jwt::Result<std::string> contents(read.data);
  jwt::wipe(read.data);
  return contents;
}

void add_key_options(CLI::App& command, KeyOptions& options, KeyUse use)
{
  auto* secret = command
                   .add_option("--secret",
                               options.secret,
                               "The HMAC secret itself (other processes can see it: prefer --secret-file)")
                   ->type_name("VALUE")
                   ->group("Key");
  auto* secret_file = command
                        .add_option("--secret-file",
                                    options.secret_file,
                                    "Read the HMAC secret from PATH ('-' for standard input); a trailing "
                                    "newline is dropped")
                        ->type_name("PATH")
                        ->group("Key")
                        ->excludes(secret);
  auto* jwks = command
                 .add_option("--jwks",
                             options.jwks,
                             "Read the keys from a JWK or JWK Set (\"oct\", \"RSA\", \"EC\" or \"OKP\" keys) in PATH ('-' for standard "
                             "input); a token's kid picks the key")
                 ->type_name("PATH")
                 ->group("Key")
                 ->excludes(secret)
                 ->excludes(secret_file);
  auto* key_file = command
                     .add_option("--key",
                                 options.key_file,
                                 "Read a PEM or DER key (private, public, or an X.509 certificate) for RS*, PS*, "
                                 "ES* or EdDSA from PATH ('-' for standard input)")
                     ->type_name("PATH")
                     ->group("Key")
                     ->excludes(secret)
                     ->excludes(secret_file)
                     ->excludes(jwks);
  command
    .add_option("--secret-encoding",
                options.encoding,
                "How the secret (--secret, --secret-file, $JWTOOL_SECRET, $JWTOOL_SECRET_FILE) is written: "
                "raw bytes (default), base64 or base64url")
    ->type_name("ENCODING")
    ->group("Key")
    ->check(CLI::IsMember({"raw", "base64", "base64url"}))
    ->excludes(jwks)
    ->excludes(key_file);
  if (use == KeyUse::mint) {
    command
      .add_flag("--allow-weak-key",
                options.allow_weak_key,
                "Sign even with a weak key: an HMAC secret shorter than the hash (32/48/64 bytes, RFC 7518 "
                "§3.2), an RSA key under 2048 bits (§3.3)")
      ->group("Key");
  }
}

bool names_stdin(const std::string& path)
{
  return path == "-" || (!path.empty() && util::names_open_file(path, STDIN_FILENO));
}

bool key_uses_stdin(const KeyOptions& options)
{
  if (options.secret || !options.secret_file.empty() || !options.jwks.empty() || !options.key_file.empty()) {
    return names_stdin(options.secret_file) || names_stdin(options.jwks) || names_stdin(options.key_file);
  }
  const char* file = std::getenv(k_secret_file_env);
  const char* key_file = std::getenv(k_key_file_env);
  return (file != nullptr && names_stdin(file)) || (key_file != nullptr && names_stdin(key_file));
}

jwt::Result<jwt::Key> load_key_file(const std::string& source, const std::string& path)
{
  static_cast<void>(util::forbid_core_dumps()); // as load_keys: before any key is read
  return read_key(source, path);
}

jwt::Result<jwt::KeyRing> load_jwks_file(const std::string& source, const std::string& path)
{
  static_cast<void>(util::forbid_core_dumps());
  return read_jwks_file(source, path);
}

jwt::Result<jwt::KeyRing> load_keys(const KeyOptions& options)
{
  // Before any key is read: a core dump (or a debugger of the same user) would show it.
  static_cast<void>(util::forbid_core_dumps());
  if (!options.jwks.empty()) {
    if (options.jwks.rfind("https://", 0) == 0 || options.jwks.rfind("http://", 0) == 0) {
      // Only verify and revoke fetch keys (cli/remote_keys.hpp); here a URL is no file either.
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             "--jwks URL: keys are fetched only to verify (verify, revoke): give a file");
    }
    return read_jwks_file("--jwks", options.jwks);
  }
  if (!options.key_file.empty()) {
    return read_key_file("--key", options.key_file);
  }
  if (const char* key_file = std::getenv(k_key_file_env);
      key_file != nullptr && !options.secret && options.secret_file.empty() && std::getenv(k_secret_env) == nullptr
      && std::getenv(k_secret_file_env) == nullptr) {
    if (*key_file == '\0') {
      return jwt::make_error(jwt::ErrorKind::invalid_key, fmt::format("${} is set but empty", k_key_file_env));
    }
    return read_key_file(fmt::format("${}", k_key_file_env), key_file);
  }
  auto secret = find_secret(options);
  if (!secret) {
    return std::move(secret).error();
  }
  jwt::KeyRing keys;
  keys.add(jwt::Key{std::move(secret).value(), std::nullopt, {}, std::nullopt});
  return keys;
}

jwt::Status check_minting_key(const KeyOptions& options, const jwt::Key& key, jwt::Algorithm alg)
{
  if (auto may_sign = jwt::check_may_sign(key); !may_sign) {
    return may_sign;
  }
  const std::string weakness = key.weakness(alg);
  if (weakness.empty() || options.allow_weak_key) {
    return jwt::Ok{};
  }
  return jwt::make_error(jwt::ErrorKind::weak_key,
                         fmt::format("{}: use a longer key (jwtool keygen --alg {}), or --allow-weak-key to sign anyway",
                                     weakness,
                                     jwt::algorithm_name(alg)));
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

void add_quiet_option(CLI::App& command, OutputOptions& options)
{
  command.add_flag("-q,--quiet", options.quiet, "Print nothing, not even errors: only the exit code tells")
    ->group("Output");
}

void add_colour_option(CLI::App& command, OutputOptions& options)
{
  command
    .add_option("--color",
                options.colour,
                "Colour the view for people: auto (a terminal without NO_COLOR), always or never")
    ->type_name("WHEN")
    ->check(CLI::IsMember({"auto", "always", "never"}))
    ->group("Output");
}

const std::vector<std::string>& algorithm_flag_values()
{
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const jwt::Algorithm alg : jwt::k_jose_algorithms) {
      all.emplace_back(jwt::algorithm_name(alg));
    }
    return all;
  }();
  return names;
}

void add_alg_option(CLI::App& command, std::string& alg, const std::string& what)
{
  command.add_option("--alg", alg, what)
    ->type_name("ALG")
    ->check(CLI::IsMember(algorithm_flag_values()));
}

jwt::Algorithm algorithm_from_flag(const std::string& name)
{
  // CLI11 has already restricted the value to the names of algorithm_flag_values().
  return jwt::parse_jose_algorithm(name).value_or(jwt::Algorithm::hs256);
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
