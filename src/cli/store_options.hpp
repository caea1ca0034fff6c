#pragma once

#include "jwt/error.hpp"
#include "jwt/store.hpp"

#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace cli {

// The token store: --store URL, else $JWTOOL_STORE; neither (or empty) means no store, and
// jwtool is as stateless as without one.
struct StoreOptions {
  std::string url;
};
void add_store_option(CLI::App& command, StoreOptions& options);

// The URL in force, or empty when there is no store.
std::string store_url(const StoreOptions& options);

// The store named by the options, or nullptr when none is. ErrorKind::invalid_argument for a
// URL jwtool cannot read, ErrorKind::store_unavailable when the store cannot be opened.
jwt::Result<std::unique_ptr<jwt::TokenStore>> open_store(const StoreOptions& options);

} // namespace cli
