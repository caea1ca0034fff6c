// A test-only server on net::HttpServer for tests/net/test_http_server.py: serves on
// 127.0.0.1 (port 0: any free one, printed as "port N" on standard output), writes the access
// log on standard error, and stops gracefully on SIGTERM or SIGINT (util::StopSignals), exit 0.
//   http_test_server PORT IDLE_TIMEOUT_SECONDS
// GET /slow?MS sleeps MS milliseconds before answering; anything else answers "ok".
#include "net/http_server.hpp"
#include "util/process.hpp"

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

int main(int argc, char** argv)
try {
  if (argc != 3) {
    std::cerr << "usage: http_test_server PORT IDLE_TIMEOUT_SECONDS\n";
    return 2;
  }
  const util::StopSignals stop_signals; // before the server's threads start
  net::ServerLimits limits;
  limits.idle_timeout = std::chrono::seconds(std::stoi(argv[2]));
  const auto handler = [](const net::HttpRequest& request) {
    net::HttpResponse response;
    response.headers.emplace_back("Content-Type", "text/plain");
    if (request.path == "/slow") {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(request.query)));
      response.body = "slow done\n";
    } else {
      response.body = "ok\n";
    }
    return response;
  };
  const auto log = [](const std::string& line) { std::cerr << line << '\n' << std::flush; };
  auto server = net::HttpServer::start(net::ListenAddress{"127.0.0.1", static_cast<std::uint16_t>(std::stoi(argv[1]))},
                                       limits, handler, log);
  if (!server) {
    std::cerr << "http_test_server: " << server.error().message << '\n';
    return 2;
  }
  std::cout << "port " << (*server)->port() << '\n' << std::flush;
  const int signal_number = stop_signals.wait();
  std::cerr << "http_test_server: signal " << signal_number << ", stopping\n" << std::flush;
  (*server)->stop();
  std::cerr << "http_test_server: stopped\n" << std::flush;
  return 0;
} catch (const std::exception& error) {
  std::cerr << "http_test_server: " << error.what() << '\n';
  return 2;
}
