#include "net/http_server.hpp"

#include "net/access_log.hpp"

#include "support.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <regex>
#include <sstream>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <unistd.h>

namespace {

// A client socket on 127.0.0.1, closed on destruction; every read waits at most 5 seconds.
class TestSocket
{
public:
  explicit TestSocket(std::uint16_t port) : m_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0))
  {
    REQUIRE(m_fd >= 0);
    const timeval timeout{5, 0};
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the socket API's address type
    REQUIRE(::connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  }
  TestSocket(const TestSocket&) = delete;
  TestSocket& operator=(const TestSocket&) = delete;
  TestSocket(TestSocket&&) = delete;
  TestSocket& operator=(TestSocket&&) = delete;
  ~TestSocket()
  {
    ::close(m_fd);
  }

  // False when the server closed the connection (or reset it) before all was sent.
  bool send(std::string_view data) const
  {
    while (!data.empty()) {
      const ssize_t sent = ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent <= 0) {
        return false;
      }
      data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  struct Response {
    int status = 0;
    std::string status_line; // "HTTP/1.1 400 Bad Request"
    std::map<std::string, std::string> headers; // names lower-case
    std::string body;
  };

  // One response (with a Content-Length, its body read unless `with_body` is false: the answer
  // to HEAD); status 0 when the connection ended first.
  Response read_response(bool with_body = true)
  {
    Response response;
    std::size_t end = 0;
    while ((end = m_buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) {
        return response;
      }
    }
    const std::string head = m_buffer.substr(0, end);
    m_buffer.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    response.status_line = head.substr(0, line_end);
    response.status = std::stoi(head.substr(9, 3));
    while (line_end != std::string::npos) {
      const std::size_t next = head.find("\r\n", line_end + 2);
      const std::string line = head.substr(line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
      const std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      response.headers[name] = line.substr(colon + 2);
      line_end = next;
    }
    const std::size_t length = with_body ? std::stoul(response.headers.at("content-length")) : 0;
    while (m_buffer.size() < length) {
      if (!fill()) {
        return Response{};
      }
    }
    response.body = m_buffer.substr(0, length);
    m_buffer.erase(0, length);
    return response;
  }

  // True when the server closes the connection (end of file or reset) within `within`, nothing read.
  bool closed_within(std::chrono::milliseconds within) const
  {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
      char byte = 0;
      const ssize_t got = ::recv(m_fd, &byte, 1, MSG_DONTWAIT);
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
        return true;
      }
      if (got > 0) {
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

private:
  bool fill()
  {
    std::array<char, 4096> chunk{};
    const ssize_t got = ::recv(m_fd, chunk.data(), chunk.size(), 0);
    if (got <= 0) {
      return false;
    }
    m_buffer.append(chunk.data(), static_cast<std::size_t>(got));
    return true;
  }

  int m_fd;
  std::string m_buffer;
};

// A server on 127.0.0.1, any port, whose handler echoes the request; its access log kept.
struct EchoServer {
  std::atomic<int> calls{0};
  std::mutex mutex;
  std::vector<std::string> log;
  std::unique_ptr<net::HttpServer> server;

  explicit EchoServer(net::HttpHandler handler = {}, net::ServerLimits limits = {})
  {
    if (!handler) {
      handler = [](const net::HttpRequest& request) {
        net::HttpResponse response;
        response.headers.emplace_back("Content-Type", "text/plain");
        response.headers.emplace_back("X-Echo", "yes");
        std::ostringstream body;
        body << "method=" << request.method << "\npath=" << request.path << "\nquery=" << request.query
             << "\npeer=" << request.peer << "\n";
        for (const auto& [name, value] : request.headers) {
          body << name << ": " << value << "\n";
        }
        body << "body=" << request.body;
        response.body = body.str();
        return response;
      };
    }
    auto counted = [this, handler](const net::HttpRequest& request) {
      ++calls;
      return handler(request);
    };
    auto started = net::HttpServer::start(net::ListenAddress{"127.0.0.1", 0}, limits, counted,
                                          [this](const std::string& line) {
                                            const std::lock_guard<std::mutex> lock(mutex);
                                            log.push_back(line);
                                          });
    REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error().message));
    server = std::move(*started);
  }

  std::uint16_t port() const
  {
    return server->port();
  }

  // The log with each duration_ms replaced by D, once it has `count` lines (or after 2 s).
  std::vector<std::string> wait_for_log(std::size_t count)
  {
    for (int tries = 0; tries < 200; ++tries) {
      {
        const std::lock_guard<std::mutex> lock(mutex);
        if (log.size() >= count) {
          break;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const std::lock_guard<std::mutex> lock(mutex);
    std::vector<std::string> lines;
    const std::regex duration(R"("duration_ms":[0-9]+(\.[0-9]{1,3})?\})");
    for (const auto& line : log) {
      lines.push_back(std::regex_replace(line, duration, R"("duration_ms":D})"));
    }
    return lines;
  }
};

std::string join(const std::vector<std::string>& lines)
{
  std::string text;
  for (const auto& line : lines) {
    text += line + "\n";
  }
  return text;
}

std::string chunked(const std::string& body, std::size_t chunk_size)
{
  std::string out;
  for (std::size_t at = 0; at < body.size(); at += chunk_size) {
    const std::string chunk = body.substr(at, chunk_size);
    std::ostringstream size;
    size << std::hex << chunk.size() << "\r\n";
    out += size.str();
    out += chunk;
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

} // namespace

TEST_CASE("http_server: GET hands the handler method, raw path and query, headers in order, peer")
{
  EchoServer echo;
  TestSocket client(echo.port());
  REQUIRE(client.send("GET /a/b%20c?x=1&y=%2F+z HTTP/1.1\r\nHost: localhost\r\nX-Test: One\r\nx-test: Two\r\n\r\n"));
  const auto response = client.read_response();
  CHECK(response.status == 200);
  CHECK(response.headers.at("x-echo") == "yes");
  CHECK(response.headers.at("content-type") == "text/plain");
  CHECK(response.body
        == "method=GET\npath=/a/b%20c\nquery=x=1&y=%2F+z\npeer=127.0.0.1\nhost: localhost\nx-test: One\nx-test: Two\nbody=");
}

TEST_CASE("http_server: POST hands the handler the body; two requests on one connection (keep-alive)")
{
  EchoServer echo;
  TestSocket client(echo.port());
  REQUIRE(client.send("POST /token HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      "Content-Length: 7\r\n\r\na=1&b=2"));
  auto response = client.read_response();
  CHECK(response.status == 200);
  CHECK(response.body
        == "method=POST\npath=/token\nquery=\npeer=127.0.0.1\nhost: h\ncontent-type: application/x-www-form-urlencoded\n"
           "content-length: 7\nbody=a=1&b=2");
  CHECK(response.headers.count("connection") == 0);
  REQUIRE(client.send("POST /again HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked("xyz", 2)));
  response = client.read_response();
  CHECK(response.status == 200);
  CHECK(response.body == "method=POST\npath=/again\nquery=\npeer=127.0.0.1\nhost: h\ntransfer-encoding: chunked\nbody=xyz");
  CHECK(echo.calls == 2);
}

namespace {

// `request`, then a second request on the same keep-alive connection (smuggled, should the server
// read the first one's framing differently from a proxy before it): the first is answered
// `status_line` with `body` and Connection: close, without the handler; the second never.
void check_refused_and_closed(const std::string& request, const std::string& status_line, const std::string& body)
{
  EchoServer echo;
  TestSocket client(echo.port());
  REQUIRE(client.send(request + "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n"));
  const auto response = client.read_response();
  CHECK(response.status_line == status_line);
  CHECK(response.body == body);
  CHECK((response.headers.count("connection") == 1 && response.headers.at("connection") == "close"));
  CHECK(client.read_response().status == 0); // the smuggled request is not answered
  CHECK(client.closed_within(std::chrono::milliseconds(2000)));
  CHECK(echo.calls == 0);
  CHECK(join(echo.wait_for_log(1))
        == R"({"method":"POST","path":"-","status":)" + status_line.substr(9, 3)
             + R"(,"client":"127.0.0.1","duration_ms":D}
)");
}

} // namespace

TEST_CASE("http_server: ambiguous framing is refused and the connection closed (RFC 9112 §6.1, §6.3)")
{
  const std::string post = "POST /token HTTP/1.1\r\nHost: h\r\n";
  SUBCASE("Transfer-Encoding and Content-Length")
  {
    check_refused_and_closed(post + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n" + chunked("abc", 3),
                             "HTTP/1.1 400 Bad Request", "the request has both Transfer-Encoding and Content-Length\n");
  }
  SUBCASE("Content-Length and Transfer-Encoding")
  {
    check_refused_and_closed(post + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked("abc", 3),
                             "HTTP/1.1 400 Bad Request", "the request has both Transfer-Encoding and Content-Length\n");
  }
  SUBCASE("two different Content-Length headers")
  {
    check_refused_and_closed(post + "Content-Length: 3\r\nContent-Length: 40\r\n\r\nabc", "HTTP/1.1 400 Bad Request",
                             "the request has more than one Content-Length header\n");
  }
  SUBCASE("two equal Content-Length headers")
  {
    check_refused_and_closed(post + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", "HTTP/1.1 400 Bad Request",
                             "the request has more than one Content-Length header\n");
  }
  SUBCASE("a transfer coding other than chunked")
  {
    check_refused_and_closed(post + "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunked("abc", 3),
                             "HTTP/1.1 501 Not Implemented", "the request's Transfer-Encoding is not \"chunked\"\n");
  }
  SUBCASE("Transfer-Encoding twice")
  {
    check_refused_and_closed(post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked("abc", 3),
                             "HTTP/1.1 501 Not Implemented", "the request's Transfer-Encoding is not \"chunked\"\n");
  }
}

TEST_CASE("http_server: a repeated Authorization or Content-Type header is refused and the connection closed")
{
  const std::string post = "POST /token HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n";
  SUBCASE("Authorization")
  {
    check_refused_and_closed(post + "Authorization: Basic YTpi\r\nauthorization: Basic Yzpk\r\n\r\nabc",
                             "HTTP/1.1 400 Bad Request", "the request has more than one Authorization header\n");
  }
  SUBCASE("Content-Type")
  {
    check_refused_and_closed(post + "Content-Type: application/x-www-form-urlencoded\r\nContent-Type: text/plain\r\n\r\nabc",
                             "HTTP/1.1 400 Bad Request", "the request has more than one Content-Type header\n");
  }
}

TEST_CASE("http_server: Transfer-Encoding \"chunked\" in any case is served, the connection kept")
{
  EchoServer echo;
  TestSocket client(echo.port());
  REQUIRE(client.send("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ChUnKeD\r\n\r\n" + chunked("xyz", 2)
                      + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n"));
  auto response = client.read_response();
  CHECK(response.status == 200);
  CHECK(response.body == "method=POST\npath=/a\nquery=\npeer=127.0.0.1\nhost: h\ntransfer-encoding: ChUnKeD\nbody=xyz");
  response = client.read_response();
  CHECK(response.status == 200);
  CHECK(response.body == "method=GET\npath=/b\nquery=\npeer=127.0.0.1\nhost: h\nbody=");
  CHECK(echo.calls == 2);
}

TEST_CASE("http_server: HEAD is answered as GET, without the body; logged as HEAD")
{
  EchoServer echo([](const net::HttpRequest& request) {
    net::HttpResponse response;
    response.status = request.method == "GET" ? 200 : 405;
    response.headers.emplace_back("Content-Type", "text/plain");
    response.body = request.method == "GET" ? "hello" : "use GET";
    return response;
  });
  TestSocket client(echo.port());
  REQUIRE(client.send("HEAD /h HTTP/1.1\r\nHost: h\r\n\r\nGET /h HTTP/1.1\r\nHost: h\r\n\r\n"));
  auto response = client.read_response(false);
  CHECK(response.status_line == "HTTP/1.1 200 OK");
  CHECK(response.headers["content-length"] == "5");
  response = client.read_response(); // right after the HEAD answer's header: no body was sent
  CHECK(response.status == 200);
  CHECK(response.body == "hello");
  CHECK(join(echo.wait_for_log(2)) == R"({"method":"HEAD","path":"/h","status":200,"client":"127.0.0.1","duration_ms":D}
{"method":"GET","path":"/h","status":200,"client":"127.0.0.1","duration_ms":D}
)");
}

TEST_CASE("http_server: HTTP/1.1 only: HTTP/2 is 505, an h2c upgrade is ignored, HTTP/1.0 answered in 1.1 and closed")
{
  EchoServer echo;
  SUBCASE("HTTP/2.0 request line")
  {
    TestSocket client(echo.port());
    REQUIRE(client.send("GET /h HTTP/2.0\r\nHost: h\r\n\r\n"));
    CHECK(client.read_response().status_line == "HTTP/1.1 505 HTTP Version Not Supported");
    CHECK(client.closed_within(std::chrono::milliseconds(2000)));
  }
  SUBCASE("HTTP/2 connection preface")
  {
    TestSocket client(echo.port());
    REQUIRE(client.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
    CHECK(client.read_response().status_line == "HTTP/1.1 505 HTTP Version Not Supported");
    CHECK(client.closed_within(std::chrono::milliseconds(2000)));
  }
  SUBCASE("Upgrade: h2c")
  {
    TestSocket client(echo.port());
    REQUIRE(client.send("GET /h HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                        "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"));
    const auto response = client.read_response();
    CHECK(response.status_line == "HTTP/1.1 200 OK");
    CHECK(response.headers.count("upgrade") == 0);
    CHECK(echo.calls == 1);
  }
  SUBCASE("HTTP/1.0")
  {
    TestSocket client(echo.port());
    REQUIRE(client.send("GET /h HTTP/1.0\r\nHost: h\r\n\r\n"));
    CHECK(client.read_response().status_line == "HTTP/1.1 200 OK");
    CHECK(client.closed_within(std::chrono::milliseconds(2000)));
    CHECK(echo.calls == 1);
  }
}

TEST_CASE("http_server: an absolute-form target is read as its path and query")
{
  EchoServer echo;
  TestSocket client(echo.port());
  REQUIRE(client.send("GET http://localhost:8080/jwks.json?a=b HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  const auto response = client.read_response();
  CHECK(response.status == 200);
  CHECK(test::contains(response.body, "path=/jwks.json\nquery=a=b\n"));
}

TEST_CASE("http_server: a body of 64 KiB is served, one byte more is 413 without the handler")
{
  EchoServer echo;
  const std::string limit(std::size_t{64} * 1024, 'a');
  SUBCASE("Content-Length: exactly the limit")
  {
    TestSocket client(echo.port());
    REQUIRE(client.send("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 65536\r\n\r\n" + limit));
    const auto response = client.read_response();
    CHECK(response.status == 200);
    CHECK(response.body.size() > 65536);
    CHECK(echo.calls == 1);
  }
  SUBCASE("Content-Length: one more (answered before the body is sent)")
  {
    TestSocket client(echo.port());
    REQUIRE(client.send("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 65537\r\n\r\n"));
    const auto response = client.read_response();
    CHECK(response.status == 413);
    CHECK(response.headers.at("connection") == "close");
    CHECK(response.body == "the request's body is larger than 65536 bytes\n");
    CHECK(client.closed_within(std::chrono::seconds(2)));
    CHECK(echo.calls == 0);
  }
  SUBCASE("Content-Length: far more")
  {
    TestSocket client(echo.port());
    REQUIRE(client.send("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n"));
    const auto response = client.read_response();
    CHECK((response.status == 413 || response.status == 400));
    CHECK(echo.calls == 0);
  }
  SUBCASE("chunked: exactly the limit")
  {
    TestSocket client(echo.port());
    REQUIRE(client.send("POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(limit, 1000)));
    CHECK(client.read_response().status == 200);
    CHECK(echo.calls == 1);
  }
  SUBCASE("chunked: one more")
  {
    TestSocket client(echo.port());
    REQUIRE(client.send("POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(limit + "a", 1000)));
    const auto response = client.read_response();
    CHECK(response.status == 413);
    CHECK(response.headers.at("connection") == "close");
    CHECK(echo.calls == 0);
  }
  CHECK(echo.wait_for_log(1).size() == 1);
}

TEST_CASE("http_server: a header of 16 KiB is served, more is 431 without the handler")
{
  EchoServer echo;
  // "GET / HTTP/1.1\r\n" (16) + "Host: h\r\n" (9) + "X-Big: " (7) + value + "\r\n" (2) + "\r\n" (2).
  const std::size_t fits = 16 * 1024 - 16 - 9 - 7 - 2 - 2;
  SUBCASE("exactly 16 KiB")
  {
    TestSocket client(echo.port());
    REQUIRE(client.send("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(fits, 'b') + "\r\n\r\n"));
    CHECK(client.read_response().status == 200);
    CHECK(echo.calls == 1);
  }
  SUBCASE("one byte more")
  {
    TestSocket client(echo.port());
    REQUIRE(client.send("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(fits + 1, 'b') + "\r\n\r\n"));
    const auto response = client.read_response();
    CHECK(response.status == 431);
    CHECK(response.body == "the request's header is larger than 16384 bytes\n");
    CHECK(echo.calls == 0);
  }
  SUBCASE("far more (libmicrohttpd's own limit)")
  {
    TestSocket client(echo.port());
    client.send("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(std::size_t{200} * 1024, 'b') + "\r\n\r\n");
    const auto response = client.read_response();
    CHECK(response.status == 431);
    CHECK(echo.calls == 0);
    CHECK(join(echo.wait_for_log(1)) == R"({"method":"","path":"-","status":431,"client":"127.0.0.1","duration_ms":D}
)");
  }
}

TEST_CASE("http_server: a handler that throws is answered 500, and the server goes on")
{
  EchoServer echo([](const net::HttpRequest& request) -> net::HttpResponse {
    if (request.path == "/throw") {
      throw std::runtime_error("boom");
    }
    net::HttpResponse response;
    response.body = "fine";
    return response;
  });
  TestSocket client(echo.port());
  REQUIRE(client.send("GET /throw HTTP/1.1\r\nHost: h\r\n\r\n"));
  const auto response = client.read_response();
  CHECK(response.status == 500);
  CHECK(response.body == "internal server error\n");
  REQUIRE(client.send("GET /next HTTP/1.1\r\nHost: h\r\n\r\n"));
  CHECK(client.read_response().body == "fine");
}

TEST_CASE("http_server: the handler runs on several threads at once")
{
  // /wait returns once /release has been handled: with one thread at a time, it would time out.
  std::mutex mutex;
  std::condition_variable released_or_entered;
  bool entered = false;
  bool released = false;
  EchoServer echo([&](const net::HttpRequest& request) {
    net::HttpResponse response;
    std::unique_lock<std::mutex> lock(mutex);
    if (request.path == "/wait") {
      entered = true;
      released_or_entered.notify_all();
      response.body = released_or_entered.wait_for(lock, std::chrono::seconds(3), [&] { return released; })
                        ? "released"
                        : "timed out";
    } else {
      released = true;
      released_or_entered.notify_all();
      response.body = "releasing";
    }
    return response;
  });
  TestSocket waiting(echo.port());
  REQUIRE(waiting.send("GET /wait HTTP/1.1\r\nHost: h\r\n\r\n"));
  {
    std::unique_lock<std::mutex> lock(mutex);
    REQUIRE(released_or_entered.wait_for(lock, std::chrono::seconds(5), [&] { return entered; }));
  }
  TestSocket releasing(echo.port());
  REQUIRE(releasing.send("GET /release HTTP/1.1\r\nHost: h\r\n\r\n"));
  CHECK(releasing.read_response().body == "releasing");
  CHECK(waiting.read_response().body == "released");
}

TEST_CASE("http_server: a response header with a line break is not sent: 500")
{
  EchoServer echo([](const net::HttpRequest&) {
    net::HttpResponse response;
    response.headers.emplace_back("Location", "/x\r\nSet-Cookie: a=b");
    return response;
  });
  TestSocket client(echo.port());
  REQUIRE(client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  const auto response = client.read_response();
  CHECK(response.status == 500);
  CHECK(response.headers.count("set-cookie") == 0);
}

TEST_CASE("http_server: the access log has one line per answered request, no query, header or body")
{
  EchoServer echo([](const net::HttpRequest& request) {
    net::HttpResponse response;
    if (request.path == "/token") {
      response.client = "ci-client";
      response.status = 401;
    }
    return response;
  });
  TestSocket client(echo.port());
  REQUIRE(client.send("GET /healthz?secret=s3cr3t HTTP/1.1\r\nHost: h\r\nAuthorization: Basic c2VjcmV0\r\n\r\n"));
  CHECK(client.read_response().status == 200);
  REQUIRE(client.send("POST /token HTTP/1.1\r\nHost: h\r\nContent-Length: 16\r\n\r\npassword=hunter2"));
  CHECK(client.read_response().status == 401);
  REQUIRE(client.send("POST /p\xff\"q HTTP/1.1\r\nHost: h\r\nContent-Length: 70000\r\n\r\n"));
  CHECK(client.read_response().status == 413);
  CHECK(join(echo.wait_for_log(3))
        == R"({"method":"GET","path":"/healthz","status":200,"client":"127.0.0.1","duration_ms":D}
{"method":"POST","path":"/token","status":401,"client":"ci-client","duration_ms":D}
{"method":"POST","path":"-","status":413,"client":"127.0.0.1","duration_ms":D}
)");
}

TEST_CASE("access_log_line: milliseconds with up to three decimals")
{
  using std::chrono::microseconds;
  CHECK(net::access_log_line("GET", "/", 200, "::1", microseconds(1234)) ==
        R"({"method":"GET","path":"/","status":200,"client":"::1","duration_ms":1.234})");
  CHECK(net::access_log_line("GET", "/", 200, "::1", std::chrono::nanoseconds(2500999)) ==
        R"({"method":"GET","path":"/","status":200,"client":"::1","duration_ms":2.5})");
  CHECK(net::access_log_line("GET", "/", 200, "::1", microseconds(0)) ==
        R"({"method":"GET","path":"/","status":200,"client":"::1","duration_ms":0.0})");
}

TEST_CASE("http_server: stop() lets the request in flight finish, then closes every connection")
{
  std::mutex mutex;
  std::condition_variable entered;
  bool in_handler = false;
  EchoServer echo([&](const net::HttpRequest&) {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      in_handler = true;
    }
    entered.notify_all();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    net::HttpResponse response;
    response.body = "finished";
    return response;
  });
  TestSocket idle(echo.port()); // a keep-alive connection with no request: closed by stop()
  TestSocket client(echo.port());
  REQUIRE(client.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n"));
  {
    std::unique_lock<std::mutex> lock(mutex);
    REQUIRE(entered.wait_for(lock, std::chrono::seconds(5), [&] { return in_handler; }));
  }
  const auto before = std::chrono::steady_clock::now();
  echo.server->stop();
  CHECK(std::chrono::steady_clock::now() - before >= std::chrono::milliseconds(300));
  const auto response = client.read_response();
  CHECK(response.status == 200);
  CHECK(response.body == "finished");
  CHECK(response.headers.at("connection") == "close");
  CHECK(idle.closed_within(std::chrono::seconds(1)));
  // And nothing listens any more.
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(echo.port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the socket API's address type
  CHECK(::connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0);
  ::close(probe);
  echo.server->stop(); // twice: nothing more
}

TEST_CASE("http_server: a connection that sends nothing, or too slowly, is closed after idle_timeout")
{
  net::ServerLimits limits;
  limits.idle_timeout = std::chrono::seconds(1);
  EchoServer echo({}, limits);
  TestSocket silent(echo.port());
  TestSocket slow(echo.port());
  const auto started = std::chrono::steady_clock::now();
  bool slow_closed = false;
  // A header byte every 100 ms: never idle for a second, yet the request never ends.
  const std::string request = "GET / HTTP/1.1\r\nHost: h\r\nX-Slow: " + std::string(100, 's');
  for (const char byte : request) {
    if (!slow.send(std::string(1, byte)) || slow.closed_within(std::chrono::milliseconds(100))) {
      slow_closed = true;
      break;
    }
  }
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(slow_closed);
  CHECK(elapsed >= std::chrono::milliseconds(900));
  CHECK(elapsed < std::chrono::milliseconds(2500));
  CHECK(silent.closed_within(std::chrono::milliseconds(100)));
  CHECK(echo.calls == 0);
}

TEST_CASE("http_server: port in use is one line")
{
  EchoServer echo;
  auto second = net::HttpServer::start(net::ListenAddress{"127.0.0.1", echo.port()}, {},
                                       [](const net::HttpRequest&) { return net::HttpResponse{}; }, {});
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().kind == jwt::ErrorKind::io);
  CHECK(second.error().message == "127.0.0.1:" + std::to_string(echo.port()) + ": address already in use");
}

TEST_CASE("http_server: IPv6 loopback")
{
  auto server = net::HttpServer::start(net::ListenAddress{"::1", 0}, {},
                                       [](const net::HttpRequest&) { return net::HttpResponse{}; }, {});
  if (!server.ok()) {
    MESSAGE("no IPv6 here: " << server.error().message);
    return;
  }
  CHECK((*server)->port() != 0);
}

TEST_CASE("polling_threads: ServerLimits::threads, else one per core and at least 2")
{
  net::ServerLimits limits;
  CHECK(net::polling_threads(limits) == std::max(2U, std::thread::hardware_concurrency()));
  CHECK(net::polling_threads(limits) >= 2);
  limits.threads = 1;
  CHECK(net::polling_threads(limits) == 1);
  limits.threads = 7;
  CHECK(net::polling_threads(limits) == 7);
}

TEST_CASE("HttpRequest::header: the first value of a lower-case name")
{
  net::HttpRequest request;
  request.headers = {{"host", "a"}, {"x-two", "first"}, {"x-two", "second"}};
  REQUIRE(request.header("x-two") != nullptr);
  CHECK(*request.header("x-two") == "first");
  CHECK(request.header("X-Two") == nullptr);
  CHECK(request.header("absent") == nullptr);
}

TEST_CASE("parse_listen_address")
{
  struct Good {
    const char* text;
    const char* host;
    std::uint16_t port;
  };
  for (const Good& good : {Good{"127.0.0.1:8080", "127.0.0.1", 8080}, Good{"0.0.0.0:0", "0.0.0.0", 0},
                           Good{"[::1]:65535", "::1", 65535}, Good{"[::]:443", "::", 443},
                           Good{"10.1.2.3:00080", "10.1.2.3", 80}}) {
    CAPTURE(good.text);
    const auto parsed = net::parse_listen_address(good.text);
    REQUIRE(parsed.ok());
    CHECK(parsed->host == good.host);
    CHECK(parsed->port == good.port);
  }
  struct Bad {
    const char* text;
    const char* message;
  };
  for (const Bad& bad : {
         Bad{"localhost:8080",
             R"("localhost:8080": not an IP address (host names are not resolved: give 127.0.0.1:8080 or [::1]:8080))"},
         Bad{"example.com:80",
             R"("example.com:80": not an IP address (host names are not resolved: give 127.0.0.1:8080 or [::1]:8080))"},
         Bad{"127.0.0.1", R"("127.0.0.1": no port (give ADDRESS:PORT, e.g. 127.0.0.1:8080))"},
         Bad{"127.0.0.1:", R"("127.0.0.1:": the port must be a number from 0 to 65535)"},
         Bad{"127.0.0.1:65536", R"("127.0.0.1:65536": the port must be a number from 0 to 65535)"},
         Bad{"127.0.0.1:-1", R"("127.0.0.1:-1": the port must be a number from 0 to 65535)"},
         Bad{"127.0.0.1:+80", R"("127.0.0.1:+80": the port must be a number from 0 to 65535)"},
         Bad{"127.0.0.1:999999", R"("127.0.0.1:999999": the port must be a number from 0 to 65535)"},
         Bad{"127.1:80",
             R"("127.1:80": not an IP address (host names are not resolved: give 127.0.0.1:8080 or [::1]:8080))"},
         Bad{"::1:8080", R"("::1:8080": an IPv6 address goes between brackets (e.g. [::1]:8080))"},
         Bad{"[::1]", R"("[::1]": no port (give ADDRESS:PORT, e.g. [::1]:8080))"},
         Bad{"[::1:8080", R"("[::1:8080": no ']' after the IPv6 address (give [::1]:8080))"},
         Bad{"[localhost]:80", R"("[localhost]:80": not an IPv6 address between the brackets)"},
         Bad{"", R"("": no port (give ADDRESS:PORT, e.g. 127.0.0.1:8080))"},
       }) {
    CAPTURE(bad.text);
    const auto parsed = net::parse_listen_address(bad.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().kind == jwt::ErrorKind::invalid_argument);
    CHECK(parsed.error().message == bad.message);
  }
  CHECK(net::to_string(net::ListenAddress{"::1", 8080}) == "[::1]:8080");
  CHECK(net::to_string(net::ListenAddress{"127.0.0.1", 0}) == "127.0.0.1:0");
}
