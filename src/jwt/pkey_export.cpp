// What a PKey gives out: its public half as a JWK and the RFC 7638 thumbprint of it, and, for
// keygen, the key as PEM and as a private JWK.

#include "jwt/base64url.hpp"
#include "jwt/keys.hpp"
#include "jwt/openssl_handles.hpp"
#include "jwt/pkey.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>

#include <array>
#include <string>
#include <utility>

namespace jwt {

using openssl::bignum_bytes;
using openssl::get_bignum;

namespace {

// The base64url of the key's BIGNUM parameter: as few bytes as hold it, or `size`.
std::string encoded_bignum(const EVP_PKEY* key, const char* name, std::size_t size = 0)
{
  const auto value = get_bignum(key, name);
  if (!value) {
    return {};
  }
  std::string bytes = size == 0 ? bignum_bytes(value.get()) : bignum_bytes(value.get(), size);
  std::string out = base64url_encode(bytes);
  wipe(bytes);
  return out;
}

// The key as PEM of `structure` ("PrivateKeyInfo", "SubjectPublicKeyInfo").
Result<std::string> pem_of(const EVP_PKEY* key, int selection, const char* structure)
{
  const openssl::EncoderCtxPtr ctx(OSSL_ENCODER_CTX_new_for_pkey(key, selection, "PEM", structure, nullptr));
  unsigned char* data = nullptr;
  std::size_t size = 0;
  if (!ctx || OSSL_ENCODER_to_data(ctx.get(), &data, &size) != 1) {
    return openssl::library_error("PEM encoding");
  }
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): bytes as chars.
  std::string out(reinterpret_cast<const char*>(data), size);
  OPENSSL_clear_free(data, size);
  return out;
}

Error not_private()
{
  return make_error(ErrorKind::invalid_key, "a public key has no private half to give out");
}

} // namespace

Json PKey::public_jwk() const
{
  Json jwk = Json::object();
  if (m_type == KeyType::rsa) {
    jwk["e"] = encoded_bignum(m_key.get(), OSSL_PKEY_PARAM_RSA_E);
    jwk["kty"] = "RSA";
    jwk["n"] = encoded_bignum(m_key.get(), OSSL_PKEY_PARAM_RSA_N);
    return jwk;
  }
  const Curve on = m_curve.value_or(Curve::p256);
  const std::size_t size = curve_key_size(on);
  jwk["crv"] = curve_name(on);
  jwk["kty"] = key_type_name(m_type);
  if (m_type == KeyType::ec) {
    jwk["x"] = encoded_bignum(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_X, size);
    jwk["y"] = encoded_bignum(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, size);
    return jwk;
  }
  std::string x(size, '\0');
  std::size_t length = size;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL writes unsigned char.
  if (EVP_PKEY_get_raw_public_key(m_key.get(), reinterpret_cast<unsigned char*>(x.data()), &length) != 1) {
    openssl::clear_errors();
    length = 0;
  }
  x.resize(length);
  jwk["x"] = base64url_encode(x);
  return jwk;
}

std::string PKey::thumbprint() const
{
  const std::string canonical = public_jwk().dump();
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  std::size_t length = 0;
  if (EVP_Q_digest(nullptr, "SHA256", nullptr, canonical.data(), canonical.size(), digest.data(), &length) != 1) {
    openssl::clear_errors();
    return {};
  }
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): bytes as chars.
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

Result<std::string> PKey::public_pem() const
{
  return pem_of(m_key.get(), EVP_PKEY_PUBLIC_KEY, "SubjectPublicKeyInfo");
}

Result<std::string> PKey::private_pem() const
{
  if (!m_private) {
    return not_private();
  }
  return pem_of(m_key.get(), EVP_PKEY_KEYPAIR, "PrivateKeyInfo");
}

Result<Json> PKey::private_jwk() const
{
  if (!m_private) {
    return not_private();
  }
  Json jwk = public_jwk();
  if (m_type == KeyType::rsa) {
    for (const auto& [member, param] : openssl::rsa_private_members()) {
      jwk[member] = encoded_bignum(m_key.get(), param);
    }
    return jwk;
  }
  const std::size_t size = curve_key_size(m_curve.value_or(Curve::p256));
  if (m_type == KeyType::ec) {
    jwk["d"] = encoded_bignum(m_key.get(), OSSL_PKEY_PARAM_PRIV_KEY, size);
    return jwk;
  }
  std::string d(size, '\0');
  std::size_t length = size;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL writes unsigned char.
  if (EVP_PKEY_get_raw_private_key(m_key.get(), reinterpret_cast<unsigned char*>(d.data()), &length) != 1) {
    wipe(d);
    return openssl::library_error("private key export");
  }
  d.resize(length);
  jwk["d"] = base64url_encode(d);
  wipe(d);
  return jwk;
}

} // namespace jwt
