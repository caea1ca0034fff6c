// net::HttpServer on GNU libmicrohttpd (Debian: libmicrohttpd12).
//
// Why libmicrohttpd, of the libraries issue 16 weighs (cpp-httplib, libmicrohttpd, Boost.Beast):
// - hostile clients: each connection reads into a fixed memory pool (a header larger than it is
//   answered 431, never buffered without bound), with a connection limit and an inactivity
//   timeout; it has served public networks for years (GNUnet, Kodi, systemd-journal-remote);
// - idle connections cost no thread: a few threads poll all connections with epoll, where
//   cpp-httplib 0.11 holds a pool thread per keep-alive connection (1,000 idle ones starve it),
//   and Boost.Beast leaves the server loop, the timeouts and the limits to be written;
// - a small C API that wraps in a few RAII types, and a small library.
// It is loaded with dlopen when a server starts, as fetch.cpp loads libcurl: linked, it and the
// GnuTLS it pulls in would cost every jwtool command time at start.
//
// What libmicrohttpd does not do, done here: the body limit (413, also for a chunked body that
// grows past it), the header limit at exactly ServerLimits (431; the memory pool catches only
// far larger ones), a deadline for a whole request (its timeout counts inactivity, so a client
// sending a byte a second would hold a connection forever: a watchdog thread shuts such
// sockets down), the access log, a graceful stop that waits for the requests in flight.
#include "net/http_server.hpp"

#include "net/access_log.hpp"
#include "net/http_framing.hpp"
#include "net/listen_socket.hpp"

#include "util/shared_library.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <fmt/core.h>
#include <microhttpd.h>
#include <mutex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <system_error>
#include <unordered_map>

namespace net {

namespace {

using Clock = std::chrono::steady_clock;

// The access log's path for an answer the server gave before the handler saw the request.
constexpr std::string_view k_unrouted_path = "-";

// The functions of libmicrohttpd jwtool calls.
struct MhdApi {
  decltype(&MHD_start_daemon) start_daemon = nullptr;
  decltype(&MHD_stop_daemon) stop_daemon = nullptr;
  decltype(&MHD_quiesce_daemon) quiesce_daemon = nullptr;
  decltype(&MHD_get_connection_info) get_connection_info = nullptr;
  decltype(&MHD_get_connection_values) get_connection_values = nullptr;
  decltype(&MHD_create_response_from_buffer) create_response_from_buffer = nullptr;
  decltype(&MHD_add_response_header) add_response_header = nullptr;
  decltype(&MHD_queue_response) queue_response = nullptr;
  decltype(&MHD_destroy_response) destroy_response = nullptr;
};

constexpr const char* k_library = "libmicrohttpd.so.12";

// Loaded once, for the life of the process (never unloaded: a daemon's threads run its code).
class LoadedMhd
{
public:
  LoadedMhd() : m_library(k_library, util::SharedLibrary::Unload::never)
  {
    if (!m_library.loaded()) {
      m_error = m_library.error();
      return;
    }
    const auto bind = [this](auto& function, const char* name) { return m_library.bind(function, name); };
    const bool all = bind(m_api.start_daemon, "MHD_start_daemon") && bind(m_api.stop_daemon, "MHD_stop_daemon")
                     && bind(m_api.quiesce_daemon, "MHD_quiesce_daemon")
                     && bind(m_api.get_connection_info, "MHD_get_connection_info")
                     && bind(m_api.get_connection_values, "MHD_get_connection_values")
                     && bind(m_api.create_response_from_buffer, "MHD_create_response_from_buffer")
                     && bind(m_api.add_response_header, "MHD_add_response_header")
                     && bind(m_api.queue_response, "MHD_queue_response")
                     && bind(m_api.destroy_response, "MHD_destroy_response");
    if (!all) {
      m_error = fmt::format("{} lacks a function jwtool needs (libmicrohttpd 0.9.75 or later has them)", k_library);
      return;
    }
    m_ready = true;
  }

  const MhdApi* api() const noexcept
  {
    return m_ready ? &m_api : nullptr;
  }
  const std::string& error() const noexcept
  {
    return m_error;
  }

private:
  util::SharedLibrary m_library;
  MhdApi m_api;
  std::string m_error;
  bool m_ready = false;
};

const MhdApi* mhd_api(std::string& error)
{
  static const LoadedMhd loaded; // thread-safe initialisation (C++11 statics)
  error = loaded.error();
  return loaded.api();
}

// Only reached once mhd_api() succeeded.
const MhdApi& mhd()
{
  std::string ignored;
  return *mhd_api(ignored);
}

struct ResponseDeleter {
  void operator()(MHD_Response* response) const noexcept
  {
    mhd().destroy_response(response);
  }
};
using ResponseHandle = std::unique_ptr<MHD_Response, ResponseDeleter>;

struct DaemonDeleter {
  void operator()(MHD_Daemon* daemon) const noexcept
  {
    mhd().stop_daemon(daemon);
  }
};
using DaemonHandle = std::unique_ptr<MHD_Daemon, DaemonDeleter>;

// One request from its first line to its answer: the raw target (libmicrohttpd hands the
// handler a percent-decoded path without the query), the body as it comes.
struct RequestState {
  Clock::time_point started = Clock::now();
  std::string target;
  std::string method;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool headers_seen = false; // counted in flight from then on
  bool too_large = false;
  bool answered = false; // a response queued (and logged) by this server
};

// A connection, for the watchdog: since when it has been receiving a request (or waiting for
// one), and whether it is being answered (no deadline then).
struct ConnectionState {
  int fd = -1;
  Clock::time_point receiving_since = Clock::now();
  bool answering = false;
  bool cut = false;
};

} // namespace

struct HttpServer::Impl {
  ServerLimits limits;
  HttpHandler handler;
  AccessLog log;
  std::uint16_t port = 0;
  DaemonHandle daemon;

  std::mutex log_mutex;

  // Guards what follows: the connections (watchdog), requests in flight (stop).
  std::mutex mutex;
  std::condition_variable changed;
  std::unordered_map<MHD_Connection*, ConnectionState> connections;
  std::size_t in_flight = 0;
  bool watchdog_done = false;
  std::thread watchdog;
  std::atomic<bool> closing{false}; // responses say "Connection: close" from then on
  bool stopped = false;

  Impl(const ServerLimits& server_limits, HttpHandler request_handler, AccessLog access_log)
    : limits(server_limits), handler(std::move(request_handler)), log(std::move(access_log))
  {
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl(Impl&&) = delete;
  Impl& operator=(Impl&&) = delete;
  ~Impl()
  {
    daemon.reset();
    stop_watchdog();
  }

  void stop_watchdog()
  {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      watchdog_done = true;
      changed.notify_all();
    }
    if (watchdog.joinable()) {
      watchdog.join();
    }
  }

  void write_log(const std::string& line) noexcept
  {
    if (!log) {
      return;
    }
    try {
      const std::lock_guard<std::mutex> lock(log_mutex);
      log(line);
    } catch (...) { // NOLINT(bugprone-empty-catch): a failing log must not fail the request
    }
  }

  // --- the watchdog: a deadline for every request being received -------------------------

  void watch()
  {
    const auto timeout = std::chrono::duration_cast<Clock::duration>(limits.idle_timeout);
    const auto tick = std::clamp<Clock::duration>(timeout / 10, std::chrono::milliseconds(20),
                                                  std::chrono::milliseconds(500));
    std::unique_lock<std::mutex> lock(mutex);
    while (!watchdog_done) {
      changed.wait_for(lock, tick);
      const auto now = Clock::now();
      for (auto& [connection, state] : connections) {
        if (timeout.count() > 0 && !state.answering && !state.cut && now - state.receiving_since >= timeout) {
          // The socket stays libmicrohttpd's (it closes it, after telling on_connection, which
          // waits for this lock): shut down, it reads end-of-file and drops the connection.
          static_cast<void>(::shutdown(state.fd, SHUT_RDWR));
          state.cut = true;
        }
      }
    }
  }

  void on_connection(MHD_Connection* connection, MHD_ConnectionNotificationCode code)
  {
    const std::lock_guard<std::mutex> lock(mutex);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      const MHD_ConnectionInfo* info =
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): a C variadic getter
        mhd().get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      ConnectionState state;
      state.fd = info != nullptr ? info->connect_fd : -1;
      connections[connection] = state;
    } else {
      connections.erase(connection);
    }
  }

  void set_answering(MHD_Connection* connection, bool answering)
  {
    const std::lock_guard<std::mutex> lock(mutex);
    const auto found = connections.find(connection);
    if (found != connections.end()) {
      found->second.answering = answering;
      found->second.receiving_since = Clock::now();
    }
  }

  // --- a request, in the calls libmicrohttpd makes --------------------------------------

  MHD_Result on_headers(MHD_Connection* connection, RequestState& request, const char* method)
  {
    request.headers_seen = true;
    request.method = method;
    {
      const std::lock_guard<std::mutex> lock(mutex);
      ++in_flight;
    }
    const auto collect = [](void* cls, MHD_ValueKind /*kind*/, const char* key, const char* value) -> MHD_Result {
      auto& headers = *static_cast<std::vector<std::pair<std::string, std::string>>*>(cls);
      headers.emplace_back(lower_case(key != nullptr ? key : ""), value != nullptr ? value : "");
      return MHD_YES;
    };
    mhd().get_connection_values(connection, MHD_HEADER_KIND, collect, &request.headers);

    // The request line and the header lines as sent, the empty line that ends them included.
    const MHD_ConnectionInfo* size =
      // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): a C variadic getter
      mhd().get_connection_info(connection, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    if (size != nullptr && size->header_size > limits.max_header_bytes) {
      return send(connection, request,
                  plain_response(431, fmt::format("the request's header is larger than {} bytes", limits.max_header_bytes)),
                  true);
    }
    if (auto refusal = ambiguity_refusal(request.headers)) {
      return send(connection, request, std::move(*refusal), true);
    }
    const auto length = std::find_if(request.headers.begin(), request.headers.end(),
                                     [](const auto& header) { return header.first == "content-length"; });
    if (length != request.headers.end()) {
      // libmicrohttpd has read it as a number already (or answered 400).
      if (exceeds(length->second, limits.max_body_bytes)) {
        return send(connection, request, too_large_response(), true);
      }
    }
    return MHD_YES;
  }

  HttpResponse too_large_response() const
  {
    return plain_response(413, fmt::format("the request's body is larger than {} bytes", limits.max_body_bytes));
  }

  void on_body(RequestState& request, const char* data, std::size_t size) const
  {
    if (request.too_large) {
      return; // read and dropped, within the request's deadline
    }
    if (request.body.size() + size > limits.max_body_bytes) {
      request.too_large = true;
      std::string().swap(request.body);
      return;
    }
    request.body.append(data, size);
  }

  MHD_Result answer(MHD_Connection* connection, RequestState& request)
  {
    if (request.too_large) {
      return send(connection, request, too_large_response(), true);
    }
    set_answering(connection, true);
    const std::string_view target = origin_form(request.target);
    const auto question = target.find('?');
    HttpRequest call;
    // HEAD is answered as GET would be (RFC 9110 §9.3.2): libmicrohttpd sends the header only.
    call.method = request.method == "HEAD" ? std::string("GET") : request.method;
    call.path = std::string(target.substr(0, question));
    call.query = question == std::string_view::npos ? std::string() : std::string(target.substr(question + 1));
    call.headers = std::move(request.headers);
    call.body = std::move(request.body);
    const MHD_ConnectionInfo* info =
      // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): a C variadic getter
      mhd().get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    call.peer = peer_address(info != nullptr ? info->client_addr : nullptr);
    HttpResponse response;
    try {
      response = handler(call);
    } catch (...) {
      response = plain_response(500, "internal server error");
    }
    return send(connection, request, std::move(response), false, true, call.peer);
  }

  // `routed`: the handler made the answer; else the server did, before the handler saw the request.
  MHD_Result send(MHD_Connection* connection, RequestState& request, HttpResponse response, bool close,
                  bool routed = false, std::string peer = {})
  {
    if (response.status < 100 || response.status > 599
        || !std::all_of(response.headers.begin(), response.headers.end(), is_safe_header)) {
      response = plain_response(500, "internal server error"); // the handler's mistake, not sent
    }
    const ResponseHandle reply(mhd().create_response_from_buffer(response.body.size(), response.body.data(),
                                                                 MHD_RESPMEM_MUST_COPY));
    if (!reply) {
      return MHD_NO;
    }
    for (const auto& [name, value] : response.headers) {
      if (util::iequals(name, "content-length")) {
        continue; // libmicrohttpd writes the right one
      }
      if (mhd().add_response_header(reply.get(), name.c_str(), value.c_str()) != MHD_YES) {
        return MHD_NO;
      }
    }
    if (close || closing.load()) {
      static_cast<void>(mhd().add_response_header(reply.get(), "Connection", "close"));
    }
    if (mhd().queue_response(connection, static_cast<unsigned>(response.status), reply.get()) != MHD_YES) {
      return MHD_NO;
    }
    request.answered = true;
    if (peer.empty()) {
      const MHD_ConnectionInfo* info =
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): a C variadic getter
        mhd().get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
      peer = peer_address(info != nullptr ? info->client_addr : nullptr);
    }
    // The request's path only once the handler has seen it (and did not name another): before
    // that nothing vouches for it, and a hostile path may hold a token.
    const std::string_view target = origin_form(request.target);
    const std::string_view path = !response.log_path.empty() ? std::string_view(response.log_path)
                                  : routed                   ? target.substr(0, target.find('?'))
                                                             : std::string_view(k_unrouted_path);
    write_log(access_log_line(request.method, path, response.status,
                              response.client.empty() ? peer : response.client, Clock::now() - request.started));
    return MHD_YES;
  }

  void on_completed(MHD_Connection* connection, std::unique_ptr<RequestState> request)
  {
    set_answering(connection, false);
    if (request && !request->answered) {
      log_own_answer(connection, *request);
    }
    if (request && request->headers_seen) {
      const std::lock_guard<std::mutex> lock(mutex);
      --in_flight;
      changed.notify_all();
    }
  }

  // libmicrohttpd answers some requests itself, before the handler would see them (a header
  // larger than the memory pool: 431; a malformed one: 400); logged when the answer is sent.
  // The method is empty when libmicrohttpd refused the request before its headers were read.
  void log_own_answer(MHD_Connection* connection, const RequestState& request)
  {
    const MHD_ConnectionInfo* status =
      // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): a C variadic getter
      mhd().get_connection_info(connection, MHD_CONNECTION_INFO_HTTP_STATUS);
    if (status == nullptr || status->http_status == 0) {
      return;
    }
    const MHD_ConnectionInfo* info =
      // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): a C variadic getter
      mhd().get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    write_log(access_log_line(request.method, k_unrouted_path, static_cast<int>(status->http_status),
                              peer_address(info != nullptr ? info->client_addr : nullptr), Clock::now() - request.started));
  }

  void stop()
  {
    if (stopped) {
      return;
    }
    stopped = true;
    closing = true;
    // No new connection from here on; the listening socket comes back to be closed.
    const MHD_socket returned = mhd().quiesce_daemon(daemon.get());
    if (returned != MHD_INVALID_SOCKET) {
      static_cast<void>(::close(returned));
    }
    {
      // The requests read in full are answered; those still arriving are cut by the watchdog
      // at their deadline. A bound in case neither happens (a client not reading its answer).
      std::unique_lock<std::mutex> lock(mutex);
      const auto deadline = Clock::now() + limits.idle_timeout * 2 + std::chrono::seconds(5);
      changed.wait_until(lock, deadline, [this] { return in_flight == 0; });
    }
    daemon.reset(); // closes every connection, joins libmicrohttpd's threads
    stop_watchdog();
  }
};

namespace {

// libmicrohttpd's callbacks; cls is the server's Impl. None lets an exception out.

void* on_uri(void* /*cls*/, const char* uri, MHD_Connection* /*connection*/)
{
  try {
    auto request = std::make_unique<RequestState>();
    request->target = uri != nullptr ? uri : "";
    return request.release(); // owned by libmicrohttpd until on_request_completed takes it back
  } catch (...) {
    return nullptr;
  }
}

MHD_Result on_request(void* cls, MHD_Connection* connection, const char* /*url*/, const char* method,
                      const char* /*version*/, const char* upload_data, std::size_t* upload_data_size, void** con_cls)
{
  auto* request = static_cast<RequestState*>(*con_cls);
  if (request == nullptr) {
    return MHD_NO; // out of memory in on_uri: drop the connection
  }
  try {
    auto& server = *static_cast<HttpServer::Impl*>(cls);
    if (!request->headers_seen) {
      return server.on_headers(connection, *request, method);
    }
    if (*upload_data_size > 0) {
      server.on_body(*request, upload_data, *upload_data_size);
      *upload_data_size = 0;
      return MHD_YES;
    }
    return server.answer(connection, *request);
  } catch (...) {
    return MHD_NO;
  }
}

void on_request_completed(void* cls, MHD_Connection* connection, void** con_cls, MHD_RequestTerminationCode /*code*/)
{
  std::unique_ptr<RequestState> request(static_cast<RequestState*>(*con_cls));
  *con_cls = nullptr;
  try {
    static_cast<HttpServer::Impl*>(cls)->on_completed(connection, std::move(request));
  } catch (...) { // NOLINT(bugprone-empty-catch): nothing to do in a C callback
  }
}

void on_connection(void* cls, MHD_Connection* connection, void** /*socket_context*/,
                   MHD_ConnectionNotificationCode code)
{
  try {
    static_cast<HttpServer::Impl*>(cls)->on_connection(connection, code);
  } catch (...) { // NOLINT(bugprone-empty-catch): the connection goes unwatched, still timed out by libmicrohttpd
  }
}

} // namespace

jwt::Result<std::unique_ptr<HttpServer>> HttpServer::start(const ListenAddress& address, const ServerLimits& limits,
                                                           HttpHandler handler, AccessLog log)
{
  std::string unavailable;
  if (mhd_api(unavailable) == nullptr) {
    return jwt::make_error(jwt::ErrorKind::io,
                           fmt::format("cannot load libmicrohttpd (Debian package libmicrohttpd12): {}", unavailable));
  }
  auto listener = listen_on(address);
  if (!listener) {
    return std::move(listener).error();
  }
  allow_open_files(static_cast<rlim_t>(limits.max_connections) + 64);

  auto impl = std::make_unique<Impl>(limits, std::move(handler), std::move(log));
  impl->port = bound_port(listener->get());
  try {
    impl->watchdog = std::thread([server = impl.get()] { server->watch(); });
  } catch (const std::system_error& error) {
    return jwt::make_error(jwt::ErrorKind::internal, fmt::format("the HTTP server cannot start: {}", error.what()));
  }

  // The pool holds the request line and headers as read, then the body as it comes: room for
  // twice the header limit, so that headers up to it and a little past reach the exact check.
  const std::size_t pool_bytes = std::max<std::size_t>(limits.max_header_bytes * 2, std::size_t{32} * 1024);
  const auto seconds = static_cast<unsigned>(limits.idle_timeout.count());
  // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): MHD_OptionItem carries callbacks as intptr_t
  const std::array<MHD_OptionItem, 10> options{{
    {MHD_OPTION_LISTEN_SOCKET, listener->get(), nullptr},
    {MHD_OPTION_THREAD_POOL_SIZE, polling_threads(limits), nullptr},
    {MHD_OPTION_CONNECTION_LIMIT, limits.max_connections, nullptr},
    {MHD_OPTION_CONNECTION_TIMEOUT, seconds, nullptr},
    {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(pool_bytes), nullptr},
    {MHD_OPTION_URI_LOG_CALLBACK, reinterpret_cast<intptr_t>(&on_uri), impl.get()},
    {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&on_request_completed), impl.get()},
    {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&on_connection), impl.get()},
    {MHD_OPTION_STRICT_FOR_CLIENT, 0, nullptr},
    {MHD_OPTION_END, 0, nullptr},
  }};
  // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
  const unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): libmicrohttpd's options are variadic
  impl->daemon.reset(mhd().start_daemon(flags, 0, nullptr, nullptr, &on_request, impl.get(), MHD_OPTION_ARRAY,
                                        options.data(), MHD_OPTION_END));
  if (!impl->daemon) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("{}: the HTTP server cannot start", to_string(address)));
  }
  static_cast<void>(listener->release()); // libmicrohttpd's now: it closes it, or quiesce hands it back
  // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): the constructor is private to start()
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
}

HttpServer::~HttpServer()
{
  stop();
}

std::uint16_t HttpServer::port() const
{
  return m_impl->port;
}

void HttpServer::stop()
{
  m_impl->stop();
}

} // namespace net
