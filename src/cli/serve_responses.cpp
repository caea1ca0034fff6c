#include "cli/serve_responses.hpp"

#include <fmt/core.h>
#include <string>

namespace cli {

net::HttpResponse json_response(int status, const jwt::Json& body)
{
  net::HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = body.dump();
  return response;
}

net::HttpResponse no_store(net::HttpResponse response)
{
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
  return response;
}

net::HttpResponse oauth_error(int status, std::string_view code, std::string_view description)
{
  jwt::Json body = jwt::Json::object();
  body["error"] = code;
  body["error_description"] = description;
  return no_store(json_response(status, body));
}

net::HttpResponse invalid_request(std::string_view description)
{
  return oauth_error(400, "invalid_request", description);
}

net::HttpResponse invalid_client(std::string_view description)
{
  net::HttpResponse response = oauth_error(401, "invalid_client", description);
  response.headers.emplace_back("WWW-Authenticate", R"(Basic realm="jwtool", charset="UTF-8")");
  return response;
}

net::HttpResponse store_unavailable()
{
  return oauth_error(503, "temporarily_unavailable", "the token store is unavailable");
}

net::HttpResponse server_error()
{
  return oauth_error(500, "server_error", "the server could not answer");
}

net::HttpResponse not_found()
{
  return oauth_error(404, "not_found", "no such endpoint");
}

net::HttpResponse method_not_allowed(std::string_view allowed)
{
  net::HttpResponse response = oauth_error(405, "method_not_allowed", fmt::format("use {}", allowed));
  response.headers.emplace_back("Allow", std::string(allowed));
  return response;
}

net::HttpResponse detail(int status, std::string_view text)
{
  jwt::Json body = jwt::Json::object();
  body["detail"] = text;
  return no_store(json_response(status, body));
}

net::HttpResponse refresh_grant_error(const jwt::Error& error)
{
  switch (classify_refresh_failure(error.kind)) {
  case RefreshFailure::expired:
    return oauth_error(400, "invalid_grant", "Refresh token expired - please login again");
  case RefreshFailure::wrong_type: return oauth_error(400, "invalid_grant", "Invalid token type");
  case RefreshFailure::reused:
    return oauth_error(400, "invalid_grant", "Refresh token reuse detected - session revoked");
  case RefreshFailure::not_a_token:
    return error.kind == jwt::ErrorKind::store_unavailable ? store_unavailable() : server_error();
  case RefreshFailure::revoked:
  case RefreshFailure::invalid: break;
  }
  return oauth_error(400, "invalid_grant", "Invalid refresh token");
}

net::HttpResponse token_response(const TokenResponse& tokens)
{
  return no_store(json_response(200, token_response_json(tokens)));
}

} // namespace cli
