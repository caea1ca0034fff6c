#include "cli/store_options.hpp"

#include "cli/options.hpp"
#include "store/open_store.hpp"
#include "util/process.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fmt/core.h>

namespace cli {

namespace {

constexpr const char* k_store_env = "JWTOOL_STORE";
constexpr const char* k_password_env = "JWTOOL_STORE_PASSWORD";
constexpr const char* k_password_file_env = "JWTOOL_STORE_PASSWORD_FILE";
constexpr std::string_view k_no_store = "none";
constexpr std::size_t k_max_password_bytes = std::size_t{64} * 1024;

// The password in a file, without the line end `echo` leaves. Neither the path nor the password
// is named in errors: a password given where its file was meant must not be echoed.
jwt::Result<std::string> read_password_file(const std::string& source, const std::string& path)
{
  if (path == "-") {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           fmt::format("{}: give a file, not standard input (it carries tokens)", source));
  }
  auto read = read_flag_file(source, path, k_max_password_bytes, PathInMessages::hidden, k_key_file_idle_timeout);
  if (!read) {
    return std::move(read).error();
  }
  std::string password = std::move(read).value();
  if (!password.empty() && password.back() == '\n') {
    password.pop_back();
    if (!password.empty() && password.back() == '\r') {
      password.pop_back();
    }
  }
  if (password.empty()) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("{}: the password is empty", source));
  }
  return password;
}

// The password from the flag or, failing it, the environment; empty when none is given.
jwt::Result<std::string> find_password(const StoreOptions& options)
{
  // Before the password is read: a core dump (or a debugger of the same user) would show it.
  static_cast<void>(util::forbid_core_dumps());
  if (!options.password_file.empty()) {
    return read_password_file("--store-password-file", options.password_file);
  }
  const char* value = std::getenv(k_password_env);
  const char* file = std::getenv(k_password_file_env);
  if (value != nullptr && file != nullptr) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           fmt::format("both ${} and ${} are set: unset one", k_password_env, k_password_file_env));
  }
  if (file != nullptr) {
    if (*file == '\0') {
      return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("${} is set but empty", k_password_file_env));
    }
    return read_password_file(fmt::format("${}", k_password_file_env), file);
  }
  if (value != nullptr) {
    if (*value == '\0') {
      return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("${} is set but empty", k_password_env));
    }
    return std::string(value);
  }
  return std::string();
}

} // namespace

void add_store_option(CLI::App& command, StoreOptions& options)
{
  command
    .add_option("--store",
                options.url,
                "Token store for rotation and revocation: sqlite:PATH, redis://[USER@]HOST[:PORT][/DB] or "
                "redis+unix://[USER@]/PATH[?db=DB]; none: no store (default: $JWTOOL_STORE; unset: none)")
    ->type_name("URL") // an empty value is refused with the others (app.cpp), pointing at "none"
    ->group("Store");
  command
    .add_option("--store-password-file",
                options.password_file,
                "File holding the Redis store's password (default: $JWTOOL_STORE_PASSWORD_FILE, "
                "$JWTOOL_STORE_PASSWORD)")
    ->type_name("PATH")
    ->group("Store");
}

jwt::Result<std::string> store_url(const StoreOptions& options)
{
  if (!options.url.empty()) {
    return options.url == k_no_store ? std::string() : options.url;
  }
  const char* url = std::getenv(k_store_env);
  if (url != nullptr && *url == '\0') {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           fmt::format("${} is set but empty: unset it, or set it to {} for no store", k_store_env,
                                       k_no_store));
  }
  return url == nullptr || url == k_no_store ? std::string() : std::string(url);
}

jwt::Result<std::unique_ptr<jwt::TokenStore>> open_store(const StoreOptions& options)
{
  auto url = store_url(options);
  if (!url) {
    return std::move(url).error();
  }
  if (url->empty()) {
    return std::unique_ptr<jwt::TokenStore>();
  }
  return store::open_store(*url, [&options]() { return find_password(options); });
}

} // namespace cli
