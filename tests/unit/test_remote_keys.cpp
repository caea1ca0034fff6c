#include "net/remote_keys.hpp"

#include "support.hpp"

TEST_CASE("discovery URLs: OpenID Connect Discovery §4.1 and RFC 8414 §3.1")
{
  CHECK(net::openid_configuration_url("https://accounts.google.com")
        == "https://accounts.google.com/.well-known/openid-configuration");
  CHECK(net::openid_configuration_url("https://example.eu.auth0.com/")
        == "https://example.eu.auth0.com/.well-known/openid-configuration");
  CHECK(net::openid_configuration_url("https://sso.example.com/realms/staff")
        == "https://sso.example.com/realms/staff/.well-known/openid-configuration");

  CHECK(net::oauth_server_metadata_url("https://as.example.com")
        == "https://as.example.com/.well-known/oauth-authorization-server");
  CHECK(net::oauth_server_metadata_url("https://as.example.com/")
        == "https://as.example.com/.well-known/oauth-authorization-server");
  CHECK(net::oauth_server_metadata_url("https://sso.example.com:8443/realms/staff/")
        == "https://sso.example.com:8443/.well-known/oauth-authorization-server/realms/staff");
}
