#include "cli/remote_keys.hpp"

#include "cli/render.hpp"
#include "net/fetch.hpp"
#include "net/remote_keys.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace cli {

namespace {

net::KeyFetcher make_fetcher(const KeyOptions& options, jwt::NumericDate now)
{
  net::RemoteOptions remote;
  remote.cacert = options.cacert;
  remote.offline = options.offline;
  remote.use_cache = !options.no_cache;
  remote.now = now.seconds;
  remote.warn = [](std::string_view message) { print_warning(message); };
  return net::KeyFetcher(std::move(remote));
}

RemoteKeyRing from_net(net::RemoteKeys keys)
{
  return RemoteKeyRing{std::move(keys.keys), KeyOrigin{std::move(keys.url), jwt::NumericDate{keys.fetched_at}, keys.requested}};
}

} // namespace

void add_remote_key_options(CLI::App& command, KeyOptions& options)
{
  auto* issuer = command
                   .add_option("--oidc-issuer",
                               options.oidc_issuer,
                               "Verify with the keys of the OpenID provider ISSUER (an https URL): its discovery "
                               "document names them; the token's iss must be ISSUER")
                   ->type_name("ISSUER")
                   ->group("Key");
  for (const char* other : {"--secret", "--secret-file", "--jwks", "--key", "--secret-encoding"}) {
    issuer->excludes(other);
  }
  // --jwks takes a URL here as well as a path.
  command.get_option("--jwks")
    ->description("Read the keys from a JWK or JWK Set (\"oct\", \"RSA\", \"EC\" or \"OKP\" keys) in PATH ('-' for "
                  "standard input), or fetch a JWK Set of public keys from an https:// URL; a token's kid picks the key")
    ->type_name("PATH|URL");
  command
    .add_option("--cacert", options.cacert,
                "Trust the CA certificates in PATH (PEM) instead of the system's, for --oidc-issuer and --jwks URL")
    ->type_name("PATH")
    ->group("Key");
  auto* offline = command
                    .add_flag("--offline", options.offline,
                              "Fetch nothing: use the cached discovery document and keys, even stale (with a warning)")
                    ->group("Key");
  command.add_flag("--no-cache", options.no_cache, "Fetch the discovery document and keys, and cache nothing")
    ->group("Key")
    ->excludes(offline);
}

bool is_key_set_url(std::string_view value)
{
  return value.rfind("https://", 0) == 0 || value.rfind("http://", 0) == 0;
}

bool uses_remote_keys(const KeyOptions& options)
{
  return !options.oidc_issuer.empty() || is_key_set_url(options.jwks);
}

jwt::Status check_remote_flags(const KeyOptions& options)
{
  if (!uses_remote_keys(options)) {
    const char* flag = !options.cacert.empty() ? "--cacert" : options.offline ? "--offline" : options.no_cache ? "--no-cache" : nullptr;
    if (flag != nullptr) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             fmt::format("{}: only with --oidc-issuer ISSUER or --jwks URL", flag));
    }
    return jwt::Ok{};
  }
  if (!options.oidc_issuer.empty()) {
    if (auto allowed = net::check_url(options.oidc_issuer); !allowed) {
      return jwt::make_error(allowed.error().kind, "--oidc-issuer: " + allowed.error().message);
    }
    if (options.oidc_issuer.find_first_of("?#") != std::string::npos) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             fmt::format("--oidc-issuer: {} has a query or fragment, which an issuer never has",
                                         util::quote(options.oidc_issuer)));
    }
    return jwt::Ok{};
  }
  if (auto allowed = net::check_url(options.jwks); !allowed) {
    return jwt::make_error(allowed.error().kind, "--jwks: " + allowed.error().message);
  }
  return jwt::Ok{};
}

jwt::Result<RemoteKeyRing> load_remote_keys(const KeyOptions& options, jwt::NumericDate now)
{
  if (auto usable = check_remote_flags(options); !usable) {
    return std::move(usable).error();
  }
  net::KeyFetcher fetcher = make_fetcher(options, now);
  std::string url = options.jwks;
  if (!options.oidc_issuer.empty()) {
    auto jwks_uri = fetcher.discover_jwks_uri(options.oidc_issuer);
    if (!jwks_uri) {
      return std::move(jwks_uri).error();
    }
    url = std::move(jwks_uri).value();
  }
  auto keys = fetcher.load_key_set(url);
  if (!keys) {
    return std::move(keys).error();
  }
  return from_net(std::move(keys).value());
}

jwt::Result<std::optional<RemoteKeyRing>> refetch_remote_keys(const KeyOptions& options, jwt::NumericDate now,
                                                              const std::string& url)
{
  net::KeyFetcher fetcher = make_fetcher(options, now);
  auto keys = fetcher.refetch_key_set(url);
  if (!keys) {
    return std::move(keys).error();
  }
  if (!*keys) {
    return std::optional<RemoteKeyRing>();
  }
  return std::optional<RemoteKeyRing>(from_net(std::move(**keys)));
}

std::string describe_key_origin(const KeyOrigin& origin)
{
  return fmt::format("from {} ({} {})", origin.url, origin.requested ? "fetched" : "cached at",
                     jwt::format_rfc3339(origin.fetched_at));
}

} // namespace cli
