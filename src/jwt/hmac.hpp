#pragma once

#include "jwt/algorithm.hpp"
#include "jwt/error.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace jwt {

// HMAC with one key and one hash, the key state prepared once so that many signing inputs
// can be signed or checked without re-deriving it. Not thread-safe: one Signer per thread.
class Signer
{
public:
  // Fails with ErrorKind::invalid_key for an empty key, ErrorKind::internal if OpenSSL does.
  static Result<Signer> create(Algorithm alg, std::string_view key);

  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;
  Signer(Signer&& other) noexcept;
  Signer& operator=(Signer&& other) noexcept;
  ~Signer();

  Algorithm algorithm() const noexcept
  {
    return m_alg;
  }

  // The raw MAC (digest_size(algorithm()) bytes) of data.
  Result<std::string> sign(std::string_view data);

  // True when signature is the MAC of data; compared in constant time.
  Result<bool> verify(std::string_view data, std::string_view signature);

private:
  struct State;
  Signer(Algorithm alg, std::unique_ptr<State> state) noexcept;

  Algorithm m_alg;
  std::unique_ptr<State> m_state;
};

} // namespace jwt
