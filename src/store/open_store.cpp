#include "store/open_store.hpp"

#include "jwt/keys.hpp"
#include "store/redis_store.hpp"
#include "store/sqlite_store.hpp"

#include <fmt/core.h>

#include <charconv>
#include <optional>

namespace store {

namespace {

constexpr std::string_view k_sqlite_scheme = "sqlite:";
constexpr std::string_view k_redis_scheme = "redis://";
constexpr std::string_view k_redis_unix_scheme = "redis+unix://";
constexpr std::string_view k_redis_tls_scheme = "rediss://";
constexpr std::string_view k_forms = "sqlite:PATH, redis://[USER@]HOST[:PORT][/DB] or redis+unix://[USER@]/PATH[?db=DB]";

bool starts_with(std::string_view text, std::string_view prefix)
{
  return text.substr(0, prefix.size()) == prefix;
}

// How a URL that does not parse is named in a message about it: by its scheme only. Any other
// part may hold a password written where it does not belong (a user part, ?password=..., a
// password where the port goes), and a URL that does not parse cannot say which part is which.
std::string shown(std::string_view url)
{
  const auto scheme_end = url.find("://");
  return scheme_end == std::string_view::npos ? std::string("URL (not shown)")
                                              : fmt::format("{}://… (not shown)", url.substr(0, scheme_end));
}

jwt::Error bad_url(std::string_view url, std::string_view why)
{
  return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("store {}: {}", shown(url), why));
}

// A whole decimal number in [min, max], or nullopt.
std::optional<int> parse_number(std::string_view text, int min, int max)
{
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

std::optional<int> parse_database(std::string_view text)
{
  return parse_number(text, 0, 1'000'000);
}

bool is_user_name_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
         || c == '.';
}

// The ACL user of "USER@" (the part of the URL before its last '@' within `authority_end`
// characters of `rest`); `rest` is left after the '@'. Neither the user nor the URL is echoed:
// what was meant as a user name may be a password.
jwt::Result<std::string> take_user(std::string_view url, std::string_view& rest, std::size_t authority_end)
{
  const auto at = rest.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos) {
    return std::string();
  }
  const std::string_view user = rest.substr(0, at);
  rest.remove_prefix(at + 1);
  if (user.find(':') != std::string_view::npos) {
    return bad_url(url,
                   fmt::format("a password in the URL is refused (other processes can read it): {}", k_password_hint));
  }
  if (user.empty()) {
    return bad_url(url, "the user name before '@' is empty");
  }
  for (const char c : user) {
    if (!is_user_name_char(c)) {
      return bad_url(url, "a user name may hold only letters, digits, '-', '_' and '.'");
    }
  }
  return std::string(user);
}

// "[USER@]HOST[:PORT][/DB]", HOST possibly "[IPv6]".
jwt::Result<RedisAddress> parse_redis_address(std::string_view url, std::string_view rest)
{
  RedisAddress address;
  // No host, port or database holds an '@': the user part ends at the last one.
  auto user = take_user(url, rest, rest.size());
  if (!user) {
    return std::move(user).error();
  }
  address.user = std::move(user).value();
  std::string_view authority = rest.substr(0, rest.find('/'));
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return bad_url(url, "options are not supported: redis://[USER@]HOST[:PORT][/DB]");
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return bad_url(url, "an IPv6 address needs its closing ']'");
    }
    address.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') {
      return bad_url(url, "expected ':PORT' after the address");
    }
    port = after.empty() ? after : after.substr(1);
    if (after == ":") {
      return bad_url(url, "the port is empty");
    }
  } else {
    const auto colon = authority.find(':');
    address.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) {
        return bad_url(url, "the port is empty");
      }
    }
  }
  if (address.host.empty()) {
    return bad_url(url, "no host: redis://[USER@]HOST[:PORT][/DB]");
  }
  if (!port.empty()) {
    const auto number = parse_number(port, 1, 65535);
    if (!number) {
      return bad_url(url, "the port is not a number from 1 to 65535");
    }
    address.port = *number;
  }
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    const std::string_view database = rest.substr(slash + 1);
    if (!database.empty()) {
      const auto number = parse_database(database);
      if (!number) {
        return bad_url(url, "the database is not a number");
      }
      address.database = *number;
    }
  }
  return address;
}

// "[USER@]/PATH[?db=DB]": the socket's absolute path, taken as written (no %-decoding).
jwt::Result<RedisAddress> parse_redis_socket(std::string_view url, std::string_view rest)
{
  RedisAddress address;
  auto user = take_user(url, rest, rest.find('/'));
  if (!user) {
    return std::move(user).error();
  }
  address.user = std::move(user).value();
  const auto query = rest.find('?');
  const std::string_view path = rest.substr(0, query);
  if (path.empty() || path.front() != '/') {
    return bad_url(url, "expected the socket's absolute path: redis+unix:///PATH (three slashes)");
  }
  if (path.find('#') != std::string_view::npos) {
    return bad_url(url, "a socket path cannot hold '#'");
  }
  address.socket_path = std::string(path);
  if (query != std::string_view::npos) {
    constexpr std::string_view k_db = "db=";
    const std::string_view options = rest.substr(query + 1);
    if (!starts_with(options, k_db)) {
      return bad_url(url, "the only option is ?db=DB");
    }
    const auto number = parse_database(options.substr(k_db.size()));
    if (!number) {
      return bad_url(url, "the database is not a number");
    }
    address.database = *number;
  }
  return address;
}

// The password from its source; a user without one cannot log in.
jwt::Result<std::unique_ptr<jwt::TokenStore>> open_redis(const RedisAddress& address, const PasswordSource& source)
{
  std::string password;
  if (source) {
    auto read = source();
    if (!read) {
      return std::move(read).error();
    }
    password = std::move(read).value();
  }
  if (password.empty() && !address.user.empty()) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           fmt::format("store {}: a user is named, but no password: {}", redis_name(address),
                                       k_password_hint));
  }
  auto opened = open_redis_store(address, password);
  jwt::wipe(password);
  return opened;
}

} // namespace

jwt::Result<std::unique_ptr<jwt::TokenStore>> open_store(std::string_view url, const PasswordSource& password)
{
  if (starts_with(url, k_sqlite_scheme)) {
    return open_sqlite_store(url.substr(k_sqlite_scheme.size()));
  }
  const bool unix_socket = starts_with(url, k_redis_unix_scheme);
  if (unix_socket || starts_with(url, k_redis_scheme)) {
    auto address = unix_socket ? parse_redis_socket(url, url.substr(k_redis_unix_scheme.size()))
                               : parse_redis_address(url, url.substr(k_redis_scheme.size()));
    if (!address) {
      return std::move(address).error();
    }
    return open_redis(*address, password);
  }
  if (starts_with(url, k_redis_tls_scheme)) {
    // Never echoed: it may hold a password.
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           "store rediss://…: TLS is not supported (this hiredis has no TLS); reach the server "
                           "through a local TLS tunnel (stunnel, socat) and give its redis:// address");
  }
  return bad_url(url, fmt::format("expected {}", k_forms));
}

} // namespace store
