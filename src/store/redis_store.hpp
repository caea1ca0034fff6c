#pragma once

#include "jwt/store.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace store {

struct RedisAddress {
  std::string host;
  int port = 6379;
  int database = 0;
};

// How long connecting, and then each command, may take before the store counts as unreachable.
constexpr std::chrono::milliseconds k_redis_connect_timeout{2000};
constexpr std::chrono::milliseconds k_redis_command_timeout{5000};

// The store in a Redis server. Every operation is one Lua script (EVALSHA, EVAL when the
// server does not have it yet), so a check-and-spend is atomic; keys expire with the tokens
// they describe. ErrorKind::store_unavailable when the server cannot be reached or answers
// with an error.
jwt::Result<std::unique_ptr<jwt::TokenStore>> open_redis_store(const RedisAddress& address);

} // namespace store
