#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace jwt {

// The JWS algorithms jwtool implements (RFC 7518 §3, RFC 8037 §3.1, RFC 8812 §3.2). Nothing else
// is ever accepted. HMAC first, in the order they have always had.
enum class Algorithm {
  hs256,
  hs384,
  hs512,
  rs256, // RSASSA-PKCS1-v1_5
  rs384,
  rs512,
  ps256, // RSASSA-PSS, MGF1 with the same hash, salt length = hash length
  ps384,
  ps512,
  es256, // ECDSA P-256
  es384, // ECDSA P-384
  es512, // ECDSA P-521
  es256k, // ECDSA secp256k1 (RFC 8812)
  eddsa, // Ed25519 or Ed448, as the key's curve says (RFC 8037)
};

// The HMAC algorithms: what a secret ("oct" key) can do.
constexpr Algorithm k_hmac_algorithms[] = {Algorithm::hs256, Algorithm::hs384, Algorithm::hs512};

// Every algorithm, HMAC first.
constexpr Algorithm k_jose_algorithms[] = {Algorithm::hs256,
                                           Algorithm::hs384,
                                           Algorithm::hs512,
                                           Algorithm::rs256,
                                           Algorithm::rs384,
                                           Algorithm::rs512,
                                           Algorithm::ps256,
                                           Algorithm::ps384,
                                           Algorithm::ps512,
                                           Algorithm::es256,
                                           Algorithm::es384,
                                           Algorithm::es512,
                                           Algorithm::es256k,
                                           Algorithm::eddsa};

// How an algorithm signs. The key decides the family (RFC 8725 §3.1), never the token.
enum class AlgorithmFamily { hmac, rsa_pkcs1, rsa_pss, ecdsa, eddsa };

// The JWK "kty" a key for an algorithm has (RFC 7518 §6.1, RFC 8037 §2).
enum class KeyType { oct, rsa, ec, okp };

enum class HashAlgorithm { none, sha256, sha384, sha512 };

// Named curves: the EC ones of ES* (JWK kty "EC") and the Edwards ones of EdDSA (kty "OKP").
enum class Curve { p256, p384, p521, secp256k1, ed25519, ed448 };

// "HS256", "RS256", ..., "EdDSA" as written in a JOSE header.
std::string_view algorithm_name(Algorithm alg) noexcept;

// The exact, case-sensitive JOSE name (RFC 7515 §4.1.1) of an HMAC algorithm; nullopt for
// anything else, the public-key names included.
std::optional<Algorithm> parse_hmac_algorithm(std::string_view name) noexcept;

// The exact, case-sensitive JOSE name of any algorithm jwtool implements; nullopt otherwise.
std::optional<Algorithm> parse_jose_algorithm(std::string_view name) noexcept;

AlgorithmFamily algorithm_family(Algorithm alg) noexcept;
KeyType key_type(Algorithm alg) noexcept;
std::string_view key_type_name(KeyType type) noexcept; // "oct", "RSA", "EC", "OKP"

// The hash the algorithm signs with; none for EdDSA, which hashes inside the scheme.
HashAlgorithm hash_algorithm(Algorithm alg) noexcept;
std::size_t hash_size(HashAlgorithm hash) noexcept; // 0 for none
// OpenSSL's name of the hash: "SHA256", ...; empty for none.
std::string_view hash_name(HashAlgorithm hash) noexcept;

// HMAC: the length of the MAC in bytes, also the minimum key length RFC 7518 §3.2 asks for (see
// is_weak_key). Other algorithms: the length of their hash (0 for EdDSA), not of a signature.
std::size_t digest_size(Algorithm alg) noexcept;

// The curve of an ES* algorithm: P-256, P-384, P-521, secp256k1. nullopt for the others (EdDSA
// takes either Edwards curve: the key says which).
std::optional<Curve> ecdsa_curve(Algorithm alg) noexcept;
// The ES* algorithm of an EC curve; nullopt for the Edwards curves.
std::optional<Algorithm> ecdsa_algorithm(Curve curve) noexcept;

// The JOSE "crv" name: "P-256", "P-384", "P-521", "secp256k1", "Ed25519", "Ed448".
std::string_view curve_name(Curve curve) noexcept;
// The exact, case-sensitive "crv" name; nullopt for anything else (X25519 and X448 included:
// they do not sign).
std::optional<Curve> parse_curve(std::string_view name) noexcept;
KeyType curve_key_type(Curve curve) noexcept; // ec or okp
// Bytes of a coordinate (EC x, y), of a scalar (EC d: the same for these curves), or of an OKP
// key (x, d): 32, 48, 66, 32, 32, 57.
std::size_t curve_key_size(Curve curve) noexcept;
// Bytes of a JWS signature on the curve: ECDSA R||S (64, 96, 132, 64), Ed25519 64, Ed448 114.
std::size_t curve_signature_size(Curve curve) noexcept;

// The exact length of every signature of the algorithm, where the algorithm alone decides it:
// HMAC (32, 48, 64) and ES* (64, 96, 132, 64 for ES256K). nullopt for RS*/PS* (the modulus
// decides) and EdDSA (the curve does).
std::optional<std::size_t> fixed_signature_size(Algorithm alg) noexcept;

// A set of algorithms a verifier accepts.
class AlgorithmSet
{
public:
  // Every algorithm of k_jose_algorithms.
  static AlgorithmSet every() noexcept;
  static AlgorithmSet none() noexcept;
  static AlgorithmSet only(Algorithm alg) noexcept;
  static AlgorithmSet of_family(AlgorithmFamily family) noexcept;
  // What a key of the type can do: oct HS*, RSA RS* and PS*, EC every ES*, OKP EdDSA. (A given
  // EC key does one ES* only: PKey::algorithms() says which.)
  static AlgorithmSet for_key_type(KeyType type) noexcept;

  bool contains(Algorithm alg) const noexcept;
  bool empty() const noexcept
  {
    return m_bits == 0;
  }
  AlgorithmSet operator&(AlgorithmSet other) const noexcept
  {
    return AlgorithmSet(m_bits & other.m_bits);
  }
  AlgorithmSet operator|(AlgorithmSet other) const noexcept
  {
    return AlgorithmSet(m_bits | other.m_bits);
  }
  bool operator==(AlgorithmSet other) const noexcept
  {
    return m_bits == other.m_bits;
  }
  bool operator!=(AlgorithmSet other) const noexcept
  {
    return m_bits != other.m_bits;
  }

private:
  explicit AlgorithmSet(unsigned bits) noexcept : m_bits(bits)
  {
  }
  unsigned m_bits;
};

} // namespace jwt
