// http_server.hpp for a static jwtool (JWTOOL_STATIC): libmicrohttpd is loaded with dlopen,
// which a static executable cannot do, so such a jwtool serves nothing, and says so.
#include "net/http_server.hpp"

#include <fmt/core.h>

namespace net {

struct HttpServer::Impl {
};

// The signature of http_server.hpp: the handler and the log are taken by value there.
jwt::Result<std::unique_ptr<HttpServer>> HttpServer::start(const ListenAddress& address, const ServerLimits& /*limits*/,
                                                           HttpHandler /*handler*/, // NOLINT(performance-unnecessary-value-param)
                                                           AccessLog /*log*/)       // NOLINT(performance-unnecessary-value-param)
{
  return jwt::make_error(jwt::ErrorKind::io,
                         fmt::format("{}: this jwtool was built without an HTTP server (statically linked): "
                                     "use a dynamically linked jwtool to serve",
                                     to_string(address)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::port() const // NOLINT(readability-convert-member-functions-to-static)
{
  return 0;
}

void HttpServer::stop() // NOLINT(readability-convert-member-functions-to-static)
{
}

} // namespace net
