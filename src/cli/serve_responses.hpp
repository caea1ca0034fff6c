#pragma once

// The answers of `jwtool serve`'s endpoints: JSON bodies, RFC 6749 §5.2 errors, the
// walkthrough's {"detail": ...}. Nothing here reads a request.

#include "cli/grants.hpp"

#include "jwt/error.hpp"
#include "jwt/json.hpp"
#include "net/http_server.hpp"

#include <string_view>

namespace cli {

// `body` as application/json.
net::HttpResponse json_response(int status, const jwt::Json& body);

// RFC 6749 §5.1: nothing that carries or answers for a token is cached (Cache-Control: no-store,
// Pragma: no-cache added).
net::HttpResponse no_store(net::HttpResponse response);

// An RFC 6749 §5.2 error: {"error", "error_description"}, never cached.
net::HttpResponse oauth_error(int status, std::string_view code, std::string_view description);

// 400 invalid_request.
net::HttpResponse invalid_request(std::string_view description);

// RFC 6749 §5.2: 401 invalid_client with the scheme the client may authenticate with.
net::HttpResponse invalid_client(std::string_view description);

// 503 temporarily_unavailable: the token store failed.
net::HttpResponse store_unavailable();

// 500 server_error.
net::HttpResponse server_error();

// 404 for a path that is no endpoint.
net::HttpResponse not_found();

// 405 with Allow: `allowed`.
net::HttpResponse method_not_allowed(std::string_view allowed);

// The walkthrough's own route answers as its FastAPI endpoint: {"detail": ...}.
net::HttpResponse detail(int status, std::string_view text);

// A refresh failure in RFC 6749 words: invalid_grant with the walkthrough's description; a
// failure that is not the token's (the store) 503, anything else 500.
net::HttpResponse refresh_grant_error(const jwt::Error& error);

// 200 with the login response (access_token, token_type, ...), never cached.
net::HttpResponse token_response(const TokenResponse& tokens);

} // namespace cli
