#include "jwt/openssl_handles.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/x509.h>

namespace jwt::openssl {

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
