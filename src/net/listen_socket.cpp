#include "net/listen_socket.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <cstring>
#include <fmt/core.h>
#include <netinet/in.h>

namespace net {

namespace {

// strerror's text with a lower-case first letter, as jwtool's messages are written.
std::string describe_errno(int error_number)
{
  std::array<char, 256> buffer{};
  // The GNU strerror_r: returns the text, maybe not in buffer.
  std::string text = ::strerror_r(error_number, buffer.data(), buffer.size());
  if (!text.empty() && text.front() >= 'A' && text.front() <= 'Z') {
    text.front() = static_cast<char>(text.front() - 'A' + 'a');
  }
  return text;
}

} // namespace

jwt::Result<util::FileDescriptor> listen_on(const ListenAddress& address)
{
  const auto failed = [&address](const char* what, int error_number) {
    const std::string why = what[0] != '\0' ? fmt::format("{}: {}", what, describe_errno(error_number))
                                            : describe_errno(error_number);
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("{}: {}", to_string(address), why));
  };
  sockaddr_storage storage{};
  socklen_t length = 0;
  const bool ipv6 = address.host.find(':') != std::string::npos;
  if (ipv6) {
    sockaddr_in6 ip6{};
    ip6.sin6_family = AF_INET6;
    ip6.sin6_port = htons(address.port);
    if (::inet_pton(AF_INET6, address.host.c_str(), &ip6.sin6_addr) != 1) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("{}: not an IP address", address.host));
    }
    std::memcpy(&storage, &ip6, sizeof ip6);
    length = sizeof ip6;
  } else {
    sockaddr_in ip4{};
    ip4.sin_family = AF_INET;
    ip4.sin_port = htons(address.port);
    if (::inet_pton(AF_INET, address.host.c_str(), &ip4.sin_addr) != 1) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("{}: not an IP address", address.host));
    }
    std::memcpy(&storage, &ip4, sizeof ip4);
    length = sizeof ip4;
  }
  util::FileDescriptor socket(::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (socket.get() < 0) {
    return failed("socket", errno);
  }
  const int on = 1;
  static_cast<void>(::setsockopt(socket.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on));
  if (ipv6) {
    static_cast<void>(::setsockopt(socket.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on));
  }
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the socket API's address type
  if (::bind(socket.get(), reinterpret_cast<const sockaddr*>(&storage), length) != 0) {
    return failed("", errno);
  }
  if (::listen(socket.get(), SOMAXCONN) != 0) {
    return failed("listen", errno);
  }
  return socket;
}

std::uint16_t bound_port(int fd)
{
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the socket API's address type
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
    return 0;
  }
  if (storage.ss_family == AF_INET6) {
    sockaddr_in6 ip6{};
    std::memcpy(&ip6, &storage, sizeof ip6);
    return ntohs(ip6.sin6_port);
  }
  sockaddr_in ip4{};
  std::memcpy(&ip4, &storage, sizeof ip4);
  return ntohs(ip4.sin_port);
}

std::string peer_address(const sockaddr* address)
{
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (address == nullptr) {
    return {};
  }
  if (address->sa_family == AF_INET) {
    sockaddr_in ip4{};
    std::memcpy(&ip4, address, sizeof ip4);
    return ::inet_ntop(AF_INET, &ip4.sin_addr, text.data(), text.size()) != nullptr ? text.data() : "";
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 ip6{};
    std::memcpy(&ip6, address, sizeof ip6);
    return ::inet_ntop(AF_INET6, &ip6.sin6_addr, text.data(), text.size()) != nullptr ? text.data() : "";
  }
  return {};
}

// A process-wide setting, as the server is the process's purpose: room for every connection it
// may hold when the soft limit is lower (1,024 on many systems).
void allow_open_files(rlim_t wanted)
{
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur >= wanted) {
    return;
  }
  files.rlim_cur = std::min(wanted, files.rlim_max);
  static_cast<void>(::setrlimit(RLIMIT_NOFILE, &files));
}

} // namespace net
