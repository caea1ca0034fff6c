#pragma once

// What `jwtool serve`'s endpoints read off a request: form parameters, the authenticated
// client, the token of /revoke and /introspect. Refusals come back as ready answers.

#include "cli/serve_clients.hpp"

#include "jwt/error.hpp"
#include "net/form.hpp"
#include "net/http_server.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cli {

// RFC 6749 §3.2: a parameter sent without a value is as if omitted: nullptr for both.
const std::string* parameter(const net::Form& form, std::string_view name);

// Whether the request's body is declared a form (application/x-www-form-urlencoded).
bool has_form_body(const net::HttpRequest& request);

// The form of a POST body; ErrorKind::invalid_argument when it is not
// application/x-www-form-urlencoded or does not parse.
jwt::Result<net::Form> body_form(const net::HttpRequest& request);

// The client that authenticated a request, or why none did.
struct ClientAuthentication {
  const Principal* client = nullptr;
  std::string id;
  std::optional<net::HttpResponse> refusal;
};

// Client authentication (RFC 6749 §2.3.1): client_secret_basic or client_secret_post, one of
// them only; the secret compared in constant time. Without `clients`, every client is refused.
ClientAuthentication authenticate_client(const std::optional<Clients>& clients, const net::HttpRequest& request,
                                         const net::Form& form);

// The start of /revoke and /introspect: a form, an authenticated client, one "token".
struct TokenRequest {
  std::string id; // the client's
  std::string token;
  std::optional<net::HttpResponse> refusal;
};

TokenRequest read_token_request(const std::optional<Clients>& clients, const net::HttpRequest& request);

} // namespace cli
