#pragma once

// Helpers shared by the unit tests: readable ErrorKind in failure reports, hex, and a check
// that a Result failed with a given kind and a message containing a given fragment.

#include "jwt/claims.hpp"
#include "jwt/error.hpp"

#include <doctest/doctest.h>
#include <chrono>
#include <string>
#include <string_view>

namespace doctest {
template <> struct StringMaker<jwt::ErrorKind> {
  static String convert(jwt::ErrorKind kind)
  {
    return String(std::string(jwt::to_string(kind)).c_str());
  }
};
} // namespace doctest

namespace test {

// jwtool's basic claims (sub, type, iat, exp, jti) with every optional member left unset.
inline jwt::NewClaims new_claims(std::string subject, std::string type, jwt::NumericDate issued_at,
                                 std::chrono::seconds lifetime, std::string token_id)
{
  jwt::NewClaims claims;
  claims.subject = std::move(subject);
  claims.type = std::move(type);
  claims.issued_at = issued_at;
  claims.lifetime = lifetime;
  claims.token_id = std::move(token_id);
  return claims;
}

inline bool contains(std::string_view haystack, std::string_view needle)
{
  return haystack.find(needle) != std::string_view::npos;
}

inline std::string to_hex(std::string_view bytes)
{
  constexpr std::string_view k_digits = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out += k_digits[byte >> 4];
    out += k_digits[byte & 0x0f];
  }
  return out;
}

inline std::string from_hex(std::string_view hex)
{
  const auto nibble = [](char c) {
    return c <= '9' ? c - '0' : c - 'a' + 10;
  };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
  }
  return out;
}

} // namespace test

// The Result failed with `expected_kind` and its message contains `fragment`.
#define CHECK_ERROR(expr, expected_kind, fragment)                                                       \
  do {                                                                                                   \
    const auto check_error_result_ = (expr);                                                             \
    REQUIRE_FALSE(check_error_result_.ok());                                                             \
    CHECK(check_error_result_.error().kind == (expected_kind));                                          \
    CHECK_MESSAGE(test::contains(check_error_result_.error().message, (fragment)),                       \
                  "message: " << check_error_result_.error().message);                                   \
  } while (false)
