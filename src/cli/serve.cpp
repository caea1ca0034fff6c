#include "cli/command.hpp"
#include "cli/grants.hpp"
#include "cli/options.hpp"
#include "cli/render.hpp"
#include "cli/serve_clients.hpp"
#include "cli/serve_routes.hpp"
#include "cli/store_options.hpp"

#include "net/http_server.hpp"
#include "util/process.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fmt/core.h>
#include <thread>

namespace cli {

namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string issuer;
  std::string clients_file;
  std::string alg;
  std::string kid;
  std::string access_ttl;
  std::string refresh_ttl;
  std::string session_max_age;
  KeyOptions key;
  ClockOptions clock;
  StoreOptions store;
};

jwt::Error usage(std::string message)
{
  return jwt::make_error(jwt::ErrorKind::invalid_argument, std::move(message));
}

// "http://127.0.0.1:8080", "http://[::1]:8080": what the server is reached at.
std::string listen_url(const net::ListenAddress& address, std::uint16_t port)
{
  const bool ipv6 = address.host.find(':') != std::string::npos;
  return fmt::format(ipv6 ? "http://[{}]:{}" : "http://{}:{}", address.host, port);
}

// One access-log line on standard error, written whole.
void write_log_line(const std::string& json_line)
{
  const std::string line = json_line + "\n";
  static_cast<void>(std::fwrite(line.data(), 1, line.size(), stderr));
}

class ServeCommand final : public Command
{
public:
  explicit ServeCommand(CLI::App& command)
  {
    CLI::App* cmd = &command;
    cmd->add_option("--listen", m_opts.listen,
                    "Listen on ADDR:PORT, an IP address (default 127.0.0.1:8080; [::1]:PORT for IPv6; port 0: any free one)")
      ->type_name("ADDR:PORT");
    cmd->add_option("--issuer", m_opts.issuer,
                    "The tokens' \"iss\" and the base of the endpoints' URLs (default: the listen URL)")
      ->type_name("URL");
    cmd->add_option("--clients", m_opts.clients_file,
                    "The clients and users, with their secrets and claims, as JSON (see below)")
      ->type_name("PATH");
    add_alg_option(*cmd, m_opts.alg,
                   "Signing algorithm (default: the key's \"alg\" in a JWK, else HS256 for a secret, RS256 for "
                   "RSA, the curve's ES* for EC, EdDSA for Ed25519/Ed448)");
    cmd->add_option("--kid", m_opts.kid, "Sign with the key of this kid (from --jwks)")->type_name("KID");
    cmd->add_option("--access-ttl", m_opts.access_ttl, "Lifetime of the access tokens (default 30m)")
      ->type_name("DURATION");
    cmd->add_option("--refresh-ttl", m_opts.refresh_ttl, "Lifetime of the refresh tokens (default 7d)")
      ->type_name("DURATION");
    add_key_options(*cmd, m_opts.key, KeyUse::mint);
    add_clock_options(*cmd, m_opts.clock);
    add_store_option(*cmd, m_opts.store);
    cmd->add_option("--session-max-age", m_opts.session_max_age,
                    "With a store: a login's session's absolute limit (default 30d)")
      ->type_name("DURATION")
      ->group("Store");
    cmd->footer(R"TXT(Endpoints:
  POST /token                 RFC 6749: grant_type client_credentials, password or refresh_token
  POST /token/refresh         the walkthrough's route: refresh_token as a query or form parameter
  POST /revoke                RFC 7009 (with a store)
  POST /introspect            RFC 7662
  GET  /.well-known/openid-configuration, /.well-known/oauth-authorization-server   RFC 8414
  GET  /jwks.json             the public keys, as 'jwtool jwks' prints them (never an HMAC key)
  GET  /healthz
--clients PATH: {"clients": {"ID": {"secret": "...", "claims": {...}}},
                 "users": {"NAME": {"password": "...", "claims": {...}}}}
Without --clients, only the refresh_token grant is offered. Every request is logged on standard
error as one JSON line (never a token or a secret). SIGTERM or SIGINT stops the server
gracefully (exit 0). --now is resolved again for every request: an offset moves with the clock.

Examples:
  jwtool serve --secret-file key.bin --clients clients.json --store sqlite:jwtool.db &
  curl -s -d grant_type=password -d username=alice -d password=wonderland \
       -u ci:ci-secret http://127.0.0.1:8080/token)TXT");
  }

  jwt::Status run() override
  {
    auto address = net::parse_listen_address(m_opts.listen);
    if (!address) {
      return usage("--listen: " + address.error().message);
    }
    auto routes = make_routes(*address);
    if (!routes) {
      return std::move(routes).error();
    }
    // Before any server thread starts, so that they all leave SIGTERM and SIGINT to wait().
    const util::StopSignals signals;
    ServeRoutes& handler = **routes;
    net::ServerLimits limits;
    if (handler.has_store()) {
      // A request waiting on the store (its calls go one at a time, behind a mutex) holds its
      // thread: with more threads than cores, requests that need no store are answered meanwhile.
      limits.threads = std::max(4U, std::thread::hardware_concurrency());
    }
    auto server = net::HttpServer::start(
      *address, limits, [&handler](const net::HttpRequest& request) { return handler.handle(request); },
      write_log_line);
    if (!server) {
      return std::move(server).error();
    }
    const std::string url = listen_url(*address, (*server)->port());
    if (m_opts.issuer.empty()) {
      handler.set_issuer(url);
    }
    print_status(fmt::format("serving on {}", url));
    signals.wait();
    (*server)->stop();
    handler.close_store();
    return jwt::Ok{};
  }

private:
  jwt::Result<std::unique_ptr<ServeRoutes>> make_routes(const net::ListenAddress& address)
  {
    ServeSetup setup;
    if (auto lives = read_lifetimes(setup); !lives) {
      return std::move(lives).error();
    }
    if (auto now = resolve_now(m_opts.clock); !now) {
      return std::move(now).error();
    }
    setup.clock = m_opts.clock;
    if (!m_opts.issuer.empty() && !util::istarts_with(m_opts.issuer, "http://")
        && !util::istarts_with(m_opts.issuer, "https://")) {
      return usage("--issuer: expected an http:// or https:// URL");
    }
    setup.issuer = m_opts.issuer.empty() ? listen_url(address, address.port) : m_opts.issuer;
    while (setup.issuer.size() > 1 && setup.issuer.back() == '/') {
      setup.issuer.pop_back();
    }
    auto keys = load_keys(m_opts.key);
    if (m_opts.key.secret) {
      jwt::wipe(*m_opts.key.secret); // the ring holds it now
    }
    if (!keys) {
      return std::move(keys).error();
    }
    setup.keys = std::make_unique<jwt::KeyRing>(std::move(keys).value());
    auto signing = choose_signing_key(m_opts.key, *setup.keys, SigningChoice{m_opts.kid, false, m_opts.alg},
                                      jwt::Json::object());
    if (!signing) {
      return std::move(signing).error();
    }
    setup.signing.emplace(std::move(signing).value());
    setup.allow_weak_key = m_opts.key.allow_weak_key;
    if (!m_opts.clients_file.empty()) {
      auto clients = load_clients(m_opts.clients_file);
      if (!clients) {
        return std::move(clients).error();
      }
      setup.clients.emplace(std::move(clients).value());
    }
    auto store = open_store(m_opts.store);
    if (!store) {
      return std::move(store).error();
    }
    setup.store = std::move(store).value();
    return std::make_unique<ServeRoutes>(std::move(setup));
  }

  jwt::Status read_lifetimes(ServeSetup& setup) const
  {
    const struct {
      const char* flag;
      const std::string& text;
      std::chrono::seconds& life;
    } flags[] = {
      {"--access-ttl", m_opts.access_ttl, setup.access_life},
      {"--refresh-ttl", m_opts.refresh_ttl, setup.refresh_life},
      {"--session-max-age", m_opts.session_max_age, setup.session_max_age},
    };
    for (const auto& flag : flags) {
      if (flag.text.empty()) {
        continue;
      }
      auto life = duration_from_flag(flag.flag, flag.text, ZeroDuration::refused);
      if (!life) {
        return std::move(life).error();
      }
      flag.life = *life;
    }
    if (!m_opts.session_max_age.empty()) {
      auto url = store_url(m_opts.store);
      if (!url) {
        return std::move(url).error();
      }
      if (url->empty()) {
        return usage("--session-max-age needs a token store: give --store URL or set $JWTOOL_STORE");
      }
    }
    return jwt::Ok{};
  }

  ServeOptions m_opts;
};

} // namespace

std::unique_ptr<Command> make_serve_command(CLI::App& command)
{
  return std::make_unique<ServeCommand>(command);
}

} // namespace cli
