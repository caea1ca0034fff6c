// http_server.hpp for a static jwtool (JWTOOL_STATIC): libmicrohttpd is loaded with dlopen,
// which a static executable cannot do, so such a jwtool serves nothing, and says so.
#include "net/http_server.hpp"

#include <fmt/core.h>

namespace net {

struct HttpServer::Impl {
};

jwt::Result<std::unique_ptr<HttpServer>> HttpServer::start(const ListenAddress& address, const ServerLimits& /*limits*/,
                                                           HttpHandler /*handler*/, AccessLog /*log*/)
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

std::uint16_t HttpServer::port() const
{
  return 0;
}

void HttpServer::stop()
{
}

} // namespace net
