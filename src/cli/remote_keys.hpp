#pragma once

#include "cli/options.hpp"

#include "jwt/error.hpp"
#include "jwt/keys.hpp"
#include "jwt/time.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace cli {

// Keys over HTTPS (src/net/): --oidc-issuer ISSUER, --jwks URL, and how they are fetched
// (--cacert, --offline, --no-cache). On verify and revoke only: a provider publishes public keys,
// which cannot mint.
void add_remote_key_options(CLI::App& command, KeyOptions& options);

// Whether a --jwks value is a URL (https:// or http://) rather than a path.
bool is_key_set_url(std::string_view value);

// Whether the keys come over HTTPS: --oidc-issuer, or --jwks URL.
bool uses_remote_keys(const KeyOptions& options);

// ErrorKind::invalid_argument for flags that cannot work: --cacert, --offline or --no-cache
// without a key source over HTTPS, an --oidc-issuer or --jwks URL jwtool would not fetch.
jwt::Status check_remote_flags(const KeyOptions& options);

// Where fetched keys came from: for the people view, and for one refetch when a token names a kid
// the cached set lacks.
struct KeyOrigin {
  std::string url;
  jwt::NumericDate fetched_at;
  bool requested = false; // fetched in this run (not only read from the cache)
};
struct RemoteKeyRing {
  jwt::KeyRing keys;
  KeyOrigin origin;
};

// The keys of --jwks URL, or of --oidc-issuer's jwks_uri, at `now` (the cache's clock too).
// Failures are ErrorKind::io or invalid_key (exit 2) with one line naming the URL and the cause.
jwt::Result<RemoteKeyRing> load_remote_keys(const KeyOptions& options, jwt::NumericDate now);

// The set at `url` fetched again after a token named a kid it lacks; nullopt when that is not
// done (offline, no cache, or such a refetch less than a minute ago).
jwt::Result<std::optional<RemoteKeyRing>> refetch_remote_keys(const KeyOptions& options, jwt::NumericDate now,
                                                              const std::string& url);

// "from https://.../jwks (cached at 2026-...Z)", after the key's summary in the view.
std::string describe_key_origin(const KeyOrigin& origin);

} // namespace cli
