#include "jwt/signature.hpp"

#include "jwt/openssl_handles.hpp"

#include <fmt/core.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace jwt {

struct PkeySigner::State {
  PKey key;
  openssl::MdCtxPtr sign_ctx;   // prepared for signing; null for a public key
  openssl::MdCtxPtr verify_ctx; // prepared for verifying
  std::size_t signature_size = 0; // the JWS signature's exact size
  std::size_t max_der_size = 0;   // what OpenSSL may write when signing (ECDSA: DER)
  std::string order;              // ES*: the group order, big-endian, signature_size / 2 bytes
};

namespace {

const unsigned char* bytes_of(std::string_view text) noexcept
{
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL's buffers are unsigned char.
  return reinterpret_cast<const unsigned char*>(text.data());
}

Error bad_signature(std::string message)
{
  openssl::clear_errors();
  return make_error(ErrorKind::bad_signature, std::move(message));
}

// A digest-sign or digest-verify context for the key and algorithm, with its padding set: what
// every call copies.
Result<openssl::MdCtxPtr> prepare(const PKey& key, Algorithm alg, bool for_signing)
{
  openssl::MdCtxPtr ctx(EVP_MD_CTX_new());
  const std::string hash(hash_name(hash_algorithm(alg)));
  const char* md = hash.empty() ? nullptr : hash.c_str(); // EdDSA: no digest
  EVP_PKEY_CTX* pkey_ctx = nullptr;                        // owned by ctx
  const int initialised =
    !ctx ? 0
    : for_signing
      ? EVP_DigestSignInit_ex(ctx.get(), &pkey_ctx, md, nullptr, nullptr, key.get(), nullptr)
      : EVP_DigestVerifyInit_ex(ctx.get(), &pkey_ctx, md, nullptr, nullptr, key.get(), nullptr);
  if (initialised != 1) {
    return openssl::library_error(fmt::format("{} set-up", algorithm_name(alg)));
  }
  if (algorithm_family(alg) == AlgorithmFamily::rsa_pss) {
    // RFC 7518 §3.5: MGF1 with the same hash, a salt as long as the hash. On verification
    // OpenSSL's default is to recover any salt length: set, so that only this one verifies.
    if (EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PSS_PADDING) != 1
        || EVP_PKEY_CTX_set_rsa_pss_saltlen(pkey_ctx, RSA_PSS_SALTLEN_DIGEST) != 1
        || EVP_PKEY_CTX_set_rsa_mgf1_md_name(pkey_ctx, md, nullptr) != 1) {
      return openssl::library_error(fmt::format("{} set-up", algorithm_name(alg)));
    }
  } else if (algorithm_family(alg) == AlgorithmFamily::rsa_pkcs1
             && EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PADDING) != 1) {
    return openssl::library_error(fmt::format("{} set-up", algorithm_name(alg)));
  }
  return ctx;
}

// A context of its own for one call: a copy of the prepared one (the provider context is
// duplicated, nothing is fetched). Finalising consumes it, so OpenSSL need not copy it again.
Result<openssl::MdCtxPtr> copy_of(const openssl::MdCtxPtr& prepared)
{
  openssl::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), prepared.get()) != 1) {
    return openssl::library_error("signature context copy");
  }
  EVP_MD_CTX_set_flags(ctx.get(), EVP_MD_CTX_FLAG_FINALISE);
  return ctx;
}

// The group order of the key's curve, big-endian, `size` bytes.
Result<std::string> group_order(const PKey& key, std::size_t size)
{
  BIGNUM* order = nullptr;
  if (EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_EC_ORDER, &order) != 1) {
    return openssl::library_error("EC group order");
  }
  const openssl::BignumPtr owned(order);
  std::string out(size, '\0');
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL writes unsigned char.
  if (BN_bn2binpad(order, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size)) < 0) {
    return openssl::library_error("EC group order");
  }
  return out;
}

std::size_t signature_size_of(const PKey& key)
{
  if (key.type() == KeyType::rsa) {
    return static_cast<std::size_t>(EVP_PKEY_get_size(key.get()));
  }
  return curve_signature_size(key.curve().value_or(Curve::p256));
}

// ECDSA: OpenSSL's DER (RFC 3279 Ecdsa-Sig-Value) to the JWS R||S of `size` bytes.
Result<std::string> der_to_jws(const unsigned char* der, std::size_t der_size, std::size_t size)
{
  const unsigned char* cursor = der;
  const openssl::EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der_size)));
  if (!sig) {
    return openssl::library_error("ECDSA signature decoding");
  }
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string out(size, '\0');
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL writes unsigned char.
  auto* half = reinterpret_cast<unsigned char*>(out.data());
  const int half_size = static_cast<int>(size / 2);
  if (BN_bn2binpad(r, half, half_size) != half_size || BN_bn2binpad(s, half + half_size, half_size) != half_size) {
    return openssl::library_error("ECDSA signature encoding");
  }
  return out;
}

// ECDSA: a value of R||S is a scalar in [1, order - 1] (FIPS 186-4 §6.4.2 step 1). Checked here,
// before OpenSSL, so no library bug of the CVE-2022-21449 kind can accept r = s = 0.
Status check_scalar(std::string_view value, std::string_view order, char name)
{
  if (std::all_of(value.begin(), value.end(), [](char c) { return c == '\0'; })) {
    return bad_signature(fmt::format("ECDSA signature has {} = 0", name));
  }
  // Equal lengths, big-endian: byte order is numeric order.
  if (std::memcmp(value.data(), order.data(), order.size()) >= 0) {
    return bad_signature(fmt::format("ECDSA signature has {} not below the group order", name));
  }
  return Ok{};
}

// ECDSA: the JWS R||S (its length already checked) as DER, for OpenSSL, into `der`.
Result<std::size_t> jws_to_der(std::string_view signature, std::array<unsigned char, 160>& der)
{
  const std::size_t half = signature.size() / 2;
  openssl::BignumPtr r(BN_bin2bn(bytes_of(signature), static_cast<int>(half), nullptr));
  openssl::BignumPtr s(BN_bin2bn(bytes_of(signature.substr(half)), static_cast<int>(half), nullptr));
  const openssl::EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
    return openssl::library_error("ECDSA signature encoding");
  }
  static_cast<void>(r.release()); // now owned by sig
  static_cast<void>(s.release());
  const int size = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (size <= 0 || static_cast<std::size_t>(size) > der.size()) {
    return openssl::library_error("ECDSA signature encoding");
  }
  unsigned char* cursor = der.data();
  return static_cast<std::size_t>(i2d_ECDSA_SIG(sig.get(), &cursor));
}

} // namespace

Result<PkeySigner> PkeySigner::create(const PKey& key, Algorithm alg)
{
  if (auto fits = key.check_algorithm(alg); !fits) {
    return std::move(fits).error();
  }
  auto state = std::make_unique<State>(State{key, nullptr, nullptr, signature_size_of(key), 0, {}});
  state->max_der_size = static_cast<std::size_t>(EVP_PKEY_get_size(key.get()));
  if (key.is_private()) {
    auto ctx = prepare(key, alg, true);
    if (!ctx) {
      return std::move(ctx).error();
    }
    state->sign_ctx = std::move(ctx).value();
  }
  auto ctx = prepare(key, alg, false);
  if (!ctx) {
    return std::move(ctx).error();
  }
  state->verify_ctx = std::move(ctx).value();
  if (algorithm_family(alg) == AlgorithmFamily::ecdsa) {
    auto order = group_order(key, state->signature_size / 2);
    if (!order) {
      return std::move(order).error();
    }
    state->order = std::move(order).value();
  }
  return PkeySigner(alg, std::move(state));
}

PkeySigner::PkeySigner(Algorithm alg, std::unique_ptr<State> state) noexcept : m_alg(alg), m_state(std::move(state))
{
}
PkeySigner::PkeySigner(PkeySigner&& other) noexcept = default;
PkeySigner& PkeySigner::operator=(PkeySigner&& other) noexcept = default;
PkeySigner::~PkeySigner() = default;

const PKey& PkeySigner::key() const noexcept
{
  return m_state->key;
}

bool PkeySigner::can_sign() const noexcept
{
  return m_state->sign_ctx != nullptr;
}

Result<std::string> PkeySigner::sign(std::string_view data) const
{
  if (!can_sign()) {
    return make_error(ErrorKind::invalid_key, "a public key can only verify: signing needs the private key");
  }
  auto ctx = copy_of(m_state->sign_ctx);
  if (!ctx) {
    return std::move(ctx).error();
  }
  std::string out(m_state->max_der_size, '\0');
  std::size_t size = out.size();
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL writes unsigned char.
  auto* buffer = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_DigestSign(ctx->get(), buffer, &size, bytes_of(data), data.size()) != 1) {
    return openssl::library_error(fmt::format("{} signing", algorithm_name(m_alg)));
  }
  if (algorithm_family(m_alg) == AlgorithmFamily::ecdsa) {
    return der_to_jws(buffer, size, m_state->signature_size);
  }
  out.resize(size);
  return out;
}

Status PkeySigner::verify(std::string_view data, std::string_view signature) const
{
  const std::size_t expected = m_state->signature_size;
  if (signature.size() != expected) {
    return bad_signature(fmt::format("{} signature is {} bytes, expected {}{}",
                                     algorithm_name(m_alg),
                                     signature.size(),
                                     expected,
                                     algorithm_family(m_alg) == AlgorithmFamily::ecdsa
                                       ? " (R||S: a DER-encoded ECDSA signature is not the JWS form)"
                                       : ""));
  }
  std::array<unsigned char, 160> der{};
  const unsigned char* checked = bytes_of(signature);
  std::size_t checked_size = signature.size();
  if (algorithm_family(m_alg) == AlgorithmFamily::ecdsa) {
    const std::size_t half = expected / 2;
    for (const auto& [value, name] : {std::pair{signature.substr(0, half), 'r'}, std::pair{signature.substr(half), 's'}}) {
      if (auto in_range = check_scalar(value, m_state->order, name); !in_range) {
        return in_range;
      }
    }
    auto der_size = jws_to_der(signature, der);
    if (!der_size) {
      return std::move(der_size).error();
    }
    checked = der.data();
    checked_size = *der_size;
  }
  auto ctx = copy_of(m_state->verify_ctx);
  if (!ctx) {
    return std::move(ctx).error();
  }
  const int verified = EVP_DigestVerify(ctx->get(), checked, checked_size, bytes_of(data), data.size());
  if (verified == 1) {
    return Ok{};
  }
  if (verified == 0 || algorithm_family(m_alg) != AlgorithmFamily::ecdsa) {
    // OpenSSL's RSA verification reports a bad signature as an error (-1), not as 0.
    return bad_signature("signature does not match: wrong key or altered token");
  }
  return openssl::library_error(fmt::format("{} verification", algorithm_name(m_alg)));
}

} // namespace jwt
