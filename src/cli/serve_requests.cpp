#include "cli/serve_requests.hpp"

#include "cli/serve_responses.hpp"

#include <utility>

namespace cli {

namespace {

constexpr std::string_view k_form_type = "application/x-www-form-urlencoded";

} // namespace

const std::string* parameter(const net::Form& form, std::string_view name)
{
  const std::string* value = form.find(name);
  return value == nullptr || value->empty() ? nullptr : value;
}

bool has_form_body(const net::HttpRequest& request)
{
  const std::string* type = request.header("content-type");
  return type != nullptr && net::has_media_type(*type, k_form_type);
}

jwt::Result<net::Form> body_form(const net::HttpRequest& request)
{
  if (!has_form_body(request)) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           "the body must be application/x-www-form-urlencoded");
  }
  return net::parse_form(request.body);
}

ClientAuthentication authenticate_client(const std::optional<Clients>& clients, const net::HttpRequest& request,
                                         const net::Form& form)
{
  ClientAuthentication result;
  const std::string* form_id = parameter(form, "client_id");
  const std::string* form_secret = parameter(form, "client_secret");
  std::optional<net::BasicCredentials> basic;
  if (const std::string* authorization = request.header("authorization")) {
    auto parsed = net::parse_basic_authorization(*authorization);
    if (!parsed) {
      result.refusal = invalid_client(parsed.error().message);
      return result;
    }
    if (!*parsed) {
      result.refusal = invalid_client("the Authorization header must use the Basic scheme");
      return result;
    }
    basic = std::move(*parsed);
  }
  if (basic && form_secret != nullptr) {
    result.refusal = invalid_request("use one client authentication method: Basic or client_secret, not both");
    return result;
  }
  if (basic && form_id != nullptr && *form_id != basic->user) {
    result.refusal = invalid_request("client_id differs from the Basic credentials' client");
    return result;
  }
  if (!basic && (form_id == nullptr || form_secret == nullptr)) {
    result.refusal = invalid_client("client authentication required (Basic, or client_id and client_secret)");
    return result;
  }
  const std::string& id = basic ? basic->user : *form_id;
  const std::string& secret = basic ? basic->password : *form_secret;
  const Principal* client = clients ? authenticate(clients->clients, id, secret) : nullptr;
  if (client == nullptr) {
    result.refusal = invalid_client("client authentication failed");
    return result;
  }
  result.client = client;
  result.id = id;
  return result;
}

TokenRequest read_token_request(const std::optional<Clients>& clients, const net::HttpRequest& request)
{
  TokenRequest result;
  auto form = body_form(request);
  if (!form) {
    result.refusal = invalid_request(form.error().message);
    return result;
  }
  ClientAuthentication client = authenticate_client(clients, request, *form);
  if (client.refusal) {
    result.refusal = std::move(client.refusal);
    return result;
  }
  result.id = std::move(client.id);
  if (const std::string* token = parameter(*form, "token")) {
    result.token = *token;
  } else {
    result.refusal = invalid_request("token is missing");
    result.refusal->client = result.id;
  }
  return result;
}

} // namespace cli
