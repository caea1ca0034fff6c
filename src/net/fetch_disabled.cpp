// fetch.hpp for a static jwtool (JWTOOL_STATIC): Debian ships libcurl.a but not static builds of
// its dependencies (nghttp2, libssh2, OpenLDAP, ...), so such a jwtool fetches nothing, and says so.
#include "net/fetch.hpp"

#include <fmt/core.h>

namespace net {

jwt::Status check_url(std::string_view url)
{
  return jwt::make_error(jwt::ErrorKind::invalid_argument,
                         fmt::format("{}: this jwtool was built without HTTPS (statically linked): give the keys in a file",
                                     url));
}

jwt::Result<FetchResponse> fetch(const FetchRequest& request, FetchFailure* failure)
{
  if (failure != nullptr) {
    *failure = FetchFailure::other;
  }
  return check_url(request.url).error();
}

} // namespace net
