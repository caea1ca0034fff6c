#pragma once

#include "jwt/algorithm.hpp"
#include "jwt/error.hpp"
#include "jwt/hmac.hpp"
#include "jwt/keys.hpp"
#include "jwt/signature.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace jwt {

// The one signer interface of the token road: an HMAC signer or a public-key signer, chosen
// once per key and algorithm. Everything above it (minting, the Verifier, the batch modes)
// is the same for every algorithm. Like both signers, it may be shared between threads.
class Signer
{
public:
  // The signer for `key` and `alg`: ErrorKind::invalid_key when the key cannot do alg
  // (check_key_algorithm), or cannot be prepared.
  static Result<Signer> create(const Key& key, Algorithm alg);

  explicit Signer(HmacSigner hmac) noexcept : m_impl(std::move(hmac))
  {
  }
  explicit Signer(PkeySigner pkey) noexcept : m_impl(std::move(pkey))
  {
  }

  Algorithm algorithm() const noexcept;

  // The JWS signature of data into `signature` (its buffer reused). ErrorKind::invalid_key for
  // a public key, ErrorKind::internal when OpenSSL fails.
  Status sign_into(std::string_view data, std::string& signature) const;
  Result<std::string> sign(std::string_view data) const;

  // Ok when signature is the JWS signature of data; else ErrorKind::bad_signature saying why (a
  // wrong length, an invalid ECDSA value, no match). HMAC compares in constant time and
  // allocates nothing when the signature matches.
  Status verify(std::string_view data, std::string_view signature) const;

private:
  std::variant<HmacSigner, PkeySigner> m_impl;
};

} // namespace jwt
