#include "jwt/algorithm.hpp"

namespace jwt {

namespace {
unsigned bit(Algorithm alg) noexcept
{
  return 1U << static_cast<unsigned>(alg);
}
} // namespace

std::string_view algorithm_name(Algorithm alg) noexcept
{
  switch (alg) {
  case Algorithm::hs256: return "HS256";
  case Algorithm::hs384: return "HS384";
  case Algorithm::hs512: return "HS512";
  }
  return "HS256";
}

std::optional<Algorithm> parse_algorithm(std::string_view name) noexcept
{
  for (const Algorithm alg : k_all_algorithms) {
    if (name == algorithm_name(alg)) {
      return alg;
    }
  }
  return std::nullopt;
}

std::size_t digest_size(Algorithm alg) noexcept
{
  switch (alg) {
  case Algorithm::hs256: return 32;
  case Algorithm::hs384: return 48;
  case Algorithm::hs512: return 64;
  }
  return 32;
}

AlgorithmSet AlgorithmSet::all() noexcept
{
  return AlgorithmSet(bit(Algorithm::hs256) | bit(Algorithm::hs384) | bit(Algorithm::hs512));
}

AlgorithmSet AlgorithmSet::only(Algorithm alg) noexcept
{
  return AlgorithmSet(bit(alg));
}

bool AlgorithmSet::contains(Algorithm alg) const noexcept
{
  return (m_bits & bit(alg)) != 0;
}

} // namespace jwt
