#pragma once

#include "jwt/algorithm.hpp"
#include "jwt/error.hpp"
#include "jwt/json.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

// OpenSSL's EVP_PKEY, named without including OpenSSL here.
struct evp_pkey_st;

namespace jwt {

struct EvpPkeyFree {
  void operator()(evp_pkey_st* key) const noexcept;
};
using EvpPkeyPtr = std::unique_ptr<evp_pkey_st, EvpPkeyFree>;

// A public key, or a private key with its public half, for public-key signatures: RSA, EC on
// P-256, P-384, P-521 or secp256k1, or OKP Ed25519 / Ed448. Checked when made (the checks each
// import names below); immutable after, so threads may share one. Copies share the one
// OpenSSL key (a reference count), they do not copy key bytes.
//
// Every error is ErrorKind::invalid_key, one line saying which check failed. No message ever
// quotes key bytes (nor the text they came in).
class PKey
{
public:
  // A PEM or DER key recognised by its content: PKCS#8 private ("PRIVATE KEY"), PKCS#1 RSA
  // private or public ("RSA PRIVATE KEY", "RSA PUBLIC KEY"), SEC1 EC private ("EC PRIVATE
  // KEY", an "EC PARAMETERS" block before it is skipped), SubjectPublicKeyInfo ("PUBLIC KEY"),
  // or an X.509 certificate (its public key). Refused: an encrypted key (never a passphrase
  // prompt), text holding more than one key or certificate, anything else.
  static Result<PKey> from_pem_or_der(std::string_view bytes);

  // A JWK (RFC 7517) of kty "RSA" (n, e; private: d, p, q, dp, dq, qi; "oth" refused), "EC"
  // (crv, x, y of the curve's exact size, a point on the curve; private: d) or "OKP" (crv
  // Ed25519 or Ed448, x; private: d). A private JWK whose public members are not those of its
  // private key is refused. "alg", when present, must be an algorithm this key can do (binding
  // the key to it is the caller's business); "kid", "use" and "key_ops" are not looked at.
  static Result<PKey> from_jwk(const Json& jwk);

  // A new private key: RSA of `bits` (at least 2048), or on an EC or Edwards curve.
  static Result<PKey> generate_rsa(unsigned bits);
  static Result<PKey> generate(Curve curve);

  KeyType type() const noexcept
  {
    return m_type;
  }
  // The curve of an EC or OKP key; nullopt for RSA.
  std::optional<Curve> curve() const noexcept
  {
    return m_curve;
  }
  bool is_private() const noexcept
  {
    return m_private;
  }
  // RSA: bits of the modulus; EC and OKP: of the curve (256, 384, 521, 256, 255, 448).
  unsigned bits() const noexcept
  {
    return m_bits;
  }
  // RFC 7518 §3.3: an RSA key must be at least 2048 bits. A question, not a refusal: issuing
  // refuses such a key, verifying warns.
  bool is_weak() const noexcept
  {
    return m_type == KeyType::rsa && m_bits < 2048;
  }
  // "RSA 2048-bit", "EC P-256", "OKP Ed25519", for people.
  std::string description() const;

  // The algorithms this key can do: RSA RS* and PS*, EC the ES* of its curve, OKP EdDSA.
  AlgorithmSet algorithms() const noexcept;
  // What issuing uses without --alg: RS256, the curve's ES*, EdDSA.
  Algorithm default_algorithm() const noexcept;
  // Ok if the key can do alg, else ErrorKind::invalid_key saying what it can do.
  Status check_algorithm(Algorithm alg) const;

  // The public half as a JWK of exactly the members RFC 7638 §3.2 requires, in lexicographic
  // order: e, kty, n (RSA); crv, kty, x, y (EC); crv, kty, x (OKP). Its compact dump() is the
  // thumbprint's input.
  Json public_jwk() const;
  // RFC 7638: base64url of the SHA-256 of the required public members, canonical JSON.
  std::string thumbprint() const;

  // The public key as SubjectPublicKeyInfo PEM ("PUBLIC KEY").
  Result<std::string> public_pem() const;
  // The private key as unencrypted PKCS#8 PEM ("PRIVATE KEY"), as `jwtool keygen` writes it.
  // ErrorKind::invalid_key for a public key. Secret: the caller wipes the text (jwt::wipe).
  Result<std::string> private_pem() const;
  // The private key as a JWK: public_jwk()'s members and "d" (RSA: "d", "p", "q", "dp", "dq",
  // "qi"), RFC 7518 §6.2.2, §6.3.2, RFC 8037 §2. ErrorKind::invalid_key for a public key.
  // Secret: the caller overwrites those members when done.
  Result<Json> private_jwk() const;

  // The OpenSSL key, for the signer (src/jwt/signature.cpp). Never null.
  evp_pkey_st* get() const noexcept
  {
    return m_key.get();
  }

  PKey(const PKey& other);
  PKey& operator=(const PKey& other);
  PKey(PKey&&) noexcept = default;
  PKey& operator=(PKey&&) noexcept = default;
  ~PKey() = default;

private:
  PKey(EvpPkeyPtr key, KeyType type, std::optional<Curve> curve, bool is_private, unsigned bits) noexcept;
  friend Result<PKey> make_pkey(EvpPkeyPtr key);

  EvpPkeyPtr m_key;
  KeyType m_type;
  std::optional<Curve> m_curve;
  bool m_private;
  unsigned m_bits;
};

// The checks every key goes through, then the PKey: its type and curve supported, EC point on
// the curve, a private key's halves belonging together. Used by every way in above.
Result<PKey> make_pkey(EvpPkeyPtr key);

} // namespace jwt
