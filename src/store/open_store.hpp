#pragma once

#include "jwt/store.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace store {

// Where a store's password comes from: the password (empty when none is configured), or why it
// cannot be read. Asked only by a store that can use one (Redis), after its URL has been read.
using PasswordSource = std::function<jwt::Result<std::string>()>;

// Where to look for the password, for messages about a missing one.
constexpr std::string_view k_password_hint =
  "give it in $JWTOOL_STORE_PASSWORD or in a file ($JWTOOL_STORE_PASSWORD_FILE, --store-password-file PATH)";

// The store a URL names:
//   sqlite:PATH                         a SQLite file (PATH not starting with "file:")
//   redis://[USER@]HOST[:PORT][/DB]     a Redis server over TCP (port 6379, database 0 by
//                                       default; HOST may be an IPv6 address in brackets)
//   redis+unix://[USER@]/PATH[?db=DB]   a Redis server on a Unix socket
// USER is a Redis ACL user; the password is never part of the URL (it is refused there, and a
// URL with a user part is never echoed in a message): it comes from `password`, and with one
// the connection starts with AUTH. rediss:// (TLS) is refused: hiredis is built without it.
// ErrorKind::invalid_argument for a URL jwtool cannot read, ErrorKind::store_unavailable when
// the store cannot be opened (authentication failed included); an error from `password` as is.
jwt::Result<std::unique_ptr<jwt::TokenStore>> open_store(std::string_view url, const PasswordSource& password = {});

} // namespace store
