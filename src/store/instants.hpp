#pragma once

// Instants as the stores keep them: whole Unix seconds.

#include "jwt/store.hpp"
#include "jwt/time.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace store {

// Far beyond any real instant, yet far from int64 overflow even in milliseconds: a token's
// exp may be any JSON number, and jwt::k_never (infinity) becomes this, kept forever in effect.
constexpr double k_max_stored_seconds = 1e15;
// The longest span the stores compute (Redis: from the earliest `now` to the latest
// keep_until, in milliseconds) fits in int64 with room to spare for the server's own clock.
static_assert((2 * k_max_stored_seconds + static_cast<double>(jwt::k_store_retention_margin.count())) * 1000
                < 4e18);

// An instant rounded down (for "now") or up (for an expiry: an entry is never dropped early).
inline std::int64_t floor_seconds(jwt::NumericDate t)
{
  return static_cast<std::int64_t>(std::floor(std::clamp(t.seconds, -k_max_stored_seconds, k_max_stored_seconds)));
}
inline std::int64_t ceil_seconds(jwt::NumericDate t)
{
  return static_cast<std::int64_t>(std::ceil(std::clamp(t.seconds, -k_max_stored_seconds, k_max_stored_seconds)));
}

// When the entry for something that ends at `expires_at` may be dropped.
inline std::int64_t keep_until(jwt::NumericDate expires_at)
{
  return ceil_seconds(expires_at) + jwt::k_store_retention_margin.count();
}

} // namespace store
