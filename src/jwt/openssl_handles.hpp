#pragma once

// Owning handles for the OpenSSL objects of the public-key rooms (pkey*, signature): each a
// unique_ptr whose deleter frees the object, so no path leaks one. OpenSSL's types are named
// here without including OpenSSL; the deleters are defined in openssl_handles.cpp.

#include "jwt/error.hpp"

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

struct bignum_st;
struct bignum_ctx;
struct bio_st;
struct ECDSA_SIG_st;
struct evp_md_ctx_st;
struct evp_md_st;
struct evp_pkey_ctx_st;
struct evp_pkey_st;
struct ossl_decoder_ctx_st;
struct ossl_encoder_ctx_st;
struct ossl_param_bld_st;
struct ossl_param_st;
struct x509_st;

namespace jwt::openssl {

struct BignumFree {
  void operator()(bignum_st* object) const noexcept;
};
using BignumPtr = std::unique_ptr<bignum_st, BignumFree>;
struct BnCtxFree {
  void operator()(bignum_ctx* object) const noexcept;
};
using BnCtxPtr = std::unique_ptr<bignum_ctx, BnCtxFree>;
struct BioFree {
  void operator()(bio_st* object) const noexcept;
};
using BioPtr = std::unique_ptr<bio_st, BioFree>;
struct EcdsaSigFree {
  void operator()(ECDSA_SIG_st* object) const noexcept;
};
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG_st, EcdsaSigFree>;
struct MdCtxFree {
  void operator()(evp_md_ctx_st* object) const noexcept;
};
using MdCtxPtr = std::unique_ptr<evp_md_ctx_st, MdCtxFree>;
struct MdFree {
  void operator()(evp_md_st* object) const noexcept;
};
using MdPtr = std::unique_ptr<evp_md_st, MdFree>;
struct PkeyCtxFree {
  void operator()(evp_pkey_ctx_st* object) const noexcept;
};
using PkeyCtxPtr = std::unique_ptr<evp_pkey_ctx_st, PkeyCtxFree>;
struct DecoderCtxFree {
  void operator()(ossl_decoder_ctx_st* object) const noexcept;
};
using DecoderCtxPtr = std::unique_ptr<ossl_decoder_ctx_st, DecoderCtxFree>;
struct EncoderCtxFree {
  void operator()(ossl_encoder_ctx_st* object) const noexcept;
};
using EncoderCtxPtr = std::unique_ptr<ossl_encoder_ctx_st, EncoderCtxFree>;
struct ParamBldFree {
  void operator()(ossl_param_bld_st* object) const noexcept;
};
using ParamBldPtr = std::unique_ptr<ossl_param_bld_st, ParamBldFree>;
struct ParamsFree {
  void operator()(ossl_param_st* object) const noexcept;
};
using ParamsPtr = std::unique_ptr<ossl_param_st, ParamsFree>;
struct X509Free {
  void operator()(x509_st* object) const noexcept;
};
using X509Ptr = std::unique_ptr<x509_st, X509Free>;

// A BIGNUM freed with BN_clear_free: it may hold a private value.
struct SecretBignumFree {
  void operator()(bignum_st* object) const noexcept;
};
using SecretBignumPtr = std::unique_ptr<bignum_st, SecretBignumFree>;

// The key's BIGNUM parameter `name` (OSSL_PKEY_PARAM_*), or null when it has none.
SecretBignumPtr get_bignum(const evp_pkey_st* key, const char* name);

// A BIGNUM's big-endian bytes: as few as hold it, or left-padded to `size`.
std::string bignum_bytes(const bignum_st* value);
std::string bignum_bytes(const bignum_st* value, std::size_t size);

// The private values of an RSA JWK (RFC 7518 §6.3.2): the JWK member and OpenSSL's parameter
// name (OSSL_PKEY_PARAM_RSA_*) for each, in the order a JWK lists them. One table for import
// and export.
struct RsaPrivateMember {
  const char* jwk;
  const char* param;
};
const std::array<RsaPrivateMember, 6>& rsa_private_members() noexcept;

// Empties OpenSSL's error queue of this thread, so a failure handled here leaves nothing for a
// later, unrelated call to find.
void clear_errors() noexcept;

// ErrorKind::internal "<what> failed", for a library call that should not fail; clears the
// error queue. (OpenSSL's own reason is left out: it can name key material.)
Error library_error(std::string_view what);

} // namespace jwt::openssl
