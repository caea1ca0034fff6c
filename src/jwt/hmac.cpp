#include "jwt/hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>

namespace jwt {

namespace {

struct MacDeleter {
  void operator()(EVP_MAC* mac) const noexcept
  {
    EVP_MAC_free(mac);
  }
};
struct MacContextDeleter {
  void operator()(EVP_MAC_CTX* ctx) const noexcept
  {
    EVP_MAC_CTX_free(ctx);
  }
};
using MacPtr = std::unique_ptr<EVP_MAC, MacDeleter>;
using MacContextPtr = std::unique_ptr<EVP_MAC_CTX, MacContextDeleter>;

const char* openssl_digest_name(Algorithm alg) noexcept
{
  switch (alg) {
  case Algorithm::hs256: return "SHA256";
  case Algorithm::hs384: return "SHA384";
  case Algorithm::hs512: return "SHA512";
  }
  return "SHA256";
}

Error openssl_failure(const char* what)
{
  return make_error(ErrorKind::internal, std::string("OpenSSL HMAC failed: ") + what);
}

constexpr std::size_t k_max_digest = 64;

} // namespace

struct Signer::State {
  MacPtr mac;
  MacContextPtr ctx;
};

Signer::Signer(Algorithm alg, std::unique_ptr<State> state) noexcept
  : m_alg(alg), m_state(std::move(state))
{
}

Signer::Signer(Signer&&) noexcept = default;
Signer& Signer::operator=(Signer&&) noexcept = default;
Signer::~Signer() = default;

Result<Signer> Signer::create(Algorithm alg, std::string_view key)
{
  if (key.empty()) {
    return make_error(ErrorKind::invalid_key, "the key is empty");
  }
  auto state = std::make_unique<State>();
  state->mac.reset(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!state->mac) {
    return openssl_failure("EVP_MAC_fetch");
  }
  state->ctx.reset(EVP_MAC_CTX_new(state->mac.get()));
  if (!state->ctx) {
    return openssl_failure("EVP_MAC_CTX_new");
  }
  // OSSL_PARAM takes a non-const pointer: it gets a local copy of the digest name, which
  // OpenSSL only reads.
  std::string digest = openssl_digest_name(alg);
  std::array<OSSL_PARAM, 2> params = {
    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest.data(), 0),
    OSSL_PARAM_construct_end(),
  };
  // The key is copied into OpenSSL's context (which cleanses it when freed).
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL's bytes are unsigned char.
  const auto* key_bytes = reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(state->ctx.get(), key_bytes, key.size(), params.data()) != 1) {
    return openssl_failure("EVP_MAC_init");
  }
  return Signer(alg, std::move(state));
}

Result<std::string> Signer::sign(std::string_view data)
{
  // Re-initialising with a null key keeps the prepared key state (OpenSSL 3 HMAC).
  EVP_MAC_CTX* ctx = m_state->ctx.get();
  if (EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1) {
    return openssl_failure("EVP_MAC_init");
  }
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL's bytes are unsigned char.
  if (EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return openssl_failure("EVP_MAC_update");
  }
  std::array<unsigned char, k_max_digest> out{};
  std::size_t length = 0;
  if (EVP_MAC_final(ctx, out.data(), &length, out.size()) != 1 || length != digest_size(m_alg)) {
    return openssl_failure("EVP_MAC_final");
  }
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL's bytes are unsigned char.
  return std::string(reinterpret_cast<const char*>(out.data()), length);
}

Result<bool> Signer::verify(std::string_view data, std::string_view signature)
{
  auto expected = sign(data);
  if (!expected) {
    return std::move(expected).error();
  }
  // The length is public (it follows from the algorithm); the bytes are compared in
  // constant time so a forger learns nothing from timing.
  if (signature.size() != expected->size()) {
    return false;
  }
  return CRYPTO_memcmp(expected->data(), signature.data(), signature.size()) == 0;
}

} // namespace jwt
