#pragma once

#include "jwt/store.hpp"

#include <memory>
#include <string_view>

namespace store {

// The store a URL names: "sqlite:PATH" or "redis://HOST[:PORT][/DB]" (port 6379 and database
// 0 by default; HOST may be an IPv6 address in brackets). ErrorKind::invalid_argument for a
// URL of neither form, ErrorKind::store_unavailable when the store cannot be opened.
jwt::Result<std::unique_ptr<jwt::TokenStore>> open_store(std::string_view url);

} // namespace store
