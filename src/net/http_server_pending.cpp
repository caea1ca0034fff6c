// PLACEHOLDER until branch `http` lands (issue 16): the transport's definitions, so that
// `jwtool serve` links while the two halves are built apart. `serve` refuses to start with it.
// Delete this file (and its line in src/CMakeLists.txt) when merging `http`.
#include "net/http_server.hpp"
#include "util/process.hpp"

namespace net {

const std::string* HttpRequest::header(std::string_view name) const
{
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return &value;
    }
  }
  return nullptr;
}

jwt::Result<ListenAddress> parse_listen_address(std::string_view text)
{
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument, "expected ADDR:PORT");
  }
  ListenAddress address;
  address.host = std::string(text.substr(0, colon));
  address.port = static_cast<std::uint16_t>(std::stoul(std::string(text.substr(colon + 1))));
  return address;
}

struct HttpServer::Impl {};

jwt::Result<std::unique_ptr<HttpServer>> HttpServer::start(const ListenAddress&, const ServerLimits&, HttpHandler, AccessLog)
{
  return jwt::make_error(jwt::ErrorKind::io, "the HTTP transport is not built in yet (branch http)");
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HttpServer::~HttpServer() = default;
std::uint16_t HttpServer::port() const
{
  return 0;
}
void HttpServer::stop() {}

} // namespace net

namespace util {

StopSignals::StopSignals() = default;
StopSignals::~StopSignals() = default;
int StopSignals::wait() const
{
  return SIGTERM;
}

} // namespace util
