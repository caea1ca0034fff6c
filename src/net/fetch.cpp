#include "net/fetch.hpp"

#include "net/cache.hpp"

#include "util/shared_library.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <iterator>
#include <curl/curl.h>
#include <fmt/core.h>
#include <memory>
#include <netinet/in.h>

namespace net {

namespace {

// libcurl, loaded when jwtool first fetches: linked in, it and its thirty libraries (Kerberos,
// LDAP, GnuTLS, ...) would cost every jwtool command, fetching or not, milliseconds at start.
struct CurlApi {
  decltype(&curl_global_init) global_init = nullptr;
  decltype(&curl_global_cleanup) global_cleanup = nullptr;
  decltype(&curl_easy_init) easy_init = nullptr;
  decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&curl_easy_setopt) easy_setopt = nullptr;
  decltype(&curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&curl_easy_perform) easy_perform = nullptr;
  decltype(&curl_easy_strerror) easy_strerror = nullptr;
  decltype(&curl_slist_append) slist_append = nullptr;
  decltype(&curl_slist_free_all) slist_free_all = nullptr;
  decltype(&curl_url) url = nullptr;
  decltype(&curl_url_cleanup) url_cleanup = nullptr;
  decltype(&curl_url_set) url_set = nullptr;
  decltype(&curl_url_get) url_get = nullptr;
  decltype(&curl_free) free = nullptr;
};

class LoadedCurl
{
public:
  LoadedCurl() : m_library("libcurl.so.4")
  {
    if (!m_library.loaded()) {
      m_error = m_library.error();
      return;
    }
    const auto bind = [this](auto& function, const char* name) { return m_library.bind(function, name); };
    const bool all = bind(m_api.global_init, "curl_global_init") && bind(m_api.global_cleanup, "curl_global_cleanup")
                     && bind(m_api.easy_init, "curl_easy_init") && bind(m_api.easy_cleanup, "curl_easy_cleanup")
                     && bind(m_api.easy_setopt, "curl_easy_setopt") && bind(m_api.easy_getinfo, "curl_easy_getinfo")
                     && bind(m_api.easy_perform, "curl_easy_perform")
                     && bind(m_api.easy_strerror, "curl_easy_strerror") && bind(m_api.slist_append, "curl_slist_append")
                     && bind(m_api.slist_free_all, "curl_slist_free_all") && bind(m_api.url, "curl_url")
                     && bind(m_api.url_cleanup, "curl_url_cleanup") && bind(m_api.url_set, "curl_url_set")
                     && bind(m_api.url_get, "curl_url_get") && bind(m_api.free, "curl_free");
    if (!all) {
      m_error = "libcurl.so.4 lacks a function jwtool needs (libcurl 7.85 or later is)";
    } else if (m_api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      m_error = "libcurl cannot be initialised";
    } else {
      m_ready = true;
    }
  }
  LoadedCurl(const LoadedCurl&) = delete;
  LoadedCurl& operator=(const LoadedCurl&) = delete;
  LoadedCurl(LoadedCurl&&) = delete;
  LoadedCurl& operator=(LoadedCurl&&) = delete;
  ~LoadedCurl()
  {
    if (m_ready) {
      m_api.global_cleanup();
    }
  }

  const CurlApi* api() const noexcept
  {
    return m_ready ? &m_api : nullptr;
  }
  const std::string& error() const noexcept
  {
    return m_error;
  }

private:
  util::SharedLibrary m_library;
  CurlApi m_api;
  std::string m_error;
  bool m_ready = false;
};

// libcurl's functions, loaded on the first call (not thread-safe: jwtool fetches before it
// starts any thread); null when it cannot be, with the reason in `error`.
const CurlApi* curl_api(std::string& error)
{
  static const LoadedCurl loaded;
  error = loaded.error();
  return loaded.api();
}

// Only reached once curl_api() succeeded.
const CurlApi& curl()
{
  std::string ignored;
  return *curl_api(ignored);
}

struct CurlDeleter {
  void operator()(CURL* handle) const noexcept
  {
    curl().easy_cleanup(handle);
  }
  void operator()(CURLU* url) const noexcept
  {
    curl().url_cleanup(url);
  }
  void operator()(curl_slist* list) const noexcept
  {
    curl().slist_free_all(list);
  }
  void operator()(char* text) const noexcept
  {
    curl().free(text);
  }
};
using EasyHandle = std::unique_ptr<CURL, CurlDeleter>;
using UrlHandle = std::unique_ptr<CURLU, CurlDeleter>;
using HeaderList = std::unique_ptr<curl_slist, CurlDeleter>;
using CurlText = std::unique_ptr<char, CurlDeleter>;

// curl_easy_setopt and curl_easy_getinfo are variadic; these are the only calls to them.
template <typename T> CURLcode set_option(CURL* handle, CURLoption option, T value)
{
  return curl().easy_setopt(handle, option, value); // NOLINT(cppcoreguidelines-pro-type-vararg)
}
template <typename T> void get_info(CURL* handle, CURLINFO info, T* value)
{
  static_cast<void>(curl().easy_getinfo(handle, info, value)); // NOLINT(cppcoreguidelines-pro-type-vararg)
}

std::string url_part(CURLU* url, CURLUPart part)
{
  char* raw = nullptr;
  if (curl().url_get(url, part, &raw, 0) != CURLUE_OK || raw == nullptr) {
    return {};
  }
  const CurlText text(raw);
  return text.get();
}

bool is_loopback_literal(const std::string& host)
{
  if (host == "[::1]") {
    return true;
  }
  in_addr address{};
  if (inet_pton(AF_INET, host.c_str(), &address) != 1) {
    return false;
  }
  return (ntohl(address.s_addr) >> 24U) == 127U;
}

struct Sink {
  std::string body;
  bool too_large = false;
  std::string etag;
  std::optional<long> max_age;
};

// libcurl's write callback: the body, refused past the limit whatever Content-Length said.
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* sink = static_cast<Sink*>(user);
  const std::size_t bytes = size * count;
  if (sink->body.size() + bytes > k_max_body_bytes) {
    sink->too_large = true;
    return 0; // libcurl stops with CURLE_WRITE_ERROR
  }
  sink->body.append(data, bytes);
  return bytes;
}

// libcurl's header callback, once per header line; a redirect's headers are forgotten when the
// next response starts.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* sink = static_cast<Sink*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.substr(0, 5) == "HTTP/") {
    sink->etag.clear();
    sink->max_age.reset();
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    return bytes;
  }
  const std::string_view name = line.substr(0, colon);
  const std::string_view value = util::trim(line.substr(colon + 1));
  if (util::iequals(name, "etag")) {
    sink->etag = std::string(value);
  } else if (util::iequals(name, "cache-control")) {
    sink->max_age = parse_max_age(value);
  }
  return bytes;
}

std::string describe_failure(CURLcode code, const Sink& sink, const char* detail, CURL* handle)
{
  const std::string more = *detail != '\0' ? fmt::format(" ({})", detail) : std::string();
  switch (code) {
  // libcurl's own text for these carries timings, which vary from run to run.
  case CURLE_COULDNT_RESOLVE_HOST: return "cannot resolve the host name";
  case CURLE_COULDNT_RESOLVE_PROXY: return "cannot resolve the proxy's host name";
  case CURLE_COULDNT_CONNECT: return "cannot connect (refused or unreachable)";
  case CURLE_OPERATION_TIMEDOUT: {
    curl_off_t connected = 0;
    get_info(handle, CURLINFO_CONNECT_TIME_T, &connected);
    return connected == 0 ? fmt::format("timed out: no connection within {} seconds", k_connect_timeout.count())
                          : fmt::format("timed out: no complete answer within {} seconds", k_total_timeout.count());
  }
  case CURLE_PEER_FAILED_VERIFICATION: return "TLS: the server's certificate is not trusted" + more;
  case CURLE_SSL_CONNECT_ERROR: return "TLS: the handshake failed" + more;
  case CURLE_SSL_CACERT_BADFILE: return "--cacert: cannot read the CA certificates" + more;
  case CURLE_UNSUPPORTED_PROTOCOL: return "refused a redirect to a URL that is not https";
  case CURLE_TOO_MANY_REDIRECTS: return fmt::format("more than {} redirects", k_max_redirects);
  case CURLE_FILESIZE_EXCEEDED: return fmt::format("the body is larger than the limit of {} bytes", k_max_body_bytes);
  case CURLE_WRITE_ERROR:
    if (sink.too_large) {
      return fmt::format("the body is larger than the limit of {} bytes", k_max_body_bytes);
    }
    break;
  default: break;
  }
  return curl().easy_strerror(code) + more;
}

// No answer came: the name, the route or the server is away (FetchFailure::network).
bool is_network_failure(CURLcode code)
{
  switch (code) {
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_CONNECT:
  case CURLE_OPERATION_TIMEDOUT:
  case CURLE_GOT_NOTHING:
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR: return true;
  default: return false;
  }
}

// The options of every fetch: the limits of fetch.hpp, in one place.
bool set_limits(CURL* handle, const FetchRequest& request, bool plain_http, Sink& sink, curl_slist* headers,
                char* error_buffer)
{
  const CURLcode codes[] = {
    set_option(handle, CURLOPT_URL, request.url.c_str()),
    set_option(handle, CURLOPT_ERRORBUFFER, error_buffer),
    set_option(handle, CURLOPT_NOSIGNAL, 1L),
    set_option(handle, CURLOPT_PROTOCOLS_STR, plain_http ? "http,https" : "https"),
    set_option(handle, CURLOPT_REDIR_PROTOCOLS_STR, "https"),
    set_option(handle, CURLOPT_FOLLOWLOCATION, 1L),
    set_option(handle, CURLOPT_MAXREDIRS, k_max_redirects),
    set_option(handle, CURLOPT_CONNECTTIMEOUT, static_cast<long>(k_connect_timeout.count())),
    set_option(handle, CURLOPT_TIMEOUT, static_cast<long>(k_total_timeout.count())),
    set_option(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(k_max_body_bytes)),
    set_option(handle, CURLOPT_SSL_VERIFYPEER, 1L),
    set_option(handle, CURLOPT_SSL_VERIFYHOST, 2L),
    set_option(handle, CURLOPT_WRITEFUNCTION, on_body),
    set_option(handle, CURLOPT_WRITEDATA, &sink),
    set_option(handle, CURLOPT_HEADERFUNCTION, on_header),
    set_option(handle, CURLOPT_HEADERDATA, &sink),
    set_option(handle, CURLOPT_USERAGENT, "jwtool"),
    set_option(handle, CURLOPT_HTTPHEADER, headers),
    request.cacert.empty() ? CURLE_OK : set_option(handle, CURLOPT_CAINFO, request.cacert.c_str()),
  };
  return std::all_of(std::begin(codes), std::end(codes), [](CURLcode code) { return code == CURLE_OK; });
}

jwt::Error fetch_error(const std::string& url, const std::string& cause)
{
  return jwt::make_error(jwt::ErrorKind::io, fmt::format("{}: {}", url, cause));
}

} // namespace

jwt::Status check_url(std::string_view url)
{
  // Read without libcurl, so that a warm cache never loads it; fetch() has libcurl's parser
  // agree before it connects.
  const std::string text(url);
  const auto not_a_url = [&text] {
    return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("{} is not a URL", util::quote(text)));
  };
  const auto scheme_end = url.find("://");
  const bool odd_byte = std::any_of(url.begin(), url.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20U || byte >= 0x7fU || c == '\\';
  });
  if (scheme_end == std::string_view::npos || scheme_end == 0 || odd_byte) {
    return not_a_url();
  }
  std::string scheme(url.substr(0, scheme_end));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  const std::string_view rest = url.substr(scheme_end + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument, "a URL with a user name or password is refused");
  }
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return not_a_url();
    }
    host = authority.substr(0, close + 1);
    port = authority.substr(close + 1);
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon);
  }
  if (!port.empty()
      && (port.front() != ':' || port.size() > 6
          || !std::all_of(port.begin() + 1, port.end(), [](char c) { return c >= '0' && c <= '9'; }))) {
    return not_a_url();
  }
  if (scheme == "https" && !host.empty()) {
    return jwt::Ok{};
  }
  if (scheme == "http" && is_loopback_literal(std::string(host))) {
    return jwt::Ok{};
  }
  if (scheme == "http") {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           fmt::format("{}: plain http is refused (only for a loopback address, 127.0.0.1 or [::1]): "
                                       "use https",
                                       text));
  }
  return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("{}: not an https URL", text));
}

namespace {

// libcurl reads the URL as check_url did: the same scheme, and for plain http a loopback host.
jwt::Status curl_agrees(const std::string& url)
{
  const UrlHandle parsed(curl().url());
  if (!parsed || curl().url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("{} is not a URL", util::quote(url)));
  }
  const std::string scheme = url_part(parsed.get(), CURLUPART_SCHEME);
  const std::string host = url_part(parsed.get(), CURLUPART_HOST);
  if ((scheme == "https" && !host.empty()) || (scheme == "http" && is_loopback_literal(host))) {
    return jwt::Ok{};
  }
  return jwt::make_error(jwt::ErrorKind::invalid_argument, fmt::format("{}: refused (libcurl reads it otherwise)", url));
}

} // namespace

jwt::Result<FetchResponse> fetch(const FetchRequest& request, FetchFailure* failure)
{
  FetchFailure ignored = FetchFailure::none;
  FetchFailure& kind = failure != nullptr ? *failure : ignored;
  kind = FetchFailure::other;
  if (auto allowed = check_url(request.url); !allowed) {
    return std::move(allowed).error();
  }
  std::string unavailable;
  if (curl_api(unavailable) == nullptr) {
    return fetch_error(request.url, "cannot load libcurl: " + unavailable);
  }
  if (auto agreed = curl_agrees(request.url); !agreed) {
    return std::move(agreed).error();
  }
  const EasyHandle handle(curl().easy_init());
  if (!handle) {
    return jwt::make_error(jwt::ErrorKind::internal, "libcurl cannot be initialised");
  }
  HeaderList headers;
  if (!request.if_none_match.empty()) {
    const std::string line = "If-None-Match: " + request.if_none_match;
    headers.reset(curl().slist_append(nullptr, line.c_str()));
    if (!headers) {
      return jwt::make_error(jwt::ErrorKind::internal, "out of memory");
    }
  }
  Sink sink;
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  const bool plain_http = request.url.rfind("http://", 0) == 0;
  if (!set_limits(handle.get(), request, plain_http, sink, headers.get(), error_buffer.data())) {
    return jwt::make_error(jwt::ErrorKind::internal, "libcurl refused an option jwtool needs");
  }
  if (const CURLcode code = curl().easy_perform(handle.get()); code != CURLE_OK) {
    kind = is_network_failure(code) ? FetchFailure::network : FetchFailure::other;
    return fetch_error(request.url, describe_failure(code, sink, error_buffer.data(), handle.get()));
  }
  long status = 0;
  get_info(handle.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status == 404) {
    kind = FetchFailure::not_found;
  }
  if (status != 200 && !(status == 304 && !request.if_none_match.empty())) {
    return fetch_error(request.url, fmt::format("HTTP status {}", status));
  }
  kind = FetchFailure::none;
  return FetchResponse{status, std::move(sink.body), std::move(sink.etag), sink.max_age};
}

} // namespace net
