// The parts of http_server.hpp that need no HTTP library: the --listen address, header lookup,
// the thread count. Built into every jwtool, the static one included.
#include "net/http_server.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <fmt/core.h>
#include <netinet/in.h>
#include <optional>
#include <thread>

namespace net {

unsigned polling_threads(const ServerLimits& limits)
{
  return limits.threads > 0 ? limits.threads : std::max(2U, std::thread::hardware_concurrency());
}

const std::string* HttpRequest::header(std::string_view name) const
{
  const auto found = std::find_if(headers.begin(), headers.end(),
                                  [name](const std::pair<std::string, std::string>& h) { return h.first == name; });
  return found == headers.end() ? nullptr : &found->second;
}

namespace {

bool is_ipv4_literal(const std::string& host)
{
  in_addr address{};
  return ::inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool is_ipv6_literal(const std::string& host)
{
  in6_addr address{};
  return ::inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

// The digits after the last colon, 0..65535; nothing else (no sign, no space, no leading "+").
std::optional<std::uint16_t> parse_port(std::string_view digits)
{
  if (digits.empty() || digits.size() > 5
      || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  unsigned long value = 0;
  for (const char c : digits) {
    value = value * 10 + static_cast<unsigned long>(c - '0');
  }
  if (value > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(value);
}

} // namespace

jwt::Result<ListenAddress> parse_listen_address(std::string_view text)
{
  const std::string quoted = util::quote(text);
  const auto refuse = [&quoted](std::string_view why) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("{}: {}", quoted, why));
  };
  std::string host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) {
      return refuse("no ']' after the IPv6 address (give [::1]:8080)");
    }
    host = std::string(text.substr(1, close - 1));
    if (!is_ipv6_literal(host)) {
      return refuse("not an IPv6 address between the brackets");
    }
    const std::string_view rest = text.substr(close + 1);
    if (rest.empty() || rest.front() != ':') {
      return refuse("no port (give ADDRESS:PORT, e.g. [::1]:8080)");
    }
    port = rest.substr(1);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return refuse("no port (give ADDRESS:PORT, e.g. 127.0.0.1:8080)");
    }
    host = std::string(text.substr(0, colon));
    if (is_ipv6_literal(host) || host.find(':') != std::string::npos) {
      return refuse("an IPv6 address goes between brackets (e.g. [::1]:8080)");
    }
    if (!is_ipv4_literal(host)) {
      return refuse("not an IP address (host names are not resolved: give 127.0.0.1:8080 or [::1]:8080)");
    }
    port = text.substr(colon + 1);
  }
  const auto number = parse_port(port);
  if (!number) {
    return refuse("the port must be a number from 0 to 65535");
  }
  return ListenAddress{std::move(host), *number};
}

std::string to_string(const ListenAddress& address)
{
  const bool ipv6 = address.host.find(':') != std::string::npos;
  return ipv6 ? fmt::format("[{}]:{}", address.host, address.port) : fmt::format("{}:{}", address.host, address.port);
}

} // namespace net
