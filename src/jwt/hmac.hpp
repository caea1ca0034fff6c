#pragma once

#include "jwt/algorithm.hpp"
#include "jwt/error.hpp"

#include <array>
#include <memory>
#include <string>
#include <string_view>

namespace jwt {

// HMAC with one key and one hash, the key state prepared once so that many signing inputs
// can be signed or checked without re-deriving it. Signing does not change the HmacSigner, so
// threads may share one.
class HmacSigner
{
public:
  // Fails with ErrorKind::invalid_key for an empty key.
  static Result<HmacSigner> create(Algorithm alg, std::string_view key);

  HmacSigner(const HmacSigner&) = delete;
  HmacSigner& operator=(const HmacSigner&) = delete;
  HmacSigner(HmacSigner&& other) noexcept;
  HmacSigner& operator=(HmacSigner&& other) noexcept;
  ~HmacSigner();

  Algorithm algorithm() const noexcept
  {
    return m_alg;
  }

  static constexpr std::size_t k_max_digest_size = 64;
  using Digest = std::array<unsigned char, k_max_digest_size>;

  // The raw MAC of data into `out`; returns its size, digest_size(algorithm()). Allocates nothing.
  std::size_t sign_into(std::string_view data, Digest& out) const noexcept;

  // The raw MAC (digest_size(algorithm()) bytes) of data.
  Result<std::string> sign(std::string_view data) const;

  // True when signature is the MAC of data; compared in constant time. Allocates nothing.
  bool matches(std::string_view data, std::string_view signature) const noexcept;

private:
  struct State;
  HmacSigner(Algorithm alg, std::unique_ptr<State> state) noexcept;

  Algorithm m_alg;
  std::unique_ptr<State> m_state;
};

} // namespace jwt
