#pragma once

#include "jwt/algorithm.hpp"
#include "jwt/error.hpp"
#include "jwt/pkey.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace jwt {

// Public-key JWS signatures (RFC 7515, RFC 7518 §3.3-3.5, RFC 8037 §3.1) with one key and one
// algorithm, prepared once: the digest and signature algorithms are fetched and a context set up
// when the signer is made; each call works on its own copy of that context (no fetch, no lock,
// no shared state written), so threads may share one PkeySigner.
//   RS*: RSASSA-PKCS1-v1_5. PS*: RSASSA-PSS, MGF1 with the same hash, salt as long as the hash,
//   and only that salt length verifies. ES*: the JWS form R||S of exactly 2 x the curve's size,
//   turned into DER for OpenSSL here. EdDSA: Ed25519 or Ed448 as the key's curve says.
class PkeySigner
{
public:
  // The key decides the family: alg must be one the key can do (PKey::check_algorithm), else
  // ErrorKind::invalid_key. A public key makes a signer that only verifies.
  static Result<PkeySigner> create(const PKey& key, Algorithm alg);

  PkeySigner(PkeySigner&& other) noexcept;
  PkeySigner& operator=(PkeySigner&& other) noexcept;
  PkeySigner(const PkeySigner&) = delete;
  PkeySigner& operator=(const PkeySigner&) = delete;
  ~PkeySigner();

  Algorithm algorithm() const noexcept
  {
    return m_alg;
  }
  const PKey& key() const noexcept;
  bool can_sign() const noexcept;

  // The JWS signature of data (ES*: R||S). ErrorKind::invalid_key for a public key,
  // ErrorKind::internal when OpenSSL fails.
  Result<std::string> sign(std::string_view data) const;

  // Ok when signature is a valid JWS signature of data under this key and algorithm; else
  // ErrorKind::bad_signature with the reason: a wrong length (a DER-encoded ECDSA signature is
  // one), an ECDSA r or s of zero or not below the group order (checked before OpenSSL sees
  // them: CVE-2022-21449), or no match. ErrorKind::internal when OpenSSL fails.
  Status verify(std::string_view data, std::string_view signature) const;

private:
  struct State;
  PkeySigner(Algorithm alg, std::unique_ptr<State> state) noexcept;

  Algorithm m_alg;
  std::unique_ptr<State> m_state;
};

} // namespace jwt
