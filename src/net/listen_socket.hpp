#pragma once

#include "jwt/error.hpp"
#include "net/http_server.hpp"
#include "util/file_descriptor.hpp"

#include <cstdint>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>

// The sockets under net::HttpServer, apart from any HTTP library: the listening socket, the
// addresses read off it and its peers, the limit on open files.
namespace net {

// A socket bound to `address` and listening (SO_REUSEADDR; an IPv6 one takes IPv6 only), made
// here rather than by the HTTP library so that a failure says why and port 0's port can be
// read. ErrorKind::io with one line ("127.0.0.1:8080: address already in use");
// ErrorKind::invalid_argument for a host that is no IP address.
jwt::Result<util::FileDescriptor> listen_on(const ListenAddress& address);

// The port `fd` is bound to; 0 when it cannot be read.
std::uint16_t bound_port(int fd);

// "127.0.0.1", "::1"; empty for nullptr or another family.
std::string peer_address(const sockaddr* address);

// Raises the soft limit on open files to `wanted` (at most the hard limit) when it is lower.
void allow_open_files(rlim_t wanted);

} // namespace net
