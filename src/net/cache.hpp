#pragma once

#include "jwt/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace net {

// How long a response is reused without asking again: its Cache-Control max-age, else five
// minutes, never more than a day.
constexpr long k_default_max_age = 300;
constexpr long k_longest_max_age = 86400;
long cache_max_age(std::optional<long> sent);

// The max-age of a Cache-Control header's value ("public, max-age=3600"), when it has one.
std::optional<long> parse_max_age(std::string_view cache_control);

// One cached response. Times are seconds on jwtool's clock (--now when given), never the
// file system's.
struct CacheEntry {
  std::string url;
  std::string body;
  std::string etag;
  double fetched_at = 0;              // when it was fetched, or last revalidated (a 304)
  long max_age = k_default_max_age;   // seconds it stays fresh after fetched_at
  std::optional<double> refetched_at; // the last refetch for an unknown kid (at most one a minute)
};

// Fresh while its age (never negative) is under its max-age.
bool is_fresh(const CacheEntry& entry, double now);

// The cache directory, $XDG_CACHE_HOME/jwtool (an absolute XDG_CACHE_HOME), else
// ~/.cache/jwtool: made with mode 0700; each entry a file of mode 0600 named by the SHA-256 of
// its URL, replaced whole (a temporary file renamed over it), so a reader never sees a torn
// entry even while another jwtool writes it.
class Cache
{
public:
  // ErrorKind::io when there is no home or the directory cannot be made or is not the user's.
  static jwt::Result<Cache> open();

  // The entry for `url`; nullopt when there is none or it cannot be read as one.
  std::optional<CacheEntry> load(const std::string& url) const;
  // ErrorKind::io when it cannot be written.
  jwt::Status save(const CacheEntry& entry) const;

  const std::string& directory() const noexcept
  {
    return m_directory;
  }

private:
  explicit Cache(std::string directory) : m_directory(std::move(directory))
  {
  }
  std::string path_of(const std::string& url) const;

  std::string m_directory;
};

} // namespace net
