#include "jwt/verify.hpp"

#include "util/text.hpp"

#include <fmt/core.h>

namespace jwt {

namespace {

std::string allowed_names(AlgorithmSet allowed)
{
  std::string out;
  for (const Algorithm alg : k_all_algorithms) {
    if (allowed.contains(alg)) {
      out += out.empty() ? "" : ", ";
      out += algorithm_name(alg);
    }
  }
  return out;
}

} // namespace

Result<Algorithm> check_header(const Token& token, AlgorithmSet allowed)
{
  // RFC 7515 §4.1.11: a recipient must refuse a token whose "crit" names an extension it
  // does not implement, and jwtool implements none.
  if (token.header.contains("crit")) {
    return make_error(ErrorKind::unsupported_header,
                      fmt::format("header lists critical extensions {}; jwtool implements none",
                                  token.header["crit"].dump()),
                      "crit");
  }
  // RFC 7797: b64 false means the payload is not base64url; never a JWT.
  if (const auto b64 = token.header.find("b64"); b64 != token.header.end() && *b64 != true) {
    return make_error(ErrorKind::unsupported_header,
                      "header has \"b64\" other than true (RFC 7797 unencoded payload)",
                      "b64");
  }

  const std::string_view name = token.alg_name();
  if (util::iequals(name, "none")) {
    return make_error(ErrorKind::alg_not_allowed,
                      fmt::format("alg {} is never accepted: the token is unsigned", util::quote(name)),
                      "alg");
  }
  const auto alg = parse_algorithm(name);
  if (!alg) {
    return make_error(ErrorKind::alg_not_allowed,
                      fmt::format("alg {} is not allowed: jwtool verifies HS256, HS384 and HS512 only",
                                  util::quote(name)),
                      "alg");
  }
  if (!allowed.contains(*alg)) {
    return make_error(ErrorKind::alg_not_allowed,
                      fmt::format("alg {} is not allowed: expected {}", util::quote(name), allowed_names(allowed)),
                      "alg");
  }
  return *alg;
}

Verifier::Verifier(const KeyRing& keys, VerifyPolicy policy) : m_keys(keys), m_policy(std::move(policy))
{
}

Result<Signer*> Verifier::signer_for(const Key& key, Algorithm alg)
{
  for (auto& prepared : m_signers) {
    if (prepared.key == &key && prepared.signer.algorithm() == alg) {
      return &prepared.signer;
    }
  }
  auto signer = Signer::create(alg, key.secret.view());
  if (!signer) {
    return std::move(signer).error();
  }
  m_signers.push_back(PreparedSigner{&key, std::move(signer).value()});
  return &m_signers.back().signer;
}

Result<VerifiedToken> Verifier::verify(std::string_view compact, NumericDate now)
{
  auto token = parse_token(compact);
  if (!token) {
    return std::move(token).error();
  }
  auto alg = check_header(*token, m_policy.algorithms);
  if (!alg) {
    return std::move(alg).error();
  }
  auto key = m_keys.select(token->kid());
  if (!key) {
    return std::move(key).error();
  }
  // The header never chooses the key's algorithm: a key bound to one accepts only it.
  if ((*key)->alg && *(*key)->alg != *alg) {
    return make_error(ErrorKind::alg_not_allowed,
                      fmt::format("alg {} is not allowed: the key is for {}",
                                  util::quote(token->alg_name()),
                                  algorithm_name(*(*key)->alg)),
                      "alg");
  }

  auto signer = signer_for(**key, *alg);
  if (!signer) {
    return std::move(signer).error();
  }
  auto valid = (*signer)->verify(token->signing_input(), token->signature);
  if (!valid) {
    return std::move(valid).error();
  }
  if (!*valid) {
    if (token->signature.size() != digest_size(*alg)) {
      return make_error(ErrorKind::bad_signature,
                        fmt::format("signature is {} bytes, an {} signature is {}",
                                    token->signature.size(),
                                    algorithm_name(*alg),
                                    digest_size(*alg)));
    }
    return make_error(ErrorKind::bad_signature, "signature does not match: wrong key or altered token");
  }

  auto claims = parse_claims(*token);
  if (!claims) {
    return make_error(ErrorKind::not_a_claims_set,
                      fmt::format("the signature is valid but the payload is not a JWT claims set: {}",
                                  claims.error().message));
  }
  auto checked = check_claims(*claims, m_policy.claims, now);
  if (!checked) {
    return std::move(checked).error();
  }
  return VerifiedToken{std::move(token).value(), std::move(claims).value(), *alg, *key};
}

} // namespace jwt
