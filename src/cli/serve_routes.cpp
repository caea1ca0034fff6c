#include "cli/serve_routes.hpp"

#include "cli/jwks.hpp"
#include "cli/serve_requests.hpp"
#include "cli/serve_responses.hpp"
#include "cli/session.hpp"

#include "jwt/verify.hpp"
#include "net/form.hpp"

#include <exception>
#include <fmt/core.h>
#include <utility>

namespace cli {

// The store behind one mutex: the SQLite and Redis handles are not thread-safe, and every call
// is one short statement or script, so serializing the calls costs little and keeps one handle
// (a handle per thread would need closing in threads that the transport owns).
class ServeRoutes::LockedStore final : public jwt::TokenStore
{
public:
  explicit LockedStore(std::unique_ptr<jwt::TokenStore> store) : m_store(std::move(store))
  {
  }
  jwt::Status start_session(std::string_view sid, const jwt::Session& session, jwt::NumericDate now) override
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return open() ? m_store->start_session(sid, session, now) : closed();
  }
  jwt::Result<jwt::SpendOutcome> spend(std::string_view jti, std::string_view sid, jwt::NumericDate expires_at,
                                       jwt::NumericDate now, jwt::SpendMode mode) override
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (!open()) {
      return closed();
    }
    return m_store->spend(jti, sid, expires_at, now, mode);
  }
  jwt::Status revoke_token(std::string_view jti, jwt::NumericDate expires_at, jwt::NumericDate now) override
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return open() ? m_store->revoke_token(jti, expires_at, now) : closed();
  }
  jwt::Result<jwt::SessionFound> revoke_session(std::string_view sid, jwt::NumericDate expires_at,
                                                 jwt::NumericDate now) override
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (!open()) {
      return closed();
    }
    return m_store->revoke_session(sid, expires_at, now);
  }
  jwt::Result<jwt::Revocation> revocation(std::string_view jti, std::string_view sid) override
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (!open()) {
      return closed();
    }
    return m_store->revocation(jti, sid);
  }
  void close()
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_store.reset();
  }

private:
  bool open() const noexcept
  {
    return m_store != nullptr;
  }
  static jwt::Error closed()
  {
    return jwt::make_error(jwt::ErrorKind::store_unavailable, "the token store is closed (shutting down)");
  }
  std::mutex m_mutex;
  std::unique_ptr<jwt::TokenStore> m_store;
};

ServeRoutes::ServeRoutes(ServeSetup setup) : m_setup(std::move(setup))
{
  if (m_setup.store) {
    m_store = std::make_unique<LockedStore>(std::move(m_setup.store));
  }
  // The key that signs is published with the algorithm it signs with (--alg PS256 for an RSA key).
  jwt::Json set = public_key_set(*m_setup.keys);
  const jwt::Json& header = m_setup.signing->header;
  if (const auto kid = header.find("kid"); kid != header.end()) {
    for (jwt::Json& entry : set.at("keys")) {
      if (entry.at("kid") == *kid) {
        entry["alg"] = header.at("alg");
      }
    }
  }
  m_jwks = set.dump();
}

ServeRoutes::~ServeRoutes() = default;

void ServeRoutes::set_issuer(std::string issuer)
{
  const std::lock_guard<std::mutex> lock(m_issuer_mutex);
  m_setup.issuer = std::move(issuer);
}

std::string ServeRoutes::issuer() const
{
  const std::lock_guard<std::mutex> lock(m_issuer_mutex);
  return m_setup.issuer;
}

void ServeRoutes::close_store()
{
  if (m_store) {
    m_store->close();
  }
}

namespace {

// What /revoke and /introspect verify with: the server's own tokens only (its iss).
jwt::VerifyPolicy own_tokens_policy(const std::string& issuer)
{
  jwt::VerifyPolicy policy;
  policy.claims.issuer = issuer;
  return policy;
}

// The claims of a token minted for `principal` by this server at `now`.
jwt::NewClaims principal_claims(const Principal& principal, const std::string& issuer, jwt::NumericDate now,
                                const std::string& client_id)
{
  jwt::NewClaims claims = principal.claims;
  claims.issuer = issuer;
  claims.issued_at = now;
  if (!client_id.empty()) {
    claims.custom["client_id"] = client_id;
  }
  return claims;
}

} // namespace

net::HttpResponse ServeRoutes::handle(const net::HttpRequest& request) const
{
  try {
    struct Route {
      std::string_view path;
      std::string_view method;
      net::HttpResponse (ServeRoutes::*post)(const net::HttpRequest&) const;
    };
    const std::string& path = request.path;
    const bool get = request.method == "GET";
    if (path == "/healthz" || path == "/jwks.json" || path == "/.well-known/openid-configuration"
        || path == "/.well-known/oauth-authorization-server") {
      if (!get) {
        return method_not_allowed("GET");
      }
      if (path == "/healthz") {
        return json_response(200, jwt::Json{{"status", "ok"}});
      }
      if (path == "/jwks.json") {
        net::HttpResponse response;
        response.headers.emplace_back("Content-Type", "application/json");
        response.body = m_jwks;
        return response;
      }
      return metadata();
    }
    const Route posts[] = {
      {"/token", "POST", &ServeRoutes::token},
      {"/token/refresh", "POST", &ServeRoutes::walkthrough_refresh},
      {"/revoke", "POST", &ServeRoutes::revoke},
      {"/introspect", "POST", &ServeRoutes::introspect},
    };
    for (const Route& route : posts) {
      if (path != route.path || (route.path == "/revoke" && !m_store)) {
        continue;
      }
      return request.method == route.method ? (this->*route.post)(request) : method_not_allowed(route.method);
    }
    // Logged as a fixed path: what a client sends to no route may carry a secret
    // ("/token/refresh;refresh_token=...").
    net::HttpResponse unknown = not_found();
    unknown.log_path = "(unknown)";
    return unknown;
  } catch (const std::exception&) {
    return server_error(); // a JSON or allocation failure: never a crash of the server
  }
}

net::HttpResponse ServeRoutes::metadata() const
{
  const std::string base = issuer();
  jwt::Json document = jwt::Json::object();
  document["issuer"] = base;
  document["token_endpoint"] = base + "/token";
  document["jwks_uri"] = base + "/jwks.json";
  // Revocation and introspection need an authenticated client: without --clients none can.
  if (m_store && m_setup.clients) {
    document["revocation_endpoint"] = base + "/revoke";
  }
  if (m_setup.clients) {
    document["introspection_endpoint"] = base + "/introspect";
  }
  document["grant_types_supported"] = m_setup.clients ? jwt::Json{"client_credentials", "password", "refresh_token"}
                                                      : jwt::Json{"refresh_token"};
  document["token_endpoint_auth_methods_supported"] =
    m_setup.clients ? jwt::Json{"client_secret_basic", "client_secret_post"} : jwt::Json{"none"};
  document["id_token_signing_alg_values_supported"] = {m_setup.signing->header.at("alg")};
  // RFC 8414 §2 makes response_types_supported REQUIRED with no exception, but its values are
  // the authorization endpoint's, which this server has not (no implicit "token" flow): empty.
  document["response_types_supported"] = jwt::Json::array();
  document["subject_types_supported"] = {"public"};
  return json_response(200, document);
}

net::HttpResponse ServeRoutes::token(const net::HttpRequest& request) const
{
  auto form = body_form(request);
  if (!form) {
    return invalid_request(form.error().message);
  }
  const std::string* grant = parameter(*form, "grant_type");
  if (grant == nullptr) {
    return invalid_request("grant_type is missing");
  }
  const bool client_credentials = *grant == "client_credentials";
  const bool password = *grant == "password";
  if (!client_credentials && !password && *grant != "refresh_token") {
    return oauth_error(400, "unsupported_grant_type",
                       "grant_type must be client_credentials, password or refresh_token");
  }
  if ((client_credentials || password) && !m_setup.clients) {
    return oauth_error(400, "unauthorized_client",
                       "this server has no clients (--clients): only the refresh_token grant is offered");
  }
  ClientAuthentication client;
  if (m_setup.clients) {
    client = authenticate_client(m_setup.clients, request, *form);
    if (client.refusal) {
      return std::move(*client.refusal);
    }
  }
  auto now = resolve_now(m_setup.clock);
  if (!now) {
    return server_error();
  }
  net::HttpResponse response = client_credentials ? client_credentials_grant(*client.client, client.id, *now)
                               : password          ? password_grant(*form, client.id, *now)
                                                   : refresh_token_grant(*form, client.id, *now);
  response.client = client.id;
  return response;
}

net::HttpResponse ServeRoutes::client_credentials_grant(const Principal& client, const std::string& client_id,
                                                        jwt::NumericDate now) const
{
  // RFC 6749 §4.4.3: no refresh token.
  auto access = mint_new_token(principal_claims(client, issuer(), now, client_id), jwt::k_access_type,
                               m_setup.access_life, *m_setup.signing);
  if (!access) {
    return server_error();
  }
  return token_response(TokenResponse{std::move(access).value(), std::nullopt, m_setup.access_life});
}

net::HttpResponse ServeRoutes::password_grant(const net::Form& form, const std::string& client_id,
                                              jwt::NumericDate now) const
{
  const std::string* username = parameter(form, "username");
  const std::string* secret = parameter(form, "password");
  if (username == nullptr || secret == nullptr) {
    return invalid_request("the password grant needs username and password");
  }
  const Principal* user = authenticate(m_setup.clients->users, *username, *secret);
  if (user == nullptr) {
    return oauth_error(400, "invalid_grant", "Invalid username or password");
  }
  jwt::NewClaims claims = principal_claims(*user, issuer(), now, client_id);
  std::chrono::seconds access_life = m_setup.access_life;
  std::chrono::seconds refresh_life = m_setup.refresh_life;
  if (m_store) {
    if (auto session = begin_session(*m_store, now, m_setup.session_max_age, claims, access_life, refresh_life);
        !session) {
      return session.error().kind == jwt::ErrorKind::store_unavailable ? store_unavailable() : server_error();
    }
  }
  auto tokens = mint_login_pair(std::move(claims), access_life, refresh_life, *m_setup.signing);
  if (!tokens) {
    return server_error();
  }
  return token_response(*tokens);
}

net::HttpResponse ServeRoutes::refresh_token_grant(const net::Form& form, const std::string& client_id,
                                                   jwt::NumericDate now) const
{
  const std::string* presented = parameter(form, "refresh_token");
  if (presented == nullptr) {
    return invalid_request("refresh_token is missing");
  }
  // With a store, rotation as refresh --rotate; without, as refresh.
  auto tokens = refresh(*presented, now, m_store != nullptr, m_setup.clients ? &client_id : nullptr);
  if (!tokens) {
    return refresh_grant_error(tokens.error());
  }
  return token_response(*tokens);
}

jwt::Result<TokenResponse> ServeRoutes::refresh(const std::string& presented, jwt::NumericDate now, bool rotate,
                                                const std::string* client_id) const
{
  jwt::VerifyPolicy policy;
  policy.claims.expected_type = std::string(jwt::k_refresh_type);
  policy.claims.issuer = issuer(); // only the server's own tokens: another iss, or none, is invalid
  jwt::Verifier verifier(*m_setup.keys, policy);
  auto verified = verifier.verify(presented, now);
  if (!verified) {
    return std::move(verified).error();
  }
  // RFC 6749 §6: a refresh token issued to one client is refused to another.
  if (client_id != nullptr && string_claim(verified->claims, "client_id") != *client_id) {
    return jwt::make_error(jwt::ErrorKind::invalid_claim, "issued to another client", "client_id");
  }
  RefreshGrant grant;
  grant.refresh_token = &*verified;
  grant.now = now;
  grant.store = m_store.get();
  grant.rotate = rotate;
  grant.access_life = m_setup.access_life;
  KeyOptions key_options;
  key_options.allow_weak_key = m_setup.allow_weak_key;
  grant.key_options = &key_options;
  grant.issuer = issuer(); // what the server mints carries its issuer, never the presented one's
  return refresh_tokens(grant);
}

net::HttpResponse ServeRoutes::walkthrough_refresh(const net::HttpRequest& request) const
{
  const auto invalid = [] {
    return detail(401, "Invalid refresh token");
  };
  // The token as a query parameter (the FastAPI route's) or a form field: one of them, once.
  auto query = net::parse_form(request.query);
  if (!query) {
    return invalid();
  }
  std::optional<net::Form> form;
  if (has_form_body(request)) {
    auto parsed = net::parse_form(request.body);
    if (!parsed) {
      return invalid();
    }
    form = std::move(parsed).value();
  }
  const std::string* in_query = parameter(*query, "refresh_token");
  const std::string* in_form = form ? parameter(*form, "refresh_token") : nullptr;
  if ((in_query == nullptr) == (in_form == nullptr)) {
    return invalid();
  }
  auto now = resolve_now(m_setup.clock);
  if (!now) {
    return detail(500, "Internal Server Error");
  }
  // Never rotated nor spent here: as refresh --no-rotate.
  auto tokens = refresh(in_query != nullptr ? *in_query : *in_form, *now, false, nullptr);
  if (!tokens) {
    switch (classify_refresh_failure(tokens.error().kind)) {
    case RefreshFailure::expired: return detail(401, "Refresh token expired");
    case RefreshFailure::wrong_type: return detail(401, "Invalid token type");
    case RefreshFailure::not_a_token:
      return tokens.error().kind == jwt::ErrorKind::store_unavailable ? detail(503, "Token store unavailable")
                                                                       : detail(500, "Internal Server Error");
    case RefreshFailure::reused:
    case RefreshFailure::revoked:
    case RefreshFailure::invalid: break;
    }
    return invalid();
  }
  jwt::Json body = jwt::Json::object();
  body["access_token"] = tokens->access_token;
  body["token_type"] = "bearer";
  return no_store(json_response(200, body));
}

net::HttpResponse ServeRoutes::revoke(const net::HttpRequest& request) const
{
  TokenRequest client = read_token_request(m_setup.clients, request);
  if (client.refusal) {
    return std::move(*client.refusal);
  }
  const std::string* presented = &client.token;
  net::HttpResponse done;
  done.client = client.id;
  auto now = resolve_now(m_setup.clock);
  if (!now) {
    return server_error();
  }
  jwt::Verifier verifier(*m_setup.keys, own_tokens_policy(issuer()));
  auto verified = verifier.verify(*presented, *now);
  if (!verified) {
    return done; // RFC 7009 §2.2: an invalid token needs no revoking
  }
  const jwt::Json& claims = verified->claims;
  // RFC 7009 §2.1: only a token issued to the client asking is revoked. Another client's gets
  // the answer of an invalid token (200, nothing revoked), so as not to tell it the token is live.
  if (string_claim(claims, "client_id") != client.id) {
    return done;
  }
  const std::string jti = string_claim(claims, "jti");
  if (!jti.empty()) {
    if (auto revoked = m_store->revoke_token(jti, token_end(claims), *now); !revoked) {
      return store_unavailable();
    }
  }
  // RFC 7009 §2.1: revoking a refresh token ends its grant: the session, every token of it.
  const std::string sid = string_claim(claims, k_session_claim);
  if (!sid.empty() && string_claim(claims, std::string(jwt::k_type_claim)) == jwt::k_refresh_type) {
    if (auto revoked = m_store->revoke_session(sid, jwt::k_never, *now); !revoked) {
      return store_unavailable();
    }
  }
  return done;
}

net::HttpResponse ServeRoutes::introspect(const net::HttpRequest& request) const
{
  TokenRequest client = read_token_request(m_setup.clients, request);
  if (client.refusal) {
    return std::move(*client.refusal);
  }
  const std::string* presented = &client.token;
  auto now = resolve_now(m_setup.clock);
  if (!now) {
    return server_error();
  }
  jwt::Json body = jwt::Json::object();
  body["active"] = false;
  jwt::Verifier verifier(*m_setup.keys, own_tokens_policy(issuer()));
  auto verified = verifier.verify(*presented, *now);
  if (verified && m_store) {
    if (auto live = check_not_revoked(*m_store, verified->claims); !live) {
      if (live.error().kind == jwt::ErrorKind::store_unavailable) {
        return store_unavailable();
      }
      verified = std::move(live).error();
    }
  }
  if (verified) {
    body["active"] = true;
    const jwt::Json& claims = verified->claims;
    for (const char* name : {"sub", "exp", "iat", "iss", "aud", "jti", "client_id"}) {
      if (const auto member = claims.find(name); member != claims.end()) {
        body[name] = *member;
      }
    }
    // RFC 7662 §2.2: the RFC 6749 token type; jwtool's own (access, refresh) beside it.
    body["token_type"] = "bearer";
    if (const auto type = claims.find(jwt::k_type_claim); type != claims.end()) {
      body["jwtool_type"] = *type;
    }
  }
  net::HttpResponse response = no_store(json_response(200, body));
  response.client = client.id;
  return response;
}

} // namespace cli
