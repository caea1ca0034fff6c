#pragma once

// `jwtool serve`: the token server's endpoints as one pure function of a request, for the
// HTTP transport (net::HttpServer) to call from its threads, and for tests to call directly.

#include "cli/grants.hpp"
#include "cli/options.hpp"
#include "cli/serve_clients.hpp"

#include "jwt/keys.hpp"
#include "jwt/store.hpp"
#include "net/form.hpp"
#include "net/http_server.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace cli {

// Everything the server answers from, made once at start-up.
struct ServeSetup {
  std::unique_ptr<jwt::KeyRing> keys; // they verify, and one of them signs (`signing` refers to it)
  std::optional<SigningKey> signing;
  bool allow_weak_key = false;
  std::optional<Clients> clients;          // --clients; without: no client_credentials nor password grant
  std::unique_ptr<jwt::TokenStore> store;  // --store; null without one
  std::string issuer;                      // the tokens' iss and the base of the endpoints' URLs
  ClockOptions clock;                      // --now, resolved again for every request
  std::chrono::seconds access_life = jwt::k_default_access_lifetime;
  std::chrono::seconds refresh_life = jwt::k_default_refresh_lifetime;
  std::chrono::seconds session_max_age{30 * 24 * 60 * 60};
};

class ServeRoutes
{
public:
  explicit ServeRoutes(ServeSetup setup);
  ServeRoutes(const ServeRoutes&) = delete;
  ServeRoutes& operator=(const ServeRoutes&) = delete;
  ServeRoutes(ServeRoutes&&) = delete;
  ServeRoutes& operator=(ServeRoutes&&) = delete;
  ~ServeRoutes();

  // The answer to one request. Thread-safe: the store is behind a mutex, everything else is
  // read only (a Verifier is made per request).
  net::HttpResponse handle(const net::HttpRequest& request) const;

  // The issuer, once the port is known (--listen with port 0 and no --issuer).
  void set_issuer(std::string issuer);

  // Closes the store: after the server has stopped, before the process exits.
  void close_store();

  // Whether requests may wait on a store (a Redis round trip, a SQLite write).
  bool has_store() const { return m_store != nullptr; }

  class LockedStore;

private:
  std::string issuer() const;
  net::HttpResponse token(const net::HttpRequest& request) const;
  net::HttpResponse client_credentials_grant(const Principal& client, const std::string& client_id,
                                             jwt::NumericDate now) const;
  net::HttpResponse password_grant(const net::Form& form, const std::string& client_id, jwt::NumericDate now) const;
  net::HttpResponse refresh_token_grant(const net::Form& form, const std::string& client_id,
                                        jwt::NumericDate now) const;
  // The refresh road for a presented refresh token: verified, bound to `client_id` when given,
  // then refreshed (rotating or not).
  jwt::Result<TokenResponse> refresh(const std::string& presented, jwt::NumericDate now, bool rotate,
                                     const std::string* client_id) const;
  net::HttpResponse walkthrough_refresh(const net::HttpRequest& request) const;
  net::HttpResponse revoke(const net::HttpRequest& request) const;
  net::HttpResponse introspect(const net::HttpRequest& request) const;
  net::HttpResponse metadata() const;

  ServeSetup m_setup;
  std::unique_ptr<LockedStore> m_store; // m_setup.store behind a mutex; null without a store
  std::string m_jwks;                   // the JWK Set, serialized once
  mutable std::mutex m_issuer_mutex;
};

} // namespace cli
