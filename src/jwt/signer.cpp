#include "jwt/signer.hpp"

#include <fmt/core.h>

namespace jwt {

namespace {

// NOLINTNEXTLINE(readability-identifier-naming): the usual name of the overload-set helper.
template <class... Ts> struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

Status verify_hmac(const HmacSigner& signer, std::string_view data, std::string_view signature)
{
  if (signer.matches(data, signature)) {
    return Ok{};
  }
  const Algorithm alg = signer.algorithm();
  if (signature.size() != digest_size(alg)) {
    return make_error(ErrorKind::bad_signature,
                      fmt::format("signature is {} bytes, an {} signature is {}",
                                  signature.size(),
                                  algorithm_name(alg),
                                  digest_size(alg)));
  }
  return make_error(ErrorKind::bad_signature, "signature does not match: wrong key or altered token");
}

} // namespace

Result<Signer> Signer::create(const Key& key, Algorithm alg)
{
  if (auto able = check_key_algorithm(key, alg); !able) {
    return std::move(able).error();
  }
  if (key.pkey) {
    auto signer = PkeySigner::create(*key.pkey, alg);
    if (!signer) {
      return std::move(signer).error();
    }
    return Signer(std::move(signer).value());
  }
  auto signer = HmacSigner::create(alg, key.secret.view());
  if (!signer) {
    return std::move(signer).error();
  }
  return Signer(std::move(signer).value());
}

Algorithm Signer::algorithm() const noexcept
{
  return std::visit([](const auto& signer) { return signer.algorithm(); }, m_impl);
}

Status Signer::sign_into(std::string_view data, std::string& signature) const
{
  return std::visit(overloaded{[&](const HmacSigner& hmac) -> Status {
                                 HmacSigner::Digest mac{};
                                 const std::size_t size = hmac.sign_into(data, mac);
                                 // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL's bytes are unsigned char.
                                 signature.assign(reinterpret_cast<const char*>(mac.data()), size);
                                 return Ok{};
                               },
                               [&](const PkeySigner& pkey) -> Status {
                                 auto made = pkey.sign(data);
                                 if (!made) {
                                   return std::move(made).error();
                                 }
                                 signature = std::move(made).value();
                                 return Ok{};
                               }},
                    m_impl);
}

Result<std::string> Signer::sign(std::string_view data) const
{
  std::string signature;
  if (auto made = sign_into(data, signature); !made) {
    return std::move(made).error();
  }
  return signature;
}

Status Signer::verify(std::string_view data, std::string_view signature) const
{
  return std::visit(overloaded{[&](const HmacSigner& hmac) { return verify_hmac(hmac, data, signature); },
                               [&](const PkeySigner& pkey) { return pkey.verify(data, signature); }},
                    m_impl);
}

} // namespace jwt
