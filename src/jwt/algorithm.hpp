#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace jwt {

// The JWS algorithms jwtool implements (RFC 7518 §3.2). Nothing else is ever accepted.
enum class Algorithm { hs256, hs384, hs512 };

constexpr Algorithm k_all_algorithms[] = {Algorithm::hs256, Algorithm::hs384, Algorithm::hs512};

// "HS256", ... as written in a JOSE header.
std::string_view algorithm_name(Algorithm alg) noexcept;

// The exact, case-sensitive JOSE name (RFC 7515 §4.1.1); nullopt for anything else.
std::optional<Algorithm> parse_algorithm(std::string_view name) noexcept;

// Length of the HMAC output in bytes: also the minimum key length RFC 7518 §3.2 asks for
// (see is_weak_key).
std::size_t digest_size(Algorithm alg) noexcept;

// A set of algorithms a verifier accepts.
class AlgorithmSet
{
public:
  static AlgorithmSet all() noexcept;
  static AlgorithmSet only(Algorithm alg) noexcept;

  bool contains(Algorithm alg) const noexcept;

private:
  explicit AlgorithmSet(unsigned bits) noexcept : m_bits(bits)
  {
  }
  unsigned m_bits;
};

} // namespace jwt
