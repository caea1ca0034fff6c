#pragma once

#include "jwt/error.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The HTTP side of `jwtool serve`: a small HTTP/1.1 server that hands each complete request to
// one handler and writes its answer. It knows nothing of tokens: routing, forms and OAuth live in
// the command (src/cli/serve*.cpp). The core never includes it.
namespace net {

// One request, its body read in full (within ServerLimits).
struct HttpRequest {
  std::string method; // as sent: "GET", "POST", ...; HEAD is handed over as "GET" (the body is not sent)
  std::string path;   // the target's path, without the query string, not percent-decoded
  std::string query;  // what followed '?', raw; empty when none
  std::vector<std::pair<std::string, std::string>> headers; // names lower-case, in the order received
  std::string body;
  std::string peer; // the peer's address: "127.0.0.1", "::1"

  // The first value of the header `name` (lower-case); nullptr when absent.
  const std::string* header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers; // Content-Type among them
  std::string body;
  // Who asked, for the access log: the authenticated client id; empty: the peer address is logged.
  std::string client;
  std::string log_path; // for the access log instead of the request's path when not empty (an unknown route)
};

// Called from several server threads at once: it must be thread-safe.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// One JSON object per answered request, without the newline: method, path (no query string;
// "-" when the server answered before the handler saw the request, since nothing vouches for it),
// status, client (HttpResponse::client, else the peer), duration_ms. Never a header or a body.
using AccessLog = std::function<void(const std::string& json_line)>;

struct ServerLimits {
  std::size_t max_body_bytes = std::size_t{64} * 1024;   // larger: 413, the handler not called
  std::size_t max_header_bytes = std::size_t{16} * 1024; // larger: 431
  std::chrono::seconds idle_timeout{5}; // a connection idle (keep-alive or a slow client) this long is closed
  unsigned max_connections = 4096;
  // Threads polling the connections; 0: one per core (at least 2). More than the cores only pays
  // when handlers wait (on a store): more threads on few cores lengthen the tail of latency.
  unsigned threads = 0;
};

// The threads that poll a server's connections (each its share, with epoll): limits.threads,
// or one per core, at least 2.
unsigned polling_threads(const ServerLimits& limits);

struct ListenAddress {
  std::string host; // an IPv4 or IPv6 literal, without brackets
  std::uint16_t port = 0; // 0: any free port (tests)
};

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:8080". ErrorKind::invalid_argument for anything else
// (a host name, a missing or out-of-range port).
jwt::Result<ListenAddress> parse_listen_address(std::string_view text);

// "127.0.0.1:8080", "[::1]:8080": as parse_listen_address reads it (and as errors name it).
std::string to_string(const ListenAddress& address);

class HttpServer
{
public:
  // Binds and serves in background threads. ErrorKind::io with one line on failure
  // ("127.0.0.1:8080: address already in use").
  static jwt::Result<std::unique_ptr<HttpServer>>
  start(const ListenAddress& address, const ServerLimits& limits, HttpHandler handler, AccessLog log);

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  HttpServer(HttpServer&&) = delete;
  HttpServer& operator=(HttpServer&&) = delete;
  ~HttpServer(); // stop()s

  // The port bound (the one asked for, or the one chosen for port 0).
  std::uint16_t port() const;

  // Stops accepting, lets the requests in flight finish, closes every connection, returns.
  void stop();

  struct Impl;

private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace net
