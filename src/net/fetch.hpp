#pragma once

#include "jwt/error.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace net {

// What one fetch may cost: a provider's keys are a few kilobytes, and a verify must not hang.
constexpr std::chrono::seconds k_connect_timeout{10};
constexpr std::chrono::seconds k_total_timeout{30};
constexpr std::size_t k_max_body_bytes = std::size_t{1024} * 1024;
constexpr long k_max_redirects = 3;

// ErrorKind::invalid_argument unless `url` is one jwtool may fetch: https, or plain http to a
// loopback IP literal (127.0.0.0/8, [::1]) for tests; never another host over http, never
// user:password@, never another scheme. Checked before any connection is made.
jwt::Status check_url(std::string_view url);

struct FetchRequest {
  std::string url;
  std::string cacert;        // a PEM file of CAs trusted instead of the system's; empty: the system's
  std::string if_none_match; // an ETag to revalidate; empty: an unconditional GET
};

struct FetchResponse {
  long status = 0;                // 200 or (revalidating) 304; other statuses are errors, 404 below
  std::string body;               // at most k_max_body_bytes
  std::string etag;               // the ETag header, as sent
  std::optional<long> max_age;    // Cache-Control: max-age, when sent
};

// How a fetch failed, for what the caller does next.
enum class FetchFailure {
  none,
  // No answer at all: the name does not resolve, the connection is refused or drops, or it
  // times out. A cached copy, even stale, is better than none then.
  network,
  // HTTP status 404: discovery tries the other well-known path.
  not_found,
  // Anything else: an HTTP status, TLS (an untrusted certificate may be an impostor), a body
  // too large, a redirect refused. The server answered, or something in its name did: a cached
  // copy must not hide it.
  other,
};

// One GET through libcurl within the limits above: certificates verified, at most
// k_max_redirects redirects and only to https. Failures are ErrorKind::io with one line naming
// the URL and the cause ("https://...: HTTP status 404"), their kind in `failure`.
jwt::Result<FetchResponse> fetch(const FetchRequest& request, FetchFailure* failure = nullptr);

} // namespace net
