#include "jwt/verify.hpp"

#include "util/text.hpp"

#include <fmt/core.h>
#include <utility>

namespace jwt {

Result<Algorithm> check_header(const TokenDecoder::Decoded& token, AlgorithmSet allowed)
{
  const JsonReader& header = *token.header;
  // RFC 7515 §4.1.11: a recipient must refuse a token whose "crit" names an extension it
  // does not implement, and jwtool implements none.
  if (const JsonNode* crit = header.find(0, "crit"); crit != nullptr) {
    return make_error(ErrorKind::unsupported_header,
                      fmt::format("header lists critical extensions {}; jwtool implements none",
                                  to_json(header, *crit).dump(-1, ' ', false, Json::error_handler_t::replace)),
                      "crit");
  }
  // RFC 7797: b64 false means the payload is not base64url; never a JWT.
  if (const JsonNode* b64 = header.find(0, "b64");
      b64 != nullptr && (b64->kind != JsonKind::boolean || !b64->boolean)) {
    return make_error(ErrorKind::unsupported_header,
                      "header has \"b64\" other than true (RFC 7797 unencoded payload)",
                      "b64");
  }

  const std::string_view name = token.alg_name;
  if (util::iequals(name, "none")) {
    return make_error(ErrorKind::alg_not_allowed,
                      fmt::format("alg {} is never accepted: the token is unsigned", util::quote(name)),
                      "alg");
  }
  const auto alg = parse_jose_algorithm(name);
  if (!alg) {
    return make_error(ErrorKind::alg_not_allowed,
                      fmt::format("alg {} is not allowed: jwtool verifies {} only",
                                  util::quote(name), algorithm_names(AlgorithmSet::every())),
                      "alg");
  }
  if (!allowed.contains(*alg)) {
    return make_error(ErrorKind::alg_not_allowed,
                      fmt::format("alg {} is not allowed: expected {}", util::quote(name), algorithm_names(allowed)),
                      "alg");
  }
  return *alg;
}

Verifier::Verifier(const KeyRing& keys, VerifyPolicy policy) : m_keys(keys), m_policy(std::move(policy))
{
}

Result<const Signer*> Verifier::signer_for(const Key& key, Algorithm alg)
{
  for (const auto& prepared : m_signers) {
    if (prepared.key == &key && prepared.signer.algorithm() == alg) {
      return &prepared.signer;
    }
  }
  auto signer = Signer::create(key, alg);
  if (!signer) {
    return std::move(signer).error();
  }
  m_signers.push_back(PreparedSigner{&key, std::move(signer).value()});
  return &m_signers.back().signer;
}

Result<Verifier::HeaderDecision> Verifier::decide(const TokenDecoder::Decoded& token)
{
  auto alg = check_header(token, m_policy.algorithms);
  if (!alg) {
    return std::move(alg).error();
  }
  auto key = m_keys.select(token.kid, *alg);
  if (!key) {
    return std::move(key).error();
  }
  // The header never chooses the key's algorithm: the key's family decides, and a key bound to
  // one algorithm accepts only it. An HS* token never verifies with a public key's bytes.
  if (const Key& chosen = **key; !chosen.algorithms().contains(*alg)) {
    return make_error(ErrorKind::alg_not_allowed,
                      chosen.alg && algorithm_family(*chosen.alg) == algorithm_family(*alg)
                        ? fmt::format("alg {} is not allowed: the key is for {}",
                                      util::quote(token.alg_name), algorithm_name(*chosen.alg))
                        : fmt::format("alg {} is not allowed: the key is {} ({})",
                                      util::quote(token.alg_name), chosen.description(),
                                      algorithm_names(chosen.algorithms())),
                      "alg");
  }
  auto signer = signer_for(**key, *alg);
  if (!signer) {
    return std::move(signer).error();
  }
  return HeaderDecision{*alg, *key, *signer};
}

Result<VerifiedView> Verifier::check(std::string_view compact, NumericDate now)
{
  auto token = m_decoder.decode(compact);
  if (!token) {
    return std::move(token).error();
  }
  // The same header bytes lead to the same decision: it is made again only for a new header.
  if (!token->header_reused || !m_header_decision) {
    m_header_decision.reset();
    auto decision = decide(*token);
    if (!decision) {
      return std::move(decision).error();
    }
    m_header_decision = *decision;
  }
  const HeaderDecision& decision = *m_header_decision;
  // The signature is checked before the payload is read as claims.
  if (auto signature = decision.signer->verify(token->signing_input(), token->signature); !signature) {
    return std::move(signature).error();
  }

  if (auto claims = read_claims(token->payload, m_claims); !claims) {
    return make_error(ErrorKind::not_a_claims_set,
                      fmt::format("the signature is valid but the payload is not a JWT claims set: {}",
                                  claims.error().message));
  }
  if (auto checked = check_claims(m_claims, m_policy.claims, now); !checked) {
    return std::move(checked).error();
  }
  return VerifiedView{*token, &m_claims, decision.alg, decision.key};
}

void Verifier::release_buffers()
{
  // Swapped with fresh ones, which then free the buffers: assigning a fresh object would keep a
  // std::string's buffer (libstdc++ copies a short string into the existing capacity).
  TokenDecoder decoder;
  std::swap(m_decoder, decoder);
  JsonReader claims;
  std::swap(m_claims, claims);
  m_header_decision.reset();
}

Result<VerifiedToken> Verifier::verify(std::string_view compact, NumericDate now)
{
  auto checked = check(compact, now);
  if (!checked) {
    return std::move(checked).error();
  }
  return VerifiedToken{to_token(checked->token), to_json(m_claims, m_claims.root()), checked->alg, checked->key};
}

} // namespace jwt
