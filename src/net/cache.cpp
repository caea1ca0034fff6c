#include "net/cache.hpp"

#include "util/file_descriptor.hpp"
#include "util/io.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

namespace net {

namespace {

// A cached entry holds a body of at most 1 MiB, escaped in JSON.
constexpr std::size_t k_max_entry_bytes = std::size_t{8} * 1024 * 1024;

std::string errno_text()
{
  return std::strerror(errno); // NOLINT(concurrency-mt-unsafe): jwtool uses the cache from one thread
}

// A directory of the user's, mode 0700: made when missing, narrowed when wider.
jwt::Status ensure_private_directory(const std::string& path)
{
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("cache: cannot make {}: {}", path, errno_text()));
  }
  struct stat info{};
  if (::lstat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("cache: {} is not a directory", path));
  }
  if (info.st_uid != ::geteuid()) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("cache: {} belongs to another user", path));
  }
  if ((info.st_mode & 0077U) != 0 && ::chmod(path.c_str(), 0700) != 0) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("cache: cannot make {} private: {}", path, errno_text()));
  }
  return jwt::Ok{};
}

std::string sha256_hex(const std::string& text)
{
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    return {};
  }
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += fmt::format("{:02x}", digest[i]);
  }
  return hex;
}

} // namespace

std::optional<long> parse_max_age(std::string_view cache_control)
{
  constexpr long k_limit = 1'000'000'000;
  while (!cache_control.empty()) {
    const auto comma = cache_control.find(',');
    const std::string_view directive = util::trim(cache_control.substr(0, comma));
    cache_control = comma == std::string_view::npos ? std::string_view() : cache_control.substr(comma + 1);
    const auto equals = directive.find('=');
    if (equals == std::string_view::npos || !util::iequals(util::trim(directive.substr(0, equals)), "max-age")) {
      continue;
    }
    std::string_view value = util::trim(directive.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (value.empty()) {
      return std::nullopt;
    }
    long seconds = 0;
    for (const char c : value) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      seconds = std::min(k_limit, seconds * 10 + (c - '0'));
    }
    return seconds;
  }
  return std::nullopt;
}

long cache_max_age(std::optional<long> sent)
{
  return std::clamp(sent.value_or(k_default_max_age), 0L, k_longest_max_age);
}

bool is_fresh(const CacheEntry& entry, double now)
{
  const double age = std::max(0.0, now - entry.fetched_at);
  return age < static_cast<double>(entry.max_age);
}

jwt::Result<Cache> Cache::open()
{
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  std::string base;
  if (xdg != nullptr && xdg[0] == '/') { // the XDG spec ignores a relative path
    base = xdg;
  } else {
    const char* home = std::getenv("HOME"); // NOLINT(concurrency-mt-unsafe): as above
    if (home == nullptr || home[0] != '/') {
      return jwt::make_error(jwt::ErrorKind::io, "cache: neither $XDG_CACHE_HOME nor $HOME is an absolute path");
    }
    base = std::string(home) + "/.cache";
  }
  if (::mkdir(base.c_str(), 0700) != 0 && errno != EEXIST) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("cache: cannot make {}: {}", base, errno_text()));
  }
  std::string own = base + "/jwtool";
  if (auto made = ensure_private_directory(own); !made) {
    return std::move(made).error();
  }
  return Cache(std::move(own));
}

std::string Cache::path_of(const std::string& url) const
{
  return fmt::format("{}/{}.json", m_directory, sha256_hex(url));
}

std::optional<CacheEntry> Cache::load(const std::string& url) const
{
  const util::ReadResult read = util::read_file(path_of(url), k_max_entry_bytes);
  if (!read.error.empty() || read.too_large || read.timed_out) {
    return std::nullopt;
  }
  const nlohmann::json json = nlohmann::json::parse(read.data, nullptr, false);
  if (!json.is_object() || json.value("url", "") != url || !json.contains("body") || !json["body"].is_string()
      || !json.contains("fetched_at") || !json["fetched_at"].is_number() || !json.contains("max_age")
      || !json["max_age"].is_number_integer()) {
    return std::nullopt; // another format, or damaged: fetched again
  }
  CacheEntry entry;
  entry.url = url;
  entry.body = json["body"].get<std::string>();
  entry.etag = json.value("etag", "");
  entry.fetched_at = json["fetched_at"].get<double>();
  entry.max_age = cache_max_age(json["max_age"].get<long>());
  if (json.contains("refetched_at") && json["refetched_at"].is_number()) {
    entry.refetched_at = json["refetched_at"].get<double>();
  }
  return entry;
}

jwt::Status Cache::save(const CacheEntry& entry) const
{
  nlohmann::json json = {{"url", entry.url},
                         {"body", entry.body},
                         {"etag", entry.etag},
                         {"fetched_at", entry.fetched_at},
                         {"max_age", entry.max_age}};
  if (entry.refetched_at) {
    json["refetched_at"] = *entry.refetched_at;
  }
  const std::string text = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  const std::string path = path_of(entry.url);
  std::string temporary = path + ".XXXXXX";
  // mkstemp makes the file with mode 0600, O_EXCL: the entry is never readable by others.
  util::FileDescriptor file(::mkstemp(temporary.data()));
  if (!file.valid()) {
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("cache: cannot write in {}: {}", m_directory, errno_text()));
  }
  const bool written = util::write_all(file.get(), text) && ::fsync(file.get()) == 0;
  if (!file.close() || !written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string error = errno_text();
    static_cast<void>(::unlink(temporary.c_str()));
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("cache: cannot write {}: {}", path, error));
  }
  return jwt::Ok{};
}

} // namespace net
