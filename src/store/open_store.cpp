#include "store/open_store.hpp"

#include "store/redis_store.hpp"
#include "store/sqlite_store.hpp"

#include <fmt/core.h>

#include <charconv>
#include <optional>

namespace store {

namespace {

constexpr std::string_view k_sqlite_scheme = "sqlite:";
constexpr std::string_view k_redis_scheme = "redis://";

jwt::Error bad_url(std::string_view url, std::string_view why)
{
  return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("store \"{}\": {}", url, why));
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

// "HOST[:PORT][/DB]", HOST possibly "[IPv6]".
jwt::Result<RedisAddress> parse_redis_address(std::string_view url, std::string_view rest)
{
  RedisAddress address;
  std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.find_first_of("@?#") != std::string_view::npos || rest.find_first_of("?#") != std::string_view::npos) {
    return bad_url(url, "user names, passwords and options are not supported: redis://HOST[:PORT][/DB]");
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
    return bad_url(url, "no host: redis://HOST[:PORT][/DB]");
  }
  if (!port.empty()) {
    const auto number = parse_number(port, 1, 65535);
    if (!number) {
      return bad_url(url, fmt::format("the port \"{}\" is not a number from 1 to 65535", port));
    }
    address.port = *number;
  }
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    const std::string_view database = rest.substr(slash + 1);
    if (!database.empty()) {
      const auto number = parse_number(database, 0, 1'000'000);
      if (!number) {
        return bad_url(url, fmt::format("the database \"{}\" is not a number", database));
      }
      address.database = *number;
    }
  }
  return address;
}

} // namespace

jwt::Result<std::unique_ptr<jwt::TokenStore>> open_store(std::string_view url)
{
  if (url.substr(0, k_sqlite_scheme.size()) == k_sqlite_scheme) {
    return open_sqlite_store(url.substr(k_sqlite_scheme.size()));
  }
  if (url.substr(0, k_redis_scheme.size()) == k_redis_scheme) {
    auto address = parse_redis_address(url, url.substr(k_redis_scheme.size()));
    if (!address) {
      return std::move(address).error();
    }
    return open_redis_store(*address);
  }
  return bad_url(url, "expected sqlite:PATH or redis://HOST[:PORT][/DB]");
}

} // namespace store
