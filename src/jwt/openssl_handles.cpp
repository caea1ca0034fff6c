#include "jwt/openssl_handles.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/x509.h>

namespace jwt::openssl {

const std::array<RsaPrivateMember, 6>& rsa_private_members() noexcept
{
  static constexpr std::array<RsaPrivateMember, 6> k_members{{{"d", OSSL_PKEY_PARAM_RSA_D},
                                                              {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
                                                              {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
                                                              {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
                                                              {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
                                                              {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1}}};
  return k_members;
}

void BignumFree::operator()(BIGNUM* object) const noexcept
{
  BN_free(object);
}
void SecretBignumFree::operator()(BIGNUM* object) const noexcept
{
  BN_clear_free(object);
}
void BnCtxFree::operator()(BN_CTX* object) const noexcept
{
  BN_CTX_free(object);
}
void BioFree::operator()(BIO* object) const noexcept
{
  BIO_free(object);
}
void EcdsaSigFree::operator()(ECDSA_SIG* object) const noexcept
{
  ECDSA_SIG_free(object);
}
void MdCtxFree::operator()(EVP_MD_CTX* object) const noexcept
{
  EVP_MD_CTX_free(object);
}
void MdFree::operator()(EVP_MD* object) const noexcept
{
  EVP_MD_free(object);
}
void PkeyCtxFree::operator()(EVP_PKEY_CTX* object) const noexcept
{
  EVP_PKEY_CTX_free(object);
}
void DecoderCtxFree::operator()(OSSL_DECODER_CTX* object) const noexcept
{
  OSSL_DECODER_CTX_free(object);
}
void EncoderCtxFree::operator()(OSSL_ENCODER_CTX* object) const noexcept
{
  OSSL_ENCODER_CTX_free(object);
}
void ParamBldFree::operator()(OSSL_PARAM_BLD* object) const noexcept
{
  OSSL_PARAM_BLD_free(object);
}
void ParamsFree::operator()(OSSL_PARAM* object) const noexcept
{
  // Private values pushed as secure BIGNUMs are in the secure block, which this clears.
  OSSL_PARAM_free(object);
}
void X509Free::operator()(X509* object) const noexcept
{
  X509_free(object);
}

SecretBignumPtr get_bignum(const EVP_PKEY* key, const char* name)
{
  BIGNUM* value = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &value) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return SecretBignumPtr(value);
}

std::string bignum_bytes(const BIGNUM* value, std::size_t size)
{
  std::string out(size, '\0');
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL writes unsigned char.
  BN_bn2binpad(value, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size));
  return out;
}

std::string bignum_bytes(const BIGNUM* value)
{
  return bignum_bytes(value, static_cast<std::size_t>(BN_num_bytes(value)));
}

void clear_errors() noexcept
{
  ERR_clear_error();
}

Error library_error(std::string_view what)
{
  ERR_clear_error();
  return make_error(ErrorKind::internal, std::string(what) + " failed");
}

} // namespace jwt::openssl
