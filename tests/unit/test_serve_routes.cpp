#include "cli/serve_routes.hpp"

#include "asym_support.hpp"
#include "support.hpp"

#include "jwt/token.hpp"
#include "store/open_store.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

constexpr const char* k_secret = "0123456789abcdef0123456789abcdef";
constexpr const char* k_issuer = "http://127.0.0.1:8080";
constexpr double k_now = 1767225600; // 2026-01-01T00:00:00Z
constexpr const char* k_clients = R"({
  "clients": {"ci": {"secret": "ci-secret", "claims": {"scope": "deploy"}}, "a:b": {"secret": "p@ss word"}},
  "users": {"alice": {"password": "wonderland", "claims": {"role": "admin", "aud": "api"}}}
})";

struct Options {
  bool clients = true;
  std::string store; // a store URL, or empty
  std::string now = "2026-01-01T00:00:00Z";
  std::optional<jwt::Key> key; // default: the HMAC secret
  std::string alg;             // --alg; empty: the key's default
};

Options options(bool clients = true, std::string store = {}, std::string now = "2026-01-01T00:00:00Z",
                std::optional<jwt::Key> key = std::nullopt, std::string alg = {})
{
  Options out;
  out.alg = std::move(alg);
  out.clients = clients;
  out.store = std::move(store);
  out.now = std::move(now);
  out.key = std::move(key);
  return out;
}

std::unique_ptr<cli::ServeRoutes> make_server(Options chosen)
{
  cli::ServeSetup setup;
  setup.keys = std::make_unique<jwt::KeyRing>();
  if (chosen.key) {
    setup.keys->add(std::move(*chosen.key));
  } else {
    jwt::Key key;
    key.secret = jwt::Secret(k_secret);
    setup.keys->add(std::move(key));
  }
  auto signing = cli::choose_signing_key(cli::KeyOptions{}, *setup.keys, cli::SigningChoice{{}, false, chosen.alg},
                                         jwt::Json::object());
  REQUIRE(signing);
  setup.signing.emplace(std::move(signing).value());
  if (chosen.clients) {
    auto clients = cli::parse_clients(k_clients);
    REQUIRE(clients);
    setup.clients.emplace(std::move(clients).value());
  }
  if (!chosen.store.empty()) {
    auto store = store::open_store(chosen.store);
    REQUIRE(store);
    setup.store = std::move(store).value();
  }
  setup.issuer = k_issuer;
  setup.clock.now = chosen.now;
  return std::make_unique<cli::ServeRoutes>(std::move(setup));
}

// A SQLite store in a fresh file, removed afterwards.
class TempStore
{
public:
  TempStore()
  {
    std::string pattern = (fs::temp_directory_path() / "jwtool-serve-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    m_dir = pattern;
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;
  ~TempStore()
  {
    std::error_code ignored;
    fs::remove_all(m_dir, ignored);
  }
  std::string url() const
  {
    return "sqlite:" + (fs::path(m_dir) / "store.db").string();
  }

private:
  std::string m_dir;
};

net::HttpRequest request(std::string method, std::string path, std::string body = {},
                         std::vector<std::pair<std::string, std::string>> headers = {})
{
  net::HttpRequest out;
  out.method = std::move(method);
  const auto question = path.find('?');
  if (question != std::string::npos) {
    out.query = path.substr(question + 1);
    path.resize(question);
  }
  out.path = std::move(path);
  out.body = std::move(body);
  out.headers = std::move(headers);
  out.peer = "127.0.0.1";
  return out;
}

net::HttpRequest post(std::string path, std::string body, std::vector<std::pair<std::string, std::string>> headers = {})
{
  headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  return request("POST", std::move(path), std::move(body), std::move(headers));
}

const std::pair<std::string, std::string> k_ci_basic{"authorization", "Basic Y2k6Y2ktc2VjcmV0"}; // ci:ci-secret

std::string header(const net::HttpResponse& response, std::string_view name)
{
  for (const auto& [key, value] : response.headers) {
    if (key == name) {
      return value;
    }
  }
  return "(none)";
}

jwt::Json body_json(const net::HttpResponse& response)
{
  return jwt::Json::parse(response.body);
}

jwt::Json claims_of(const std::string& token)
{
  auto parsed = jwt::parse_token(token);
  REQUIRE(parsed);
  auto claims = jwt::parse_claims(*parsed);
  REQUIRE(claims);
  return std::move(claims).value();
}

// An RFC 6749 §5.2 error, exactly: status, body and the no-store headers.
void check_oauth_error(const net::HttpResponse& response, int status, const std::string& error,
                       const std::string& description)
{
  CHECK(response.status == status);
  CHECK(response.body == jwt::Json{{"error", error}, {"error_description", description}}.dump());
  CHECK(header(response, "Content-Type") == "application/json");
  CHECK(header(response, "Cache-Control") == "no-store");
  CHECK(header(response, "Pragma") == "no-cache");
}

void check_invalid_client(const net::HttpResponse& response, const std::string& description)
{
  check_oauth_error(response, 401, "invalid_client", description);
  CHECK(header(response, "WWW-Authenticate") == R"(Basic realm="jwtool", charset="UTF-8")");
}

// A login of alice by client ci: the token response.
jwt::Json login(const cli::ServeRoutes& server)
{
  const auto response = server.handle(post("/token", "grant_type=password&username=alice&password=wonderland", {k_ci_basic}));
  REQUIRE(response.status == 200);
  return body_json(response);
}

} // namespace

TEST_CASE("serve /token client_credentials: client_secret_basic and client_secret_post, no refresh token")
{
  const auto server = make_server(options());
  for (const auto& req : {post("/token", "grant_type=client_credentials", {k_ci_basic}),
                          post("/token", "grant_type=client_credentials&client_id=ci&client_secret=ci-secret")}) {
    const auto response = server->handle(req);
    REQUIRE(response.status == 200);
    CHECK(response.client == "ci");
    CHECK(header(response, "Content-Type") == "application/json");
    CHECK(header(response, "Cache-Control") == "no-store");
    CHECK(header(response, "Pragma") == "no-cache");
    const jwt::Json body = body_json(response);
    CHECK(body.size() == 3);
    CHECK(body.at("token_type") == "bearer");
    CHECK(body.at("expires_in") == 1800);
    CHECK_FALSE(body.contains("refresh_token"));
    const jwt::Json claims = claims_of(body.at("access_token"));
    CHECK(claims.at("sub") == "ci");
    CHECK(claims.at("iss") == k_issuer);
    CHECK(claims.at("scope") == "deploy");
    CHECK(claims.at("client_id") == "ci");
    CHECK(claims.at("type") == "access");
    CHECK(claims.at("iat") == k_now);
    CHECK(claims.at("exp").get<double>() - claims.at("iat").get<double>() == 1800);
    CHECK(claims.contains("jti"));
  }
  // RFC 6749 §2.3.1: the id and the secret are form-urlencoded before base64 ("a%3Ab:p%40ss+word").
  const auto encoded = server->handle(
    post("/token", "grant_type=client_credentials", {{"authorization", "Basic YSUzQWI6cCU0MHNzK3dvcmQ="}}));
  REQUIRE(encoded.status == 200);
  CHECK(claims_of(body_json(encoded).at("access_token")).at("sub") == "a:b");
}

TEST_CASE("serve /token client authentication failures: 401 invalid_client with WWW-Authenticate")
{
  const auto server = make_server(options());
  // Wrong by one byte, in either method; an unknown client; no credentials.
  check_invalid_client(server->handle(post("/token", "grant_type=client_credentials",
                                           {{"authorization", "Basic Y2k6Y2ktc2VjcmVU"}})), // ci:ci-secreT
                       "client authentication failed");
  check_invalid_client(server->handle(post("/token", "grant_type=client_credentials&client_id=ci&client_secret=ci-secreT")),
                       "client authentication failed");
  check_invalid_client(server->handle(post("/token", "grant_type=client_credentials&client_id=ci&client_secret=ci-secret2")),
                       "client authentication failed");
  check_invalid_client(server->handle(post("/token", "grant_type=client_credentials&client_id=nobody&client_secret=ci-secret")),
                       "client authentication failed");
  check_invalid_client(server->handle(post("/token", "grant_type=client_credentials")),
                       "client authentication required (Basic, or client_id and client_secret)");
  check_invalid_client(server->handle(post("/token", "grant_type=client_credentials&client_id=ci")),
                       "client authentication required (Basic, or client_id and client_secret)");
  check_invalid_client(server->handle(post("/token", "grant_type=client_credentials", {{"authorization", "Bearer x"}})),
                       "the Authorization header must use the Basic scheme");
  check_invalid_client(server->handle(post("/token", "grant_type=client_credentials", {{"authorization", "Basic %%%"}})),
                       "the Basic credentials are not base64");
  // One method per request.
  check_oauth_error(server->handle(post("/token", "grant_type=client_credentials&client_id=ci&client_secret=ci-secret",
                                        {k_ci_basic})),
                    400, "invalid_request", "use one client authentication method: Basic or client_secret, not both");
  check_oauth_error(server->handle(post("/token", "grant_type=client_credentials&client_id=other", {k_ci_basic})), 400,
                    "invalid_request", "client_id differs from the Basic credentials' client");
}

TEST_CASE("serve /token malformed requests: invalid_request, unsupported_grant_type")
{
  const auto server = make_server(options());
  check_oauth_error(server->handle(post("/token", "")), 400, "invalid_request", "grant_type is missing");
  check_oauth_error(server->handle(post("/token", "grant_type=authorization_code", {k_ci_basic})), 400,
                    "unsupported_grant_type", "grant_type must be client_credentials, password or refresh_token");
  check_oauth_error(server->handle(post("/token", "grant_type=client_credentials&grant_type=client_credentials", {k_ci_basic})),
                    400, "invalid_request", R"(parameter "grant_type" is given more than once)");
  check_oauth_error(server->handle(post("/token", "grant_type=client_credentials&client_id=ci&client_id=ci&client_secret=ci-secret")),
                    400, "invalid_request", R"(parameter "client_id" is given more than once)");
  check_oauth_error(server->handle(post("/token", "grant_type=client_credentials&x=\xff", {k_ci_basic})), 400,
                    "invalid_request", "the form is not UTF-8");
  check_oauth_error(server->handle(post("/token", "grant_type=client_credentials&x=%ff", {k_ci_basic})), 400,
                    "invalid_request", R"(parameter "x": a value that is not UTF-8 once decoded)");
  check_oauth_error(server->handle(post("/token", "grant_type=client_credentials&x=%f", {k_ci_basic})), 400,
                    "invalid_request", R"(parameter "x": a '%' not followed by two hexadecimal digits)");
  check_oauth_error(server->handle(request("POST", "/token", "grant_type=client_credentials",
                                           {{"content-type", "application/json"}, k_ci_basic})),
                    400, "invalid_request", "the body must be application/x-www-form-urlencoded");
  check_oauth_error(server->handle(request("POST", "/token", "grant_type=client_credentials", {k_ci_basic})), 400,
                    "invalid_request", "the body must be application/x-www-form-urlencoded");
  check_oauth_error(server->handle(post("/token", "grant_type=password&username=alice", {k_ci_basic})), 400,
                    "invalid_request", "the password grant needs username and password");
  check_oauth_error(server->handle(post("/token", "grant_type=refresh_token", {k_ci_basic})), 400, "invalid_request",
                    "refresh_token is missing");
}

TEST_CASE("serve /token without --clients: client_credentials and password are unauthorized_client, before authentication")
{
  const auto server = make_server(options(false));
  for (const char* grant : {"client_credentials", "password"}) {
    check_oauth_error(server->handle(post("/token", std::string("grant_type=") + grant, {{"authorization", "Bearer x"}})),
                      400, "unauthorized_client",
                      "this server has no clients (--clients): only the refresh_token grant is offered");
  }
}

TEST_CASE("serve /token password: the login pair with the user's claims; wrong password invalid_grant")
{
  const auto server = make_server(options());
  const jwt::Json body = login(*server);
  CHECK(body.size() == 4);
  CHECK(body.at("token_type") == "bearer");
  CHECK(body.at("expires_in") == 1800);
  const jwt::Json access = claims_of(body.at("access_token"));
  const jwt::Json refresh = claims_of(body.at("refresh_token"));
  CHECK(access.at("sub") == "alice");
  CHECK(access.at("role") == "admin");
  CHECK(access.at("aud") == "api");
  CHECK(access.at("iss") == k_issuer);
  CHECK(access.at("client_id") == "ci");
  CHECK(access.at("fresh") == true);
  CHECK(access.at("type") == "access");
  CHECK(refresh.at("type") == "refresh");
  CHECK(refresh.at("sub") == "alice");
  CHECK_FALSE(refresh.contains("fresh"));
  CHECK(refresh.at("exp").get<double>() - refresh.at("iat").get<double>() == 7 * 24 * 3600);
  CHECK_FALSE(access.contains("sid")); // no store, no session

  check_oauth_error(server->handle(post("/token", "grant_type=password&username=alice&password=wonderlanD", {k_ci_basic})),
                    400, "invalid_grant", "Invalid username or password");
  check_oauth_error(server->handle(post("/token", "grant_type=password&username=bob&password=wonderland", {k_ci_basic})),
                    400, "invalid_grant", "Invalid username or password");
  check_invalid_client(server->handle(post("/token", "grant_type=password&username=alice&password=wonderland")),
                       "client authentication required (Basic, or client_id and client_secret)");
}

TEST_CASE("serve /token refresh_token without a store: as refresh, the walkthrough's errors")
{
  const auto server = make_server(options());
  const jwt::Json pair = login(*server);
  const std::string refresh_token = pair.at("refresh_token");
  const auto response = server->handle(post("/token", "grant_type=refresh_token&refresh_token=" + refresh_token, {k_ci_basic}));
  REQUIRE(response.status == 200);
  const jwt::Json body = body_json(response);
  CHECK_FALSE(body.contains("refresh_token"));
  const jwt::Json access = claims_of(body.at("access_token"));
  CHECK(access.at("sub") == "alice");
  CHECK(access.at("role") == "admin");
  CHECK(access.at("fresh") == false);
  CHECK(header(response, "Cache-Control") == "no-store");

  check_oauth_error(server->handle(post("/token", "grant_type=refresh_token&refresh_token=" + pair.at("access_token").get<std::string>(),
                                        {k_ci_basic})),
                    400, "invalid_grant", "Invalid token type");
  check_oauth_error(server->handle(post("/token", "grant_type=refresh_token&refresh_token=garbage", {k_ci_basic})), 400,
                    "invalid_grant", "Invalid refresh token");
  const auto later = make_server(options(true, "", "2026-01-09T00:00:00Z"));
  check_oauth_error(later->handle(post("/token", "grant_type=refresh_token&refresh_token=" + refresh_token, {k_ci_basic})), 400,
                    "invalid_grant", "Refresh token expired - please login again");
  // Issued to ci: refused to another client (RFC 6749 §6); authentication is required with --clients.
  check_oauth_error(server->handle(post("/token", "grant_type=refresh_token&refresh_token=" + refresh_token,
                                        {{"authorization", "Basic YSUzQWI6cCU0MHNzK3dvcmQ="}})),
                    400, "invalid_grant", "Invalid refresh token");
  check_invalid_client(server->handle(post("/token", "grant_type=refresh_token&refresh_token=" + refresh_token)),
                       "client authentication required (Basic, or client_id and client_secret)");
  // Without --clients, no client authentication.
  const auto open = make_server(options(false));
  CHECK(open->handle(post("/token", "grant_type=refresh_token&refresh_token=" + refresh_token)).status == 200);
}

TEST_CASE("serve /token refresh_token with a store: rotation and reuse detection, as refresh --rotate")
{
  TempStore store;
  const auto server = make_server(options(true, store.url()));
  const jwt::Json pair = login(*server);
  const std::string first = pair.at("refresh_token");
  CHECK(claims_of(first).contains("sid"));
  const auto rotated = server->handle(post("/token", "grant_type=refresh_token&refresh_token=" + first, {k_ci_basic}));
  REQUIRE(rotated.status == 200);
  const jwt::Json body = body_json(rotated);
  const std::string second = body.at("refresh_token");
  CHECK(claims_of(second).at("sid") == claims_of(first).at("sid"));
  CHECK(claims_of(body.at("access_token")).at("sid") == claims_of(first).at("sid"));
  // The first again: reuse, and the session with it.
  check_oauth_error(server->handle(post("/token", "grant_type=refresh_token&refresh_token=" + first, {k_ci_basic})), 400,
                    "invalid_grant", "Refresh token reuse detected - session revoked");
  check_oauth_error(server->handle(post("/token", "grant_type=refresh_token&refresh_token=" + second, {k_ci_basic})), 400,
                    "invalid_grant", "Invalid refresh token");
}

TEST_CASE("serve /token/refresh: the walkthrough's route, never rotating")
{
  TempStore store;
  const auto server = make_server(options(true, store.url()));
  const jwt::Json pair = login(*server);
  const std::string refresh_token = pair.at("refresh_token");
  for (const auto& req : {request("POST", "/token/refresh?refresh_token=" + refresh_token),
                          post("/token/refresh", "refresh_token=" + refresh_token),
                          request("POST", "/token/refresh?refresh_token=" + refresh_token)}) {
    const auto response = server->handle(req);
    REQUIRE(response.status == 200);
    const jwt::Json body = body_json(response);
    CHECK(body.size() == 2);
    CHECK(body.at("token_type") == "bearer");
    CHECK(claims_of(body.at("access_token")).at("sub") == "alice");
  }
  // Not spent: the rotation still takes it.
  CHECK(server->handle(post("/token", "grant_type=refresh_token&refresh_token=" + refresh_token, {k_ci_basic})).status == 200);
  // Spent now: refused as the walkthrough refuses anything else.
  const auto detail = [](std::string_view text) {
    return jwt::Json{{"detail", text}}.dump();
  };
  auto spent = server->handle(request("POST", "/token/refresh?refresh_token=" + refresh_token));
  CHECK(spent.status == 401);
  CHECK(spent.body == detail("Invalid refresh token"));

  const auto fresh_server = make_server(options());
  const jwt::Json fresh = login(*fresh_server);
  auto wrong_type = fresh_server->handle(request("POST", "/token/refresh?refresh_token=" + fresh.at("access_token").get<std::string>()));
  CHECK(wrong_type.status == 401);
  CHECK(wrong_type.body == detail("Invalid token type"));
  const auto later = make_server(options(true, "", "2026-01-09T00:00:00Z"));
  auto expired = later->handle(request("POST", "/token/refresh?refresh_token=" + fresh.at("refresh_token").get<std::string>()));
  CHECK(expired.status == 401);
  CHECK(expired.body == detail("Refresh token expired"));
  for (const auto& req : {request("POST", "/token/refresh"), request("POST", "/token/refresh?refresh_token=x"),
                          request("POST", "/token/refresh?refresh_token=a&refresh_token=a"),
                          post("/token/refresh?refresh_token=" + fresh.at("refresh_token").get<std::string>(),
                               "refresh_token=" + fresh.at("refresh_token").get<std::string>()),
                          request("POST", "/token/refresh?refresh_token=%zz")}) {
    const auto response = fresh_server->handle(req);
    CHECK(response.status == 401);
    CHECK(response.body == detail("Invalid refresh token"));
  }
}

TEST_CASE("serve /revoke and /introspect: client-authenticated; revoked tokens inactive")
{
  TempStore store;
  const auto server = make_server(options(true, store.url()));
  const jwt::Json pair = login(*server);
  const std::string access = pair.at("access_token");
  const std::string refresh = pair.at("refresh_token");

  const auto introspect = server->handle(post("/introspect", "token=" + access, {k_ci_basic}));
  REQUIRE(introspect.status == 200);
  CHECK(introspect.client == "ci");
  CHECK(header(introspect, "Cache-Control") == "no-store");
  const jwt::Json active = body_json(introspect);
  const jwt::Json claims = claims_of(access);
  CHECK(active == jwt::Json{{"active", true}, {"sub", "alice"}, {"exp", claims.at("exp")}, {"iat", claims.at("iat")},
                            {"iss", k_issuer}, {"aud", "api"}, {"jti", claims.at("jti")}, {"client_id", "ci"},
                            {"token_type", "bearer"}, {"jwtool_type", "access"}});
  CHECK(server->handle(post("/introspect", "token=garbage", {k_ci_basic})).body == R"({"active":false})");
  check_invalid_client(server->handle(post("/introspect", "token=" + access)),
                       "client authentication required (Basic, or client_id and client_secret)");
  check_oauth_error(server->handle(post("/introspect", "", {k_ci_basic})), 400, "invalid_request", "token is missing");

  // RFC 7009: 200 for an invalid token too; a refresh token's revocation ends its session.
  const auto garbage = server->handle(post("/revoke", "token=garbage", {k_ci_basic}));
  CHECK(garbage.status == 200);
  CHECK(garbage.body.empty());
  CHECK(server->handle(post("/revoke", "token=" + refresh + "&token_type_hint=refresh_token", {k_ci_basic})).status == 200);
  CHECK(server->handle(post("/introspect", "token=" + refresh, {k_ci_basic})).body == R"({"active":false})");
  CHECK(server->handle(post("/introspect", "token=" + access, {k_ci_basic})).body == R"({"active":false})");
  check_oauth_error(server->handle(post("/token", "grant_type=refresh_token&refresh_token=" + refresh, {k_ci_basic})), 400,
                    "invalid_grant", "Invalid refresh token");
  check_invalid_client(server->handle(post("/revoke", "token=" + access, {{"authorization", "Basic Y2k6Y2ktc2VjcmVU"}})),
                       "client authentication failed");

  // Without a store there is no /revoke; without --clients no client can authenticate.
  check_oauth_error(make_server(options())->handle(post("/revoke", "token=" + access, {k_ci_basic})), 404, "not_found",
                    "no such endpoint");
  check_invalid_client(make_server(options(false))->handle(post("/introspect", "token=" + access, {k_ci_basic})),
                       "client authentication failed");
}

namespace {

// A store that cannot be reached.
class UnreachableStore final : public jwt::TokenStore
{
  static jwt::Error down()
  {
    return jwt::make_error(jwt::ErrorKind::store_unavailable, "down");
  }

public:
  jwt::Status start_session(std::string_view, const jwt::Session&, jwt::NumericDate) override
  {
    return down();
  }
  jwt::Result<jwt::SpendOutcome> spend(std::string_view, std::string_view, jwt::NumericDate, jwt::NumericDate,
                                       jwt::SpendMode) override
  {
    return down();
  }
  jwt::Status revoke_token(std::string_view, jwt::NumericDate, jwt::NumericDate) override
  {
    return down();
  }
  jwt::Result<jwt::SessionFound> revoke_session(std::string_view, jwt::NumericDate, jwt::NumericDate) override
  {
    return down();
  }
  jwt::Result<jwt::Revocation> revocation(std::string_view, std::string_view) override
  {
    return down();
  }
};

} // namespace

TEST_CASE("serve: a store failure during a request answers 503")
{
  cli::ServeSetup setup;
  setup.keys = std::make_unique<jwt::KeyRing>();
  jwt::Key key;
  key.secret = jwt::Secret(k_secret);
  setup.keys->add(std::move(key));
  setup.signing.emplace(std::move(cli::choose_signing_key({}, *setup.keys, {}, jwt::Json::object())).value());
  // A refresh token of a session (a login made with a store), issued to ci.
  jwt::NewClaims claims;
  claims.subject = "alice";
  claims.issuer = k_issuer;
  claims.issued_at = jwt::NumericDate{k_now};
  claims.custom["sid"] = "session-1";
  claims.custom["client_id"] = "ci";
  const std::string refresh = cli::mint_new_token(claims, jwt::k_refresh_type, std::chrono::hours(24), *setup.signing).value();
  setup.clients.emplace(std::move(cli::parse_clients(k_clients)).value());
  setup.store = std::make_unique<UnreachableStore>();
  setup.issuer = k_issuer;
  setup.clock.now = "2026-01-01T00:00:00Z";
  const cli::ServeRoutes server(std::move(setup));
  const std::string unavailable = "the token store is unavailable";
  check_oauth_error(server.handle(post("/token", "grant_type=password&username=alice&password=wonderland", {k_ci_basic})),
                    503, "temporarily_unavailable", unavailable);
  check_oauth_error(server.handle(post("/token", "grant_type=refresh_token&refresh_token=" + refresh, {k_ci_basic})), 503,
                    "temporarily_unavailable", unavailable);
  check_oauth_error(server.handle(post("/revoke", "token=" + refresh, {k_ci_basic})), 503, "temporarily_unavailable",
                    unavailable);
  check_oauth_error(server.handle(post("/introspect", "token=" + refresh, {k_ci_basic})), 503, "temporarily_unavailable",
                    unavailable);
  const auto walkthrough = server.handle(request("POST", "/token/refresh?refresh_token=" + refresh));
  CHECK(walkthrough.status == 503);
  CHECK(walkthrough.body == R"({"detail":"Token store unavailable"})");
  // A client_credentials grant needs no store.
  CHECK(server.handle(post("/token", "grant_type=client_credentials", {k_ci_basic})).status == 200);
}

TEST_CASE("serve: discovery documents, JWKS, health, 404 and 405")
{
  TempStore store;
  const auto server = make_server(options(true, store.url()));
  const jwt::Json expected = {
    {"issuer", k_issuer},
    {"token_endpoint", std::string(k_issuer) + "/token"},
    {"jwks_uri", std::string(k_issuer) + "/jwks.json"},
    {"revocation_endpoint", std::string(k_issuer) + "/revoke"},
    {"introspection_endpoint", std::string(k_issuer) + "/introspect"},
    {"grant_types_supported", {"client_credentials", "password", "refresh_token"}},
    {"token_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"}},
    {"id_token_signing_alg_values_supported", {"HS256"}},
    {"response_types_supported", jwt::Json::array()},
    {"subject_types_supported", {"public"}},
  };
  for (const char* path : {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"}) {
    const auto response = server->handle(request("GET", path));
    CHECK(response.status == 200);
    CHECK(body_json(response) == expected);
  }
  server->set_issuer("https://auth.example");
  CHECK(body_json(server->handle(request("GET", "/.well-known/openid-configuration"))).at("token_endpoint")
        == "https://auth.example/token");
  const jwt::Json stateless = body_json(make_server(options(false))->handle(request("GET", "/.well-known/openid-configuration")));
  CHECK_FALSE(stateless.contains("revocation_endpoint"));
  CHECK(stateless.at("grant_types_supported") == jwt::Json{"refresh_token"});

  // HMAC keys are never published.
  const auto jwks = server->handle(request("GET", "/jwks.json"));
  CHECK(jwks.status == 200);
  CHECK(jwks.body == R"({"keys":[]})");
  CHECK(server->handle(request("GET", "/healthz")).body == R"({"status":"ok"})");

  check_oauth_error(server->handle(request("GET", "/nothing")), 404, "not_found", "no such endpoint");
  check_oauth_error(server->handle(request("GET", "/token/")), 404, "not_found", "no such endpoint");
  const auto get_token = server->handle(request("GET", "/token"));
  check_oauth_error(get_token, 405, "method_not_allowed", "use POST");
  CHECK(header(get_token, "Allow") == "POST");
  CHECK(header(server->handle(request("POST", "/healthz")), "Allow") == "GET");
}

TEST_CASE("serve: an RS256 server publishes its public key and signs with it")
{
  const auto server = make_server(options(true, "", "2026-01-01T00:00:00Z", test::vector_key("rfc7515-appendix-A.2", true)));
  const jwt::Json set = body_json(server->handle(request("GET", "/jwks.json")));
  REQUIRE(set.at("keys").size() == 1);
  const jwt::Json& entry = set.at("keys").at(0);
  CHECK(entry.at("kty") == "RSA");
  CHECK(entry.at("alg") == "RS256");
  CHECK(entry.contains("n"));
  CHECK_FALSE(entry.contains("d"));
  CHECK_FALSE(entry.contains("p"));
  const auto response = server->handle(post("/token", "grant_type=client_credentials", {k_ci_basic}));
  REQUIRE(response.status == 200);
  auto token = jwt::parse_token(body_json(response).at("access_token").get<std::string>());
  REQUIRE(token);
  CHECK(token->header.at("alg") == "RS256");
  CHECK(token->header.at("kid") == entry.at("kid"));
}

TEST_CASE("serve: the signing key is published with the algorithm it signs with (--alg)")
{
  const auto server = make_server(options(true, "", "2026-01-01T00:00:00Z", test::vector_key("rfc7515-appendix-A.2", true), "PS256"));
  const jwt::Json set = body_json(server->handle(request("GET", "/jwks.json")));
  CHECK(set.at("keys").at(0).at("alg") == "PS256");
  CHECK(body_json(server->handle(request("GET", "/.well-known/openid-configuration"))).at("id_token_signing_alg_values_supported")
        == jwt::Json{"PS256"});
}

TEST_CASE("serve: --now is resolved for every request: a fixed instant stays, an offset follows the clock")
{
  const auto fixed = make_server(options());
  const auto token_iat = [](const cli::ServeRoutes& server) {
    const auto response = server.handle(post("/token", "grant_type=client_credentials", {k_ci_basic}));
    return claims_of(body_json(response).at("access_token")).at("iat").get<double>();
  };
  CHECK(token_iat(*fixed) == k_now);
  CHECK(token_iat(*fixed) == k_now);
  const auto offset = make_server(options(true, "", "-10d"));
  const double real_now = static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count());
  const double iat = token_iat(*offset);
  CHECK(iat >= real_now - 10 * 86400 - 2);
  CHECK(iat <= real_now - 10 * 86400 + 2);
}

TEST_CASE("serve /revoke: a client revokes only the tokens issued to it (RFC 7009 §2.1)")
{
  TempStore store;
  const auto server = make_server(options(true, store.url()));
  const jwt::Json pair = login(*server); // issued to ci
  const std::string refresh = pair.at("refresh_token");
  const std::pair<std::string, std::string> other{"authorization", "Basic YSUzQWI6cCU0MHNzK3dvcmQ="}; // a:b
  const auto refused = server->handle(post("/revoke", "token=" + refresh, {other}));
  CHECK(refused.status == 200);
  CHECK(refused.body.empty());
  CHECK(body_json(server->handle(post("/introspect", "token=" + refresh, {k_ci_basic}))).at("active") == true);
  CHECK(server->handle(post("/token/refresh?refresh_token=" + refresh, "")).status == 200);
  CHECK(server->handle(post("/revoke", "token=" + refresh, {k_ci_basic})).status == 200);
  CHECK(server->handle(post("/introspect", "token=" + refresh, {k_ci_basic})).body == R"({"active":false})");
}

TEST_CASE("serve: tokens carry the server's issuer; a refresh token of another issuer is refused")
{
  TempStore store;
  const auto server = make_server(options(true, store.url()));
  const auto open = make_server(options(false));
  jwt::Key key;
  key.secret = jwt::Secret(k_secret);
  jwt::KeyRing keys;
  keys.add(std::move(key));
  const auto signing = cli::choose_signing_key({}, keys, {}, jwt::Json::object()).value();
  for (const char* iss : {"https://evil.example", ""}) {
    CAPTURE(iss);
    jwt::NewClaims claims;
    claims.subject = "alice";
    claims.issuer = iss;
    claims.issued_at = jwt::NumericDate{k_now};
    claims.custom["client_id"] = "ci";
    const std::string foreign = cli::mint_new_token(claims, jwt::k_refresh_type, std::chrono::hours(24), signing).value();
    check_oauth_error(open->handle(post("/token", "grant_type=refresh_token&refresh_token=" + foreign)), 400,
                      "invalid_grant", "Invalid refresh token");
    CHECK(open->handle(post("/token/refresh?refresh_token=" + foreign, "")).body
          == R"({"detail":"Invalid refresh token"})");
    CHECK(server->handle(post("/introspect", "token=" + foreign, {k_ci_basic})).body == R"({"active":false})");
  }
  // The server's own refresh token: the new tokens carry its issuer.
  const jwt::Json pair = login(*server);
  const auto refreshed = server->handle(post("/token", "grant_type=refresh_token&refresh_token="
                                                         + pair.at("refresh_token").get<std::string>(), {k_ci_basic}));
  REQUIRE(refreshed.status == 200);
  CHECK(claims_of(body_json(refreshed).at("access_token")).at("iss") == k_issuer);
  CHECK(claims_of(body_json(refreshed).at("refresh_token")).at("iss") == k_issuer);
}

TEST_CASE("serve: a parameter sent without a value is as if omitted (RFC 6749 §3.2)")
{
  const auto server = make_server(options());
  CHECK(server->handle(post("/token", "grant_type=client_credentials&client_secret=", {k_ci_basic})).status == 200);
  CHECK(server->handle(post("/token", "grant_type=client_credentials&client_id=", {k_ci_basic})).status == 200);
  check_oauth_error(server->handle(post("/token", "grant_type=", {k_ci_basic})), 400, "invalid_request",
                    "grant_type is missing");
  check_oauth_error(server->handle(post("/token", "grant_type=refresh_token&refresh_token=", {k_ci_basic})), 400,
                    "invalid_request", "refresh_token is missing");
}

TEST_CASE("serve: an unknown path is logged as a fixed path, never as sent")
{
  const auto server = make_server(options());
  const auto response = server->handle(post("/token/refresh;refresh_token=SECRET", "x=1"));
  check_oauth_error(response, 404, "not_found", "no such endpoint");
  CHECK(response.log_path == "(unknown)");
  CHECK(server->handle(request("GET", "/token")).log_path.empty()); // a route's own path is logged as is
}

TEST_CASE("serve: metadata without --clients, introspection token_type")
{
  TempStore store;
  const jwt::Json open = body_json(make_server(options(false, store.url()))->handle(request("GET", "/.well-known/oauth-authorization-server")));
  CHECK(open == jwt::Json{
                  {"issuer", k_issuer},
                  {"token_endpoint", std::string(k_issuer) + "/token"},
                  {"jwks_uri", std::string(k_issuer) + "/jwks.json"},
                  {"grant_types_supported", {"refresh_token"}},
                  {"token_endpoint_auth_methods_supported", {"none"}},
                  {"id_token_signing_alg_values_supported", {"HS256"}},
                  {"response_types_supported", jwt::Json::array()},
                  {"subject_types_supported", {"public"}},
                });
  const auto server = make_server(options());
  const std::string refresh = login(*server).at("refresh_token");
  const jwt::Json active = body_json(server->handle(post("/introspect", "token=" + refresh, {k_ci_basic})));
  CHECK(active.at("token_type") == "bearer");
  CHECK(active.at("jwtool_type") == "refresh");
}
