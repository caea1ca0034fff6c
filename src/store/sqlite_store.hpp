#pragma once

#include "jwt/store.hpp"

#include <chrono>
#include <memory>
#include <string_view>

namespace store {

// How long a call waits by default for another process's write transaction before it gives up.
constexpr std::chrono::milliseconds k_sqlite_busy_timeout{5000};

// The store in the SQLite file at `path`, created (with its tables) when it does not exist;
// its directory must. WAL mode, so readers never wait for the one writer; each write is one
// BEGIN IMMEDIATE transaction, so a check-and-spend is never interleaved with another.
// ErrorKind::store_unavailable when the file cannot be opened, is not a database, is locked
// longer than `busy_timeout`, or is read-only.
jwt::Result<std::unique_ptr<jwt::TokenStore>> open_sqlite_store(std::string_view path,
                                                                std::chrono::milliseconds busy_timeout = k_sqlite_busy_timeout);

} // namespace store
