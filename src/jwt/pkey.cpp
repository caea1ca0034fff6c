#include "jwt/pkey.hpp"

#include "jwt/base64url.hpp"
#include "jwt/openssl_handles.hpp"

#include <fmt/core.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>

#include <array>
#include <cstring>
#include <utility>

namespace jwt {

using openssl::get_bignum;

void EvpPkeyFree::operator()(EVP_PKEY* key) const noexcept
{
  EVP_PKEY_free(key);
}

namespace {

Error bad_key(std::string message)
{
  openssl::clear_errors();
  return make_error(ErrorKind::invalid_key, std::move(message));
}

// The upper bound OpenSSL itself verifies with (OPENSSL_RSA_MAX_MODULUS_BITS): larger keys only
// make every verification slower.
constexpr unsigned k_max_rsa_bits = 16384;

// Whether the key holds the octet-string parameter, asked without copying its value out (a NULL
// buffer makes the provider report the size only): how an Edwards private key is told without
// reading it.
bool has_octets(const EVP_PKEY* key, const char* name)
{
  std::array<OSSL_PARAM, 2> params{OSSL_PARAM_construct_octet_string(name, nullptr, 0), OSSL_PARAM_construct_end()};
  const bool found = EVP_PKEY_get_params(key, params.data()) == 1 && OSSL_PARAM_modified(params.data()) == 1;
  openssl::clear_errors();
  return found;
}

std::optional<Curve> ec_curve_of(const EVP_PKEY* key)
{
  std::array<char, 80> name{};
  std::size_t length = 0;
  if (EVP_PKEY_get_group_name(key, name.data(), name.size(), &length) != 1) {
    openssl::clear_errors();
    return std::nullopt;
  }
  switch (OBJ_txt2nid(name.data())) {
  case NID_X9_62_prime256v1: return Curve::p256;
  case NID_secp384r1: return Curve::p384;
  case NID_secp521r1: return Curve::p521;
  case NID_secp256k1: return Curve::secp256k1;
  default: return std::nullopt;
  }
}

bool has_explicit_curve_parameters(const EVP_PKEY* key)
{
  std::array<char, 32> encoding{};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_EC_ENCODING, encoding.data(), encoding.size(), &length)
      != 1) {
    openssl::clear_errors();
    return false;
  }
  return std::string_view(encoding.data(), length) == OSSL_PKEY_EC_ENCODING_EXPLICIT;
}

// RSA public part: what OpenSSL's EVP_PKEY_public_check would say, less its Miller-Rabin test
// of n (milliseconds a key, against a verification budget of tenths of one).
Status check_rsa_public(const EVP_PKEY* key, unsigned bits)
{
  const auto n = get_bignum(key, OSSL_PKEY_PARAM_RSA_N);
  const auto e = get_bignum(key, OSSL_PKEY_PARAM_RSA_E);
  if (!n || !e) {
    return bad_key("the RSA key has no modulus or no public exponent");
  }
  if (bits > k_max_rsa_bits) {
    return bad_key(fmt::format("the RSA key has {} bits, more than {}", bits, k_max_rsa_bits));
  }
  if (BN_is_odd(n.get()) != 1) {
    return bad_key("the RSA modulus is even");
  }
  if (BN_is_odd(e.get()) != 1 || BN_is_one(e.get()) == 1 || BN_cmp(e.get(), n.get()) >= 0) {
    return bad_key("the RSA public exponent is not an odd number between 1 and the modulus");
  }
  // SP 800-56B §6.2.1's bound: a larger e only makes every verification as slow as signing.
  if (BN_num_bits(e.get()) > 256) {
    return bad_key("the RSA public exponent has more than 256 bits");
  }
  return Ok{};
}

// multiply: a b mod m is 1; else: a mod m is b. The relations between RSA's private values.
bool mod_equal(const BIGNUM* a, const BIGNUM* b, const BIGNUM* m, BN_CTX* ctx, bool multiply)
{
  const openssl::SecretBignumPtr result(BN_new());
  if (!result) {
    return false;
  }
  if (multiply) {
    return BN_mod_mul(result.get(), a, b, m, ctx) == 1 && BN_is_one(result.get()) == 1;
  }
  return BN_nnmod(result.get(), a, m, ctx) == 1 && BN_cmp(result.get(), b) == 0;
}

// RSA private part: p q = n, e d = 1 mod p-1 and mod q-1, dp, dq, qi the CRT values of these.
// Cheap arithmetic where EVP_PKEY_pairwise_check also tests p and q for primality (35 ms for
// 2048 bits, 110 ms for 3072). A one-time check on the key's owner's own machine: the
// variable-time BIGNUM calls are acceptable here.
Status check_rsa_private(const EVP_PKEY* key)
{
  if (get_bignum(key, OSSL_PKEY_PARAM_RSA_FACTOR3) != nullptr) {
    return bad_key("multi-prime RSA keys are not supported");
  }
  const auto n = get_bignum(key, OSSL_PKEY_PARAM_RSA_N);
  const auto e = get_bignum(key, OSSL_PKEY_PARAM_RSA_E);
  const auto d = get_bignum(key, OSSL_PKEY_PARAM_RSA_D);
  const auto p = get_bignum(key, OSSL_PKEY_PARAM_RSA_FACTOR1);
  const auto q = get_bignum(key, OSSL_PKEY_PARAM_RSA_FACTOR2);
  const auto dp = get_bignum(key, OSSL_PKEY_PARAM_RSA_EXPONENT1);
  const auto dq = get_bignum(key, OSSL_PKEY_PARAM_RSA_EXPONENT2);
  const auto qi = get_bignum(key, OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
  if (!n || !e || !d || !p || !q || !dp || !dq || !qi) {
    return bad_key("the private RSA key lacks one of d, p, q, dp, dq, qi");
  }
  const openssl::BnCtxPtr ctx(BN_CTX_secure_new());
  const openssl::SecretBignumPtr product(BN_new());
  const openssl::SecretBignumPtr p1(BN_dup(p.get()));
  const openssl::SecretBignumPtr q1(BN_dup(q.get()));
  if (!ctx || !product || !p1 || !q1 || BN_sub_word(p1.get(), 1) != 1 || BN_sub_word(q1.get(), 1) != 1
      || BN_mul(product.get(), p.get(), q.get(), ctx.get()) != 1) {
    return openssl::library_error("RSA key check");
  }
  if (BN_is_zero(p1.get()) == 1 || BN_is_zero(q1.get()) == 1 || BN_cmp(product.get(), n.get()) != 0) {
    return bad_key("the private RSA key does not belong to its modulus (p q is not n)");
  }
  const bool consistent = mod_equal(e.get(), d.get(), p1.get(), ctx.get(), true)
                          && mod_equal(e.get(), d.get(), q1.get(), ctx.get(), true)
                          && mod_equal(d.get(), dp.get(), p1.get(), ctx.get(), false)
                          && mod_equal(d.get(), dq.get(), q1.get(), ctx.get(), false)
                          && mod_equal(q.get(), qi.get(), p.get(), ctx.get(), true);
  if (!consistent) {
    return bad_key("the private RSA key's exponents do not belong to its public exponent and primes");
  }
  return Ok{};
}

Status check_rsa(const EVP_PKEY* key, unsigned bits, bool is_private)
{
  if (auto checked = check_rsa_public(key, bits); !checked || !is_private) {
    return checked;
  }
  return check_rsa_private(key);
}

// The curve of an EC key: named, one jwtool takes, the public point on it, a private key
// belonging to it.
Result<Curve> check_ec(EVP_PKEY* key, bool is_private)
{
  if (has_explicit_curve_parameters(key)) {
    return bad_key("the EC key gives its curve as explicit parameters: jwtool takes named curves only");
  }
  const auto curve = ec_curve_of(key);
  if (!curve) {
    return bad_key("the EC key's curve is not P-256, P-384, P-521 or secp256k1");
  }
  const openssl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (!ctx) {
    return openssl::library_error("EC key check");
  }
  if (EVP_PKEY_public_check(ctx.get()) != 1) {
    return bad_key(fmt::format("the EC public key is not a valid point on {}", curve_name(*curve)));
  }
  if (is_private && EVP_PKEY_pairwise_check(ctx.get()) != 1) {
    return bad_key("the EC private key does not belong to its public key");
  }
  openssl::clear_errors();
  return *curve;
}

// An Edwards private key holds its public key as given (a JWK's "x", a PKCS#8 v2 public key):
// derived again from the private key and compared.
Status check_okp_private(const EVP_PKEY* key, Curve curve)
{
  const std::size_t size = curve_key_size(curve);
  std::array<unsigned char, 57> private_bytes{};
  std::size_t private_size = size;
  EvpPkeyPtr derived;
  if (EVP_PKEY_get_raw_private_key(key, private_bytes.data(), &private_size) == 1 && private_size == size) {
    derived.reset(EVP_PKEY_new_raw_private_key_ex(
      nullptr, curve == Curve::ed25519 ? "ED25519" : "ED448", nullptr, private_bytes.data(), size));
  }
  OPENSSL_cleanse(private_bytes.data(), private_bytes.size());
  std::array<unsigned char, 57> given{};
  std::array<unsigned char, 57> expected{};
  std::size_t given_size = size;
  std::size_t expected_size = size;
  if (!derived || EVP_PKEY_get_raw_public_key(key, given.data(), &given_size) != 1
      || EVP_PKEY_get_raw_public_key(derived.get(), expected.data(), &expected_size) != 1) {
    return openssl::library_error("Edwards key check");
  }
  if (given_size != expected_size || given != expected) {
    return bad_key(fmt::format("the {} private key does not belong to its public key", curve_name(curve)));
  }
  return Ok{};
}

std::string names_of(AlgorithmSet set)
{
  std::string out;
  std::string_view last;
  for (const Algorithm alg : k_jose_algorithms) {
    if (set.contains(alg)) {
      if (!last.empty()) {
        out += out.empty() ? "" : ", ";
        out += last;
      }
      last = algorithm_name(alg);
    }
  }
  return out.empty() ? std::string(last) : fmt::format("{} or {}", out, last);
}

} // namespace

Result<PKey> make_pkey(EvpPkeyPtr key)
{
  if (!key) {
    return bad_key("no key");
  }
  EVP_PKEY* raw = key.get();
  const auto bits = static_cast<unsigned>(EVP_PKEY_get_bits(raw));
  if (EVP_PKEY_is_a(raw, "RSA") == 1) {
    const bool is_private = get_bignum(raw, OSSL_PKEY_PARAM_RSA_D) != nullptr;
    if (auto checked = check_rsa(raw, bits, is_private); !checked) {
      return std::move(checked).error();
    }
    return PKey(std::move(key), KeyType::rsa, std::nullopt, is_private, bits);
  }
  if (EVP_PKEY_is_a(raw, "EC") == 1) {
    const bool is_private = get_bignum(raw, OSSL_PKEY_PARAM_PRIV_KEY) != nullptr;
    auto curve = check_ec(raw, is_private);
    if (!curve) {
      return std::move(curve).error();
    }
    return PKey(std::move(key), KeyType::ec, *curve, is_private, bits);
  }
  for (const Curve curve : {Curve::ed25519, Curve::ed448}) {
    if (EVP_PKEY_is_a(raw, curve == Curve::ed25519 ? "ED25519" : "ED448") == 1) {
      const bool is_private = has_octets(raw, OSSL_PKEY_PARAM_PRIV_KEY);
      if (auto checked = is_private ? check_okp_private(raw, curve) : Status(Ok{}); !checked) {
        return std::move(checked).error();
      }
      return PKey(std::move(key), KeyType::okp, curve, is_private, curve == Curve::ed25519 ? 255U : 448U);
    }
  }
  if (EVP_PKEY_is_a(raw, "RSA-PSS") == 1) {
    return bad_key("RSASSA-PSS-restricted RSA keys (id-RSASSA-PSS) are not supported: use a plain RSA key");
  }
  const char* type = EVP_PKEY_get0_type_name(raw);
  return bad_key(fmt::format("{} keys are not supported: jwtool takes RSA, EC (P-256, P-384, P-521, secp256k1), "
                             "Ed25519 and Ed448 keys",
                             type != nullptr ? type : "these"));
}

PKey::PKey(EvpPkeyPtr key, KeyType type, std::optional<Curve> curve, bool is_private, unsigned bits) noexcept
  : m_key(std::move(key)), m_type(type), m_curve(curve), m_private(is_private), m_bits(bits)
{
}

PKey::PKey(const PKey& other)
  : m_type(other.m_type), m_curve(other.m_curve), m_private(other.m_private), m_bits(other.m_bits)
{
  if (EVP_PKEY_up_ref(other.m_key.get()) == 1) {
    m_key.reset(other.m_key.get());
  }
}

PKey& PKey::operator=(const PKey& other)
{
  if (this != &other) {
    PKey copy(other);
    *this = std::move(copy);
  }
  return *this;
}

std::string PKey::description() const
{
  if (m_type == KeyType::rsa) {
    return fmt::format("RSA {}-bit", m_bits);
  }
  return fmt::format("{} {}", key_type_name(m_type), curve_name(m_curve.value_or(Curve::p256)));
}

AlgorithmSet PKey::algorithms() const noexcept
{
  if (m_type == KeyType::ec && m_curve) {
    if (const auto alg = ecdsa_algorithm(*m_curve)) {
      return AlgorithmSet::only(*alg);
    }
  }
  return AlgorithmSet::for_key_type(m_type);
}

Algorithm PKey::default_algorithm() const noexcept
{
  switch (m_type) {
  case KeyType::rsa: return Algorithm::rs256;
  case KeyType::ec: return ecdsa_algorithm(m_curve.value_or(Curve::p256)).value_or(Algorithm::es256);
  case KeyType::okp: return Algorithm::eddsa;
  case KeyType::oct: break;
  }
  return Algorithm::rs256;
}

Status PKey::check_algorithm(Algorithm alg) const
{
  if (algorithms().contains(alg)) {
    return Ok{};
  }
  if (algorithm_family(alg) == AlgorithmFamily::hmac) {
    return make_error(ErrorKind::invalid_key,
                      fmt::format("{} takes a secret, not an {} key", algorithm_name(alg), description()));
  }
  return make_error(ErrorKind::invalid_key,
                    fmt::format("an {} key can do {}, not {}", description(), names_of(algorithms()), algorithm_name(alg)));
}

namespace {

// A new key of OpenSSL's `type`, its parameters set by `configure` on the context.
template <typename Configure> Result<PKey> generate_key(const char* type, const std::string& what, Configure configure)
{
  const openssl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || !configure(ctx.get())
      || EVP_PKEY_generate(ctx.get(), &key) != 1) {
    return openssl::library_error(what + " key generation");
  }
  return make_pkey(EvpPkeyPtr(key));
}

} // namespace

Result<PKey> PKey::generate_rsa(unsigned bits)
{
  if (bits < 2048 || bits > k_max_rsa_bits) {
    return make_error(ErrorKind::invalid_argument,
                      fmt::format("RSA keys are made of 2048 to {} bits, not {}", k_max_rsa_bits, bits));
  }
  return generate_key("RSA", "RSA", [bits](EVP_PKEY_CTX* ctx) {
    return EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, static_cast<int>(bits)) == 1;
  });
}

Result<PKey> PKey::generate(Curve curve)
{
  const std::string name(curve_name(curve));
  if (curve_key_type(curve) == KeyType::okp) {
    return generate_key(curve == Curve::ed25519 ? "ED25519" : "ED448", name, [](EVP_PKEY_CTX* /*ctx*/) {
      return true;
    });
  }
  // OpenSSL knows these EC curves by their JOSE names too ("P-256", ..., "secp256k1").
  return generate_key("EC", name, [&name](EVP_PKEY_CTX* ctx) {
    return EVP_PKEY_CTX_set_group_name(ctx, name.c_str()) == 1;
  });
}

} // namespace jwt
