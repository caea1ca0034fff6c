#include "jwt/algorithm.hpp"

#include <iterator>

namespace jwt {

namespace {

struct AlgorithmInfo {
  Algorithm alg;
  std::string_view name;
  AlgorithmFamily family;
  HashAlgorithm hash;
};

// One row per algorithm, in enum order (checked below).
constexpr AlgorithmInfo k_algorithms[] = {
  {Algorithm::hs256, "HS256", AlgorithmFamily::hmac, HashAlgorithm::sha256},
  {Algorithm::hs384, "HS384", AlgorithmFamily::hmac, HashAlgorithm::sha384},
  {Algorithm::hs512, "HS512", AlgorithmFamily::hmac, HashAlgorithm::sha512},
  {Algorithm::rs256, "RS256", AlgorithmFamily::rsa_pkcs1, HashAlgorithm::sha256},
  {Algorithm::rs384, "RS384", AlgorithmFamily::rsa_pkcs1, HashAlgorithm::sha384},
  {Algorithm::rs512, "RS512", AlgorithmFamily::rsa_pkcs1, HashAlgorithm::sha512},
  {Algorithm::ps256, "PS256", AlgorithmFamily::rsa_pss, HashAlgorithm::sha256},
  {Algorithm::ps384, "PS384", AlgorithmFamily::rsa_pss, HashAlgorithm::sha384},
  {Algorithm::ps512, "PS512", AlgorithmFamily::rsa_pss, HashAlgorithm::sha512},
  {Algorithm::es256, "ES256", AlgorithmFamily::ecdsa, HashAlgorithm::sha256},
  {Algorithm::es384, "ES384", AlgorithmFamily::ecdsa, HashAlgorithm::sha384},
  {Algorithm::es512, "ES512", AlgorithmFamily::ecdsa, HashAlgorithm::sha512},
  {Algorithm::es256k, "ES256K", AlgorithmFamily::ecdsa, HashAlgorithm::sha256},
  {Algorithm::eddsa, "EdDSA", AlgorithmFamily::eddsa, HashAlgorithm::none},
};

constexpr bool rows_in_enum_order()
{
  for (std::size_t i = 0; i < std::size(k_algorithms); ++i) {
    if (static_cast<std::size_t>(k_algorithms[i].alg) != i || k_jose_algorithms[i] != k_algorithms[i].alg) {
      return false;
    }
  }
  return std::size(k_algorithms) == std::size(k_jose_algorithms);
}
static_assert(rows_in_enum_order(), "k_algorithms and k_jose_algorithms follow the enum");

const AlgorithmInfo& info(Algorithm alg) noexcept
{
  return k_algorithms[static_cast<std::size_t>(alg)];
}

struct CurveInfo {
  std::string_view name;
  std::size_t key_size;
  std::size_t signature_size;
  Curve curve;
  KeyType type;
};

constexpr CurveInfo k_curves[] = {
  {"P-256", 32, 64, Curve::p256, KeyType::ec},
  {"P-384", 48, 96, Curve::p384, KeyType::ec},
  {"P-521", 66, 132, Curve::p521, KeyType::ec},
  {"secp256k1", 32, 64, Curve::secp256k1, KeyType::ec},
  {"Ed25519", 32, 64, Curve::ed25519, KeyType::okp},
  {"Ed448", 57, 114, Curve::ed448, KeyType::okp},
};

constexpr bool curves_in_enum_order()
{
  for (std::size_t i = 0; i < std::size(k_curves); ++i) {
    if (static_cast<std::size_t>(k_curves[i].curve) != i) {
      return false;
    }
  }
  return true;
}
static_assert(curves_in_enum_order(), "k_curves follows the enum");

const CurveInfo& info(Curve curve) noexcept
{
  return k_curves[static_cast<std::size_t>(curve)];
}

unsigned bit(Algorithm alg) noexcept
{
  return 1U << static_cast<unsigned>(alg);
}

} // namespace

std::string_view algorithm_name(Algorithm alg) noexcept
{
  return info(alg).name;
}

std::optional<Algorithm> parse_hmac_algorithm(std::string_view name) noexcept
{
  for (const Algorithm alg : k_hmac_algorithms) {
    if (name == algorithm_name(alg)) {
      return alg;
    }
  }
  return std::nullopt;
}

std::optional<Algorithm> parse_jose_algorithm(std::string_view name) noexcept
{
  for (const AlgorithmInfo& row : k_algorithms) {
    if (name == row.name) {
      return row.alg;
    }
  }
  return std::nullopt;
}

AlgorithmFamily algorithm_family(Algorithm alg) noexcept
{
  return info(alg).family;
}

KeyType key_type(Algorithm alg) noexcept
{
  switch (algorithm_family(alg)) {
  case AlgorithmFamily::hmac: return KeyType::oct;
  case AlgorithmFamily::rsa_pkcs1:
  case AlgorithmFamily::rsa_pss: return KeyType::rsa;
  case AlgorithmFamily::ecdsa: return KeyType::ec;
  case AlgorithmFamily::eddsa: return KeyType::okp;
  }
  return KeyType::oct;
}

std::string_view key_type_name(KeyType type) noexcept
{
  switch (type) {
  case KeyType::oct: return "oct";
  case KeyType::rsa: return "RSA";
  case KeyType::ec: return "EC";
  case KeyType::okp: return "OKP";
  }
  return "oct";
}

HashAlgorithm hash_algorithm(Algorithm alg) noexcept
{
  return info(alg).hash;
}

std::size_t hash_size(HashAlgorithm hash) noexcept
{
  switch (hash) {
  case HashAlgorithm::none: return 0;
  case HashAlgorithm::sha256: return 32;
  case HashAlgorithm::sha384: return 48;
  case HashAlgorithm::sha512: return 64;
  }
  return 0;
}

std::string_view hash_name(HashAlgorithm hash) noexcept
{
  switch (hash) {
  case HashAlgorithm::none: return "";
  case HashAlgorithm::sha256: return "SHA256";
  case HashAlgorithm::sha384: return "SHA384";
  case HashAlgorithm::sha512: return "SHA512";
  }
  return "";
}

std::size_t digest_size(Algorithm alg) noexcept
{
  return hash_size(hash_algorithm(alg));
}

std::optional<Curve> ecdsa_curve(Algorithm alg) noexcept
{
  switch (alg) {
  case Algorithm::es256: return Curve::p256;
  case Algorithm::es384: return Curve::p384;
  case Algorithm::es512: return Curve::p521;
  case Algorithm::es256k: return Curve::secp256k1;
  default: return std::nullopt;
  }
}

std::optional<Algorithm> ecdsa_algorithm(Curve curve) noexcept
{
  switch (curve) {
  case Curve::p256: return Algorithm::es256;
  case Curve::p384: return Algorithm::es384;
  case Curve::p521: return Algorithm::es512;
  case Curve::secp256k1: return Algorithm::es256k;
  case Curve::ed25519:
  case Curve::ed448: return std::nullopt;
  }
  return std::nullopt;
}

std::string_view curve_name(Curve curve) noexcept
{
  return info(curve).name;
}

std::optional<Curve> parse_curve(std::string_view name) noexcept
{
  for (const CurveInfo& row : k_curves) {
    if (name == row.name) {
      return row.curve;
    }
  }
  return std::nullopt;
}

KeyType curve_key_type(Curve curve) noexcept
{
  return info(curve).type;
}

std::size_t curve_key_size(Curve curve) noexcept
{
  return info(curve).key_size;
}

std::size_t curve_signature_size(Curve curve) noexcept
{
  return info(curve).signature_size;
}

std::optional<std::size_t> fixed_signature_size(Algorithm alg) noexcept
{
  if (algorithm_family(alg) == AlgorithmFamily::hmac) {
    return digest_size(alg);
  }
  if (const auto curve = ecdsa_curve(alg)) {
    return curve_signature_size(*curve);
  }
  return std::nullopt;
}

AlgorithmSet AlgorithmSet::every() noexcept
{
  AlgorithmSet set = none();
  for (const Algorithm alg : k_jose_algorithms) {
    set = set | only(alg);
  }
  return set;
}

AlgorithmSet AlgorithmSet::none() noexcept
{
  return AlgorithmSet(0);
}

AlgorithmSet AlgorithmSet::only(Algorithm alg) noexcept
{
  return AlgorithmSet(bit(alg));
}

AlgorithmSet AlgorithmSet::of_family(AlgorithmFamily family) noexcept
{
  AlgorithmSet set = none();
  for (const Algorithm alg : k_jose_algorithms) {
    if (algorithm_family(alg) == family) {
      set = set | only(alg);
    }
  }
  return set;
}

AlgorithmSet AlgorithmSet::for_key_type(KeyType type) noexcept
{
  AlgorithmSet set = none();
  for (const Algorithm alg : k_jose_algorithms) {
    if (key_type(alg) == type) {
      set = set | only(alg);
    }
  }
  return set;
}

bool AlgorithmSet::contains(Algorithm alg) const noexcept
{
  return (m_bits & bit(alg)) != 0;
}

} // namespace jwt
