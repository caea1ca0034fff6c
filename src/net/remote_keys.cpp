#include "net/remote_keys.hpp"

#include "jwt/jwk.hpp"
#include "jwt/time.hpp"
#include "net/fetch.hpp"
#include "util/text.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <utility>

namespace net {

namespace {

// A refetch for an unknown kid happens at most once a minute per URL: a stream of tokens with
// made-up kids must not turn jwtool into a load on the provider.
constexpr double k_refetch_interval = 60;

std::string_view without_trailing_slashes(std::string_view issuer)
{
  while (!issuer.empty() && issuer.back() == '/') {
    issuer.remove_suffix(1);
  }
  return issuer;
}

// The keys of a published JWK Set: public keys only, whatever else parse_jwk_set accepts.
jwt::Result<jwt::KeyRing> parse_published_keys(const std::string& url, const std::string& body)
{
  auto keys = jwt::parse_jwk_set(body);
  if (!keys) {
    return jwt::make_error(jwt::ErrorKind::invalid_key, fmt::format("{}: not a JWK Set: {}", url, keys.error().message));
  }
  for (const jwt::Key& key : keys->keys()) {
    if (key.type() == jwt::KeyType::oct) {
      return jwt::make_error(jwt::ErrorKind::invalid_key,
                             fmt::format("{}: the set holds an \"oct\" (secret) key: a published set holds public "
                                         "keys only",
                                         url));
    }
  }
  return keys;
}

// The jwks_uri of a provider configuration whose "issuer" is exactly `issuer`.
jwt::Result<std::string> read_configuration(const std::string& url, const std::string& body, const std::string& issuer)
{
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("{}: not a provider configuration (a JSON object)", url));
  }
  const auto found = json.find("issuer");
  if (found == json.end() || !found->is_string()) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("{}: the configuration has no \"issuer\" string", url));
  }
  if (found->get_ref<const std::string&>() != issuer) {
    return jwt::make_error(jwt::ErrorKind::io,
                           fmt::format("{}: the configuration's issuer {} is not {} (OpenID Connect Discovery §4.3): "
                                       "refused",
                                       url,
                                       util::quote(found->get_ref<const std::string&>()),
                                       util::quote(issuer)));
  }
  const auto jwks_uri = json.find("jwks_uri");
  if (jwks_uri == json.end() || !jwks_uri->is_string()) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("{}: the configuration has no \"jwks_uri\" string", url));
  }
  const auto& target = jwks_uri->get_ref<const std::string&>();
  if (auto allowed = check_url(target); !allowed) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("{}: jwks_uri: {}", url, allowed.error().message));
  }
  return target;
}

} // namespace

std::string openid_configuration_url(std::string_view issuer)
{
  return std::string(without_trailing_slashes(issuer)) + "/.well-known/openid-configuration";
}

std::string oauth_server_metadata_url(std::string_view issuer)
{
  const std::string_view base = without_trailing_slashes(issuer);
  const auto scheme_end = base.find("://");
  const auto path_start = scheme_end == std::string_view::npos ? base.size() : base.find('/', scheme_end + 3);
  const std::string_view origin = base.substr(0, path_start);
  const std::string_view path = path_start == std::string_view::npos ? std::string_view() : base.substr(path_start);
  return fmt::format("{}/.well-known/oauth-authorization-server{}", origin, path);
}

KeyFetcher::KeyFetcher(RemoteOptions options) : m_options(std::move(options))
{
  if (!m_options.warn) {
    m_options.warn = [](std::string_view) {};
  }
}

const Cache* KeyFetcher::cache()
{
  if (!m_options.use_cache) {
    return nullptr;
  }
  if (!m_cache_tried) {
    m_cache_tried = true;
    auto opened = Cache::open();
    if (opened) {
      m_cache = std::move(opened).value();
    } else {
      m_options.warn(fmt::format("{}; going on without a cache", opened.error().message));
    }
  }
  return m_cache ? &*m_cache : nullptr;
}

void KeyFetcher::save(const CacheEntry& entry)
{
  if (const Cache* store = cache(); store != nullptr) {
    if (auto saved = store->save(entry); !saved) {
      m_options.warn(saved.error().message);
    }
  }
}

jwt::Result<KeyFetcher::Document> KeyFetcher::get(const std::string& url, const Validator& validate, Refetch refetch,
                                                  FetchFailure* failure)
{
  std::optional<CacheEntry> entry;
  if (const Cache* store = cache(); store != nullptr) {
    entry = store->load(url);
  }
  if (entry && !validate(entry->body)) {
    entry.reset(); // written by another version, or damaged: fetched again
  }
  if (m_options.offline) {
    if (!entry) {
      if (failure != nullptr) {
        *failure = FetchFailure::not_found;
      }
      return jwt::make_error(jwt::ErrorKind::io, fmt::format("{}: not in the cache, and --offline fetches nothing", url));
    }
    if (!is_fresh(*entry, m_options.now)) {
      m_options.warn(fmt::format("{}: the cached copy (fetched {}) is stale; used because of --offline", url,
                                 jwt::format_rfc3339(jwt::NumericDate{entry->fetched_at})));
    }
    return Document{std::move(entry->body), entry->fetched_at, false};
  }
  if (entry && refetch == Refetch::no && is_fresh(*entry, m_options.now)) {
    return Document{std::move(entry->body), entry->fetched_at, false};
  }
  FetchFailure failed = FetchFailure::none;
  auto fetched = get_fresh(url, validate, refetch, entry, &failed);
  if (failure != nullptr) {
    *failure = failed;
  }
  // No answer at all (DNS, refused, timeout): the stale copy, said so, rather than no key. Not
  // for an unknown kid's refetch: the copy is the set that lacks it.
  if (!fetched && failed == FetchFailure::network && entry && refetch == Refetch::no) {
    m_options.warn(fmt::format("{}; used the stale cached copy (fetched {}, {} ago)", fetched.error().message,
                               jwt::format_rfc3339(jwt::NumericDate{entry->fetched_at}),
                               jwt::format_duration(m_options.now - entry->fetched_at)));
    return Document{std::move(entry->body), entry->fetched_at, false};
  }
  return fetched;
}

jwt::Result<KeyFetcher::Document> KeyFetcher::get_fresh(const std::string& url, const Validator& validate,
                                                        Refetch refetch, const std::optional<CacheEntry>& entry,
                                                        FetchFailure* failure)
{
  FetchRequest request{url, m_options.cacert, entry ? entry->etag : std::string()};
  auto response = fetch(request, failure);
  if (!response) {
    return std::move(response).error();
  }
  CacheEntry updated;
  if (response->status == 304 && entry) {
    // RFC 9111 §4.3.4: a 304 renews the stored response as a 200 would.
    updated = *entry;
    if (response->max_age) {
      updated.max_age = cache_max_age(response->max_age);
    }
    if (!response->etag.empty()) {
      updated.etag = response->etag;
    }
  } else {
    if (auto valid = validate(response->body); !valid) {
      return std::move(valid).error();
    }
    updated.url = url;
    updated.body = std::move(response->body);
    updated.etag = response->etag;
    updated.max_age = cache_max_age(response->max_age);
    updated.refetched_at = entry ? entry->refetched_at : std::nullopt;
  }
  updated.fetched_at = m_options.now;
  if (refetch == Refetch::for_unknown_kid) {
    updated.refetched_at = m_options.now;
  }
  save(updated);
  return Document{std::move(updated.body), m_options.now, true};
}

jwt::Result<std::string> KeyFetcher::discover_jwks_uri(const std::string& issuer)
{
  const auto validator = [&issuer](const std::string& url) {
    return [url, &issuer](const std::string& body) -> jwt::Status {
      auto uri = read_configuration(url, body, issuer);
      if (!uri) {
        return std::move(uri).error();
      }
      return jwt::Ok{};
    };
  };
  const std::string first = openid_configuration_url(issuer);
  FetchFailure failure = FetchFailure::none;
  auto document = get(first, validator(first), Refetch::no, &failure);
  if (document) {
    return read_configuration(first, document->body, issuer);
  }
  if (failure != FetchFailure::not_found) {
    return std::move(document).error();
  }
  // RFC 8414 §3.1, only after a 404 (or, offline, when only this form is cached).
  const std::string second = oauth_server_metadata_url(issuer);
  FetchFailure second_failure = FetchFailure::none;
  auto other = get(second, validator(second), Refetch::no, &second_failure);
  if (other) {
    return read_configuration(second, other->body, issuer);
  }
  if (second_failure == FetchFailure::not_found) {
    return jwt::make_error(other.error().kind, fmt::format("{}; and {}", document.error().message, other.error().message));
  }
  return std::move(other).error();
}

jwt::Result<RemoteKeys> KeyFetcher::key_set(const std::string& url, Refetch refetch)
{
  // The validator keeps what it parsed: the last body it accepted is the one get() returns, so
  // the keys are read once.
  std::optional<jwt::KeyRing> parsed;
  const auto validator = [&url, &parsed](const std::string& body) -> jwt::Status {
    auto keys = parse_published_keys(url, body);
    if (!keys) {
      return std::move(keys).error();
    }
    parsed = std::move(keys).value();
    return jwt::Ok{};
  };
  auto document = get(url, validator, refetch);
  if (!document) {
    return std::move(document).error();
  }
  if (!parsed) {
    return jwt::make_error(jwt::ErrorKind::internal, fmt::format("{}: the key set was not read", url));
  }
  return RemoteKeys{std::move(parsed).value(), url, document->fetched_at, document->requested};
}

jwt::Result<RemoteKeys> KeyFetcher::load_key_set(const std::string& url)
{
  return key_set(url, Refetch::no);
}

jwt::Result<std::optional<RemoteKeys>> KeyFetcher::refetch_key_set(const std::string& url)
{
  const Cache* store = cache();
  if (m_options.offline || store == nullptr) {
    return std::optional<RemoteKeys>();
  }
  if (auto entry = store->load(url);
      entry && entry->refetched_at && m_options.now - *entry->refetched_at < k_refetch_interval) {
    return std::optional<RemoteKeys>();
  }
  auto keys = key_set(url, Refetch::for_unknown_kid);
  if (!keys) {
    return std::move(keys).error();
  }
  return std::optional<RemoteKeys>(std::move(keys).value());
}

} // namespace net
