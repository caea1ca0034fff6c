#include "net/cache.hpp"

#include "support.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/stat.h>

namespace {

// A fresh $XDG_CACHE_HOME for one test, removed after it.
class TemporaryCacheHome
{
public:
  TemporaryCacheHome()
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "jwtool-cache-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_path = pattern;
    REQUIRE(::setenv("XDG_CACHE_HOME", m_path.c_str(), 1) == 0);
  }
  TemporaryCacheHome(const TemporaryCacheHome&) = delete;
  TemporaryCacheHome& operator=(const TemporaryCacheHome&) = delete;
  ~TemporaryCacheHome()
  {
    ::unsetenv("XDG_CACHE_HOME");
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  const std::string& path() const
  {
    return m_path;
  }

private:
  std::string m_path;
};

unsigned mode_of(const std::string& path)
{
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777U;
}

} // namespace

TEST_CASE("parse_max_age: the max-age directive of Cache-Control")
{
  CHECK(net::parse_max_age("max-age=300") == 300);
  CHECK(net::parse_max_age("public, max-age=19958, must-revalidate, no-transform") == 19958);
  CHECK(net::parse_max_age("Max-Age = \"60\"") == 60);
  CHECK(net::parse_max_age("s-maxage=10, max-age=20") == 20);
  CHECK(net::parse_max_age("max-age=99999999999999999999") == 1'000'000'000);
  CHECK_FALSE(net::parse_max_age("no-store").has_value());
  CHECK_FALSE(net::parse_max_age("max-age=").has_value());
  CHECK_FALSE(net::parse_max_age("max-age=-5").has_value());
  CHECK_FALSE(net::parse_max_age("max-age=1h").has_value());
  CHECK_FALSE(net::parse_max_age("").has_value());
}

TEST_CASE("cache_max_age: the response's max-age, else 5 minutes, at most a day")
{
  CHECK(net::cache_max_age(std::nullopt) == 300);
  CHECK(net::cache_max_age(60) == 60);
  CHECK(net::cache_max_age(0) == 0);
  CHECK(net::cache_max_age(86400) == 86400);
  CHECK(net::cache_max_age(10'000'000) == 86400);
}

TEST_CASE("is_fresh: by age on jwtool's clock, never negative")
{
  net::CacheEntry entry;
  entry.fetched_at = 1000;
  entry.max_age = 600;
  CHECK(net::is_fresh(entry, 1000));
  CHECK(net::is_fresh(entry, 1599.5));
  CHECK_FALSE(net::is_fresh(entry, 1600));
  CHECK(net::is_fresh(entry, 10)); // --now before the fetch: age 0
  entry.max_age = 0;
  CHECK_FALSE(net::is_fresh(entry, 1000));
}

TEST_CASE("the cache: a private directory, private files, entries round trip")
{
  const TemporaryCacheHome home;
  auto cache = net::Cache::open();
  REQUIRE(cache.ok());
  CHECK(cache->directory() == home.path() + "/jwtool");
  CHECK(mode_of(cache->directory()) == 0700U);

  CHECK_FALSE(cache->load("https://idp.example.com/jwks").has_value());
  net::CacheEntry entry;
  entry.url = "https://idp.example.com/jwks";
  entry.body = "{\"keys\":[]}\n\xff"; // not UTF-8: still stored
  entry.etag = "\"v1\"";
  entry.fetched_at = 1700000000.5;
  entry.max_age = 600;
  REQUIRE(cache->save(entry).ok());
  entry.refetched_at = 1700000100;
  REQUIRE(cache->save(entry).ok()); // replaced whole

  const auto loaded = cache->load("https://idp.example.com/jwks");
  REQUIRE(loaded.has_value());
  CHECK(loaded->etag == "\"v1\"");
  CHECK(loaded->fetched_at == 1700000000.5);
  CHECK(loaded->max_age == 600);
  CHECK(loaded->refetched_at == 1700000100);
  CHECK(loaded->body.substr(0, 11) == "{\"keys\":[]}");
  CHECK_FALSE(cache->load("https://idp.example.com/other").has_value());

  int files = 0;
  for (const auto& file : std::filesystem::directory_iterator(cache->directory())) {
    ++files;
    CHECK(mode_of(file.path().string()) == 0600U);
  }
  CHECK(files == 1);
}

TEST_CASE("the cache: a wider directory is narrowed to 0700")
{
  const TemporaryCacheHome home;
  const std::string directory = home.path() + "/jwtool";
  REQUIRE(::mkdir(directory.c_str(), 0755) == 0);
  REQUIRE(::chmod(directory.c_str(), 0755) == 0);
  REQUIRE(net::Cache::open().ok());
  CHECK(mode_of(directory) == 0700U);
}
