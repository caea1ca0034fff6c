#pragma once

#include "jwt/error.hpp"
#include "jwt/keys.hpp"
#include "net/cache.hpp"
#include "net/fetch.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace net {

struct RemoteOptions {
  std::string cacert;     // --cacert: CAs trusted instead of the system's
  bool offline = false;   // the cache only: no request at all
  bool use_cache = true;  // false: neither read nor written (--no-cache)
  double now = 0;         // jwtool's clock: fetch times and ages are judged on it
  std::function<void(std::string_view)> warn; // a warning for the person (a stale entry, an unwritable cache)
};

// A key set fetched (or taken from the cache) for a URL.
struct RemoteKeys {
  jwt::KeyRing keys;
  std::string url;
  double fetched_at = 0; // on jwtool's clock
  bool requested = false; // a request was made for it in this run (not only the cache read)
};

// Discovery and key sets over HTTPS, through the cache. One per run.
class KeyFetcher
{
public:
  explicit KeyFetcher(RemoteOptions options);

  // The jwks_uri of the provider ISSUER (OpenID Connect Discovery 1.0 §4, RFC 8414 §3 after a
  // 404), from a document whose "issuer" is exactly ISSUER (§4.3).
  jwt::Result<std::string> discover_jwks_uri(const std::string& issuer);

  // The JWK Set at `url`: public keys only ("oct" keys are refused).
  jwt::Result<RemoteKeys> load_key_set(const std::string& url);

  // After a token named a kid the cached set lacks: the set fetched again, unless one such
  // refetch of `url` happened less than a minute ago (on jwtool's clock), or offline (nullopt).
  jwt::Result<std::optional<RemoteKeys>> refetch_key_set(const std::string& url);

private:
  using Validator = std::function<jwt::Status(const std::string& body)>;
  enum class Refetch { no, for_unknown_kid };
  struct Document {
    std::string body;
    double fetched_at = 0;
    bool requested = false;
  };
  jwt::Result<Document> get(const std::string& url, const Validator& validate, Refetch refetch,
                            FetchFailure* failure = nullptr);
  jwt::Result<Document> get_fresh(const std::string& url, const Validator& validate, Refetch refetch,
                                  const std::optional<CacheEntry>& entry, FetchFailure* failure);
  jwt::Result<RemoteKeys> key_set(const std::string& url, Refetch refetch);
  const Cache* cache();
  void save(const CacheEntry& entry);

  RemoteOptions m_options;
  std::optional<Cache> m_cache;
  bool m_cache_tried = false;
};

// The discovery URLs of ISSUER: ISSUER without its trailing '/' + "/.well-known/openid-configuration",
// and RFC 8414's form, "/.well-known/oauth-authorization-server" between the host and the path.
std::string openid_configuration_url(std::string_view issuer);
std::string oauth_server_metadata_url(std::string_view issuer);

} // namespace net
