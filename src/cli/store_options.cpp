#include "cli/store_options.hpp"

#include "store/open_store.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>

namespace cli {

namespace {
constexpr const char* k_store_env = "JWTOOL_STORE";
} // namespace

void add_store_option(CLI::App& command, StoreOptions& options)
{
  command
    .add_option("--store",
                options.url,
                "Token store for rotation and revocation: sqlite:PATH or redis://HOST[:PORT][/DB] "
                "(default: $JWTOOL_STORE; none: stateless)")
    ->type_name("URL")
    ->group("Store");
}

std::string store_url(const StoreOptions& options)
{
  if (!options.url.empty()) {
    return options.url;
  }
  const char* url = std::getenv(k_store_env);
  return url == nullptr ? std::string() : std::string(url);
}

jwt::Result<std::unique_ptr<jwt::TokenStore>> open_store(const StoreOptions& options)
{
  const std::string url = store_url(options);
  if (url.empty()) {
    return std::unique_ptr<jwt::TokenStore>();
  }
  return store::open_store(url);
}

} // namespace cli
