// The token server's request handler (cli::ServeRoutes::handle), on any request: method, path,
// query, headers and body from the input. It never crashes or throws, always answers a status
// of 200-599 with a JSON body (or none), never echoes a secret, and never answers 200 with a
// token unless the request authenticated.
//
// Input: a first byte of flags, then lines: "METHOD PATH[?QUERY]", header lines "name: value",
// an empty line, the body. The secrets are random-looking and in no seed, so the fuzzer cannot
// present them; flag bits make the harness put the real ones in instead, so that the grants'
// success paths are reached too:
//   bit 0: the client's Basic credentials are added as an Authorization header;
//   bit 1: "@PASSWORD@" in the input becomes the user's password;
//   bit 2: "@REFRESH@" in the input becomes a valid refresh token (minted at start-up).
// A 200 whose body carries an access token needs bit 0 (client_credentials, password), or bit 2.

#include "cli/grants.hpp"
#include "cli/serve_clients.hpp"
#include "cli/serve_routes.hpp"

#include "jwt/json.hpp"

#include "fuzz_check.hpp"

#include <memory>
#include <string>

namespace {

constexpr std::string_view k_client_secret = "Qm9yZGVyQ29sbGllc0FyZVNtYXJ0IQ";
constexpr std::string_view k_password = "V2hpdGVXYWx0ZXJzUmFpbmJvdw";
constexpr std::string_view k_basic = "Basic Y2k6UW05eVpHVnlRMjlzYkdsbGMwRnlaVk50WVhKMElR"; // ci:k_client_secret

struct Harness {
  std::unique_ptr<cli::ServeRoutes> routes;
  std::string refresh_token;
};

const Harness& harness()
{
  static const Harness instance = [] {
    cli::ServeSetup setup;
    setup.keys = std::make_unique<jwt::KeyRing>();
    jwt::Key key;
    key.secret = jwt::Secret("0123456789abcdef0123456789abcdef");
    setup.keys->add(std::move(key));
    auto signing = cli::choose_signing_key({}, *setup.keys, {}, jwt::Json::object());
    FUZZ_CHECK(signing.ok());
    auto clients = cli::parse_clients(std::string(R"({"clients": {"ci": {"secret": ")") + std::string(k_client_secret)
                                      + R"("}}, "users": {"alice": {"password": ")" + std::string(k_password)
                                      + R"(", "claims": {"role": "admin"}}}})");
    FUZZ_CHECK(clients.ok());
    jwt::NewClaims claims;
    claims.subject = "alice";
    claims.issued_at = jwt::NumericDate{1767225600};
    claims.custom["client_id"] = "ci";
    auto refresh = cli::mint_new_token(claims, jwt::k_refresh_type, std::chrono::hours(24), *signing);
    FUZZ_CHECK(refresh.ok());
    setup.signing.emplace(std::move(signing).value());
    setup.clients.emplace(std::move(clients).value());
    setup.issuer = "http://127.0.0.1:8080";
    setup.clock.now = "2026-01-01T01:00:00Z";
    return Harness{std::make_unique<cli::ServeRoutes>(std::move(setup)), std::move(refresh).value()};
  }();
  return instance;
}

void replace_all(std::string& text, std::string_view from, std::string_view to)
{
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The next line of `rest` (without "\r\n" or "\n"), consumed.
std::string_view next_line(std::string_view& rest)
{
  const std::size_t end = std::min(rest.find('\n'), rest.size());
  std::string_view line = rest.substr(0, end);
  rest.remove_prefix(std::min(end + 1, rest.size()));
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

net::HttpRequest read_request(std::string_view text, bool add_basic)
{
  net::HttpRequest request;
  const std::string_view first = next_line(text);
  const std::size_t space = std::min(first.find(' '), first.size());
  request.method = std::string(first.substr(0, space));
  std::string_view target = first.substr(std::min(space + 1, first.size()));
  const std::size_t question = target.find('?');
  if (question != std::string_view::npos) {
    request.query = std::string(target.substr(question + 1));
    target = target.substr(0, question);
  }
  request.path = std::string(target);
  for (std::string_view line = next_line(text); !line.empty(); line = next_line(text)) {
    const std::size_t colon = std::min(line.find(':'), line.size());
    std::string name(line.substr(0, colon));
    for (char& c : name) {
      c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    std::string_view value = line.substr(std::min(colon + 1, line.size()));
    while (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    request.headers.emplace_back(std::move(name), std::string(value));
  }
  if (add_basic) {
    request.headers.emplace_back("authorization", std::string(k_basic));
  }
  request.body = std::string(text);
  request.peer = "127.0.0.1";
  return request;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size == 0) {
    return 0;
  }
  const Harness& server = harness();
  const unsigned flags = data[0];
  std::string input(fuzz::as_text(data + 1, size - 1));
  if ((flags & 2U) != 0) {
    replace_all(input, "@PASSWORD@", k_password);
  }
  if ((flags & 4U) != 0) {
    replace_all(input, "@REFRESH@", server.refresh_token);
  }
  const net::HttpRequest request = read_request(input, (flags & 1U) != 0);
  const net::HttpResponse response = server.routes->handle(request);

  FUZZ_CHECK_MSG(response.status >= 200 && response.status <= 599, std::to_string(response.status));
  FUZZ_CHECK(response.body.empty() || jwt::Json::accept(response.body));
  FUZZ_CHECK(response.body.find(k_client_secret) == std::string::npos);
  FUZZ_CHECK(response.body.find(k_password) == std::string::npos);
  const bool carries_token = response.body.find("access_token") != std::string::npos;
  if (response.status == 200 && carries_token) {
    FUZZ_CHECK_MSG((flags & 1U) != 0 || (flags & 4U) != 0, response.body);
  }
  return 0;
}
