#pragma once

// `jwtool serve --clients FILE`: the OAuth clients and the development users the token server
// knows, with the claims each one's tokens carry.

#include "jwt/claims.hpp"
#include "jwt/error.hpp"
#include "jwt/keys.hpp"

#include <map>
#include <string>
#include <string_view>

namespace cli {

// A client (its secret) or a user (its password), and what its tokens carry.
struct Principal {
  jwt::Secret secret;
  // The claims of every token minted for it: sub (the client id or the user name unless the
  // file sets it), aud when the file sets it, and the custom claims.
  jwt::NewClaims claims;
};

struct Clients {
  std::map<std::string, Principal, std::less<>> clients;
  std::map<std::string, Principal, std::less<>> users;
};

// {"clients": {"ID": {"secret": "...", "claims": {...}}}, "users": {"NAME": {"password": "...",
// "claims": {...}}}}: both members optional, nothing else allowed. A secret or password is a
// non-empty string; claims an object that may set "sub" (a string) and "aud" (a string or a
// list of strings) but no other registered claim, nor "sid" or "client_id" (the server sets
// them). ErrorKind::invalid_argument saying where; never a secret in the message.
jwt::Result<Clients> parse_clients(std::string_view text);

// The file read and parsed, errors prefixed with "--clients: ". A file that others may read
// gets a warning on standard error.
jwt::Result<Clients> load_clients(const std::string& path);

// The principal of `map` named `name` whose secret is `presented`, or nullptr. The secret is
// compared in constant time, and an unknown name costs the same comparison.
const Principal* authenticate(const std::map<std::string, Principal, std::less<>>& map, std::string_view name,
                              std::string_view presented);

} // namespace cli
