#include "net/listen_socket.hpp"

#include <arpa/inet.h>
#include <cstring>
#include <doctest/doctest.h>
#include <netinet/in.h>

TEST_CASE("listen_on: port 0 binds a free port that bound_port reads; that port again is one line")
{
  auto first = net::listen_on(net::ListenAddress{"127.0.0.1", 0});
  REQUIRE(first.ok());
  CHECK(first->valid());
  const std::uint16_t port = net::bound_port(first->get());
  CHECK(port != 0);
  auto second = net::listen_on(net::ListenAddress{"127.0.0.1", port});
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().kind == jwt::ErrorKind::io);
  CHECK(second.error().message == "127.0.0.1:" + std::to_string(port) + ": address already in use");
}

TEST_CASE("listen_on: a host that is no IP address")
{
  auto bound = net::listen_on(net::ListenAddress{"localhost", 0});
  REQUIRE_FALSE(bound.ok());
  CHECK(bound.error().kind == jwt::ErrorKind::invalid_argument);
  CHECK(bound.error().message == "localhost: not an IP address");
}

TEST_CASE("bound_port: 0 for a descriptor that is no socket")
{
  CHECK(net::bound_port(-1) == 0);
}

TEST_CASE("peer_address: IPv4, IPv6, nothing")
{
  sockaddr_in ip4{};
  ip4.sin_family = AF_INET;
  REQUIRE(::inet_pton(AF_INET, "192.0.2.7", &ip4.sin_addr) == 1);
  sockaddr_in6 ip6{};
  ip6.sin6_family = AF_INET6;
  REQUIRE(::inet_pton(AF_INET6, "2001:db8::1", &ip6.sin6_addr) == 1);
  sockaddr other{};
  other.sa_family = AF_UNIX;
  // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): the socket API's address type
  CHECK(net::peer_address(reinterpret_cast<const sockaddr*>(&ip4)) == "192.0.2.7");
  CHECK(net::peer_address(reinterpret_cast<const sockaddr*>(&ip6)) == "2001:db8::1");
  // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
  CHECK(net::peer_address(&other).empty());
  CHECK(net::peer_address(nullptr).empty());
}
