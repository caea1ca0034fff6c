#pragma once

#include "jwt/error.hpp"
#include "jwt/store.hpp"

#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace cli {

// The token store: --store URL, else $JWTOOL_STORE; neither (or $JWTOOL_STORE empty) means no
// store, and jwtool is as stateless as without one. "none", in either, means no store too:
// `--store none` is how a command goes without the store $JWTOOL_STORE names (an empty --store
// is refused, so an unset variable cannot switch the store off by accident).
// A Redis store's password: --store-password-file PATH, else $JWTOOL_STORE_PASSWORD_FILE or
// $JWTOOL_STORE_PASSWORD (not both); never on the command line or in the URL.
struct StoreOptions {
  std::string url;
  std::string password_file;
};
void add_store_option(CLI::App& command, StoreOptions& options);

// The URL in force, or empty when there is no store. ErrorKind::invalid_argument when
// $JWTOOL_STORE is set but empty: an unset variable upstream must not switch the store off.
jwt::Result<std::string> store_url(const StoreOptions& options);

// The store named by the options, or nullptr when none is. ErrorKind::invalid_argument for a
// URL jwtool cannot read, ErrorKind::store_unavailable when the store cannot be opened.
jwt::Result<std::unique_ptr<jwt::TokenStore>> open_store(const StoreOptions& options);

} // namespace cli
