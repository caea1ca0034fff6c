#pragma once

#include "jwt/store.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace store {

// Where a Redis server listens (TCP, or a Unix socket when socket_path is set), and as whom to
// log in: user is an ACL user, empty for the default user.
struct RedisAddress {
  std::string host;
  int port = 6379;
  std::string socket_path;
  int database = 0;
  std::string user;
};

// How messages name the server: redis://HOST:PORT/DB or redis+unix://PATH?db=DB, never with
// the user or a password.
std::string redis_name(const RedisAddress& address);

// How long connecting, and then each command, may take before the store counts as unreachable.
constexpr std::chrono::milliseconds k_redis_connect_timeout{2000};
constexpr std::chrono::milliseconds k_redis_command_timeout{5000};

// The store in a Redis server. Every operation is one Lua script (EVALSHA, EVAL when the
// server does not have it yet), so a check-and-spend is atomic; keys expire with the tokens
// they describe. ErrorKind::store_unavailable when the server cannot be reached or answers
// with an error. With a password (not empty) the connection starts with AUTH (as
// address.user when set); a refused one is "authentication failed", with nothing of the
// password in the message.
jwt::Result<std::unique_ptr<jwt::TokenStore>> open_redis_store(const RedisAddress& address,
                                                               std::string_view password = {});

} // namespace store
