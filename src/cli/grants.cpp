#include "cli/grants.hpp"

#include "cli/session.hpp"

#include "jwt/random.hpp"
#include "jwt/token.hpp"

#include <algorithm>
#include <fmt/core.h>

namespace cli {

jwt::Json token_response_json(const TokenResponse& response)
{
  jwt::Json json = jwt::Json::object();
  json["access_token"] = response.access_token;
  if (response.refresh_token) {
    json["refresh_token"] = *response.refresh_token;
  }
  json["token_type"] = "bearer";
  json["expires_in"] = response.expires_in.count();
  return json;
}

namespace {

// --alg, else the algorithm the key is bound to, else the key family's default; --alg may not
// ask for what the key cannot do.
jwt::Result<jwt::Algorithm> signing_algorithm(const jwt::Key& key, const std::string& alg)
{
  if (alg.empty()) {
    return key.alg ? *key.alg : key.pkey ? key.pkey->default_algorithm() : jwt::Algorithm::hs256;
  }
  const jwt::Algorithm wanted = algorithm_from_flag(alg);
  if (auto able = jwt::check_key_algorithm(key, wanted); !able) {
    return jwt::make_error(able.error().kind, fmt::format("--alg {}: {}", alg, able.error().message));
  }
  return wanted;
}

// A named key names itself; an unnamed secret takes --kid as its label; an unnamed public-key
// key its RFC 7638 thumbprint. --no-kid leaves it out.
std::string header_kid(const jwt::Key& key, const SigningChoice& choice)
{
  if (choice.no_kid) {
    return {};
  }
  return key.kid.empty() && !choice.kid.empty() ? choice.kid : key.header_kid();
}

} // namespace

jwt::Result<SigningKey> choose_signing_key(const KeyOptions& options, const jwt::KeyRing& keys,
                                           const SigningChoice& choice, const jwt::Json& extra_header)
{
  auto key = keys.select_for_signing(choice.kid);
  if (!key) {
    // Not a token's fault here: the caller's choice of key.
    return jwt::make_error(jwt::ErrorKind::invalid_key, "--kid: " + key.error().message);
  }
  auto alg = signing_algorithm(**key, choice.alg);
  if (!alg) {
    return std::move(alg).error();
  }
  if (auto strong = check_minting_key(options, **key, *alg); !strong) {
    return std::move(strong).error();
  }
  auto signer = jwt::Signer::create(**key, *alg);
  if (!signer) {
    return std::move(signer).error();
  }
  return SigningKey{std::move(signer).value(), jwt::make_header(*alg, header_kid(**key, choice), extra_header)};
}

jwt::Result<std::string> mint_new_token(jwt::NewClaims claims, std::string_view type, std::chrono::seconds life,
                                        const SigningKey& key, bool with_token_id)
{
  claims.type = std::string(type);
  claims.lifetime = life;
  if (claims.token_id.empty() && with_token_id) {
    auto fresh_id = jwt::new_token_id();
    if (!fresh_id) {
      return std::move(fresh_id).error();
    }
    claims.token_id = std::move(fresh_id).value();
  }
  return jwt::mint_token(claims, key.signer, key.header);
}

jwt::Result<TokenResponse> mint_login_pair(jwt::NewClaims claims, std::chrono::seconds access_life,
                                           std::chrono::seconds refresh_life, const SigningKey& key,
                                           bool with_token_id)
{
  claims.fresh = true; // a login's access token, as AuthX marks it
  auto access = mint_new_token(claims, jwt::k_access_type, access_life, key, with_token_id);
  if (!access) {
    return std::move(access).error();
  }
  claims.fresh.reset();
  auto refresh = mint_new_token(std::move(claims), jwt::k_refresh_type, refresh_life, key, with_token_id);
  if (!refresh) {
    return std::move(refresh).error();
  }
  return TokenResponse{std::move(access).value(), std::move(refresh).value(), access_life};
}

namespace {

// The presented refresh token's own lifetime (exp - iat), which its successor keeps; 7 days
// when it lacks either.
std::chrono::seconds presented_lifetime(const jwt::Json& claims)
{
  auto iat = jwt::read_numeric_date(claims, "iat");
  auto exp = jwt::read_numeric_date(claims, "exp");
  if (!iat || !exp || !*iat || !*exp || (*exp)->seconds <= (*iat)->seconds) {
    return jwt::k_default_refresh_lifetime;
  }
  const double life = std::min((*exp)->seconds - (*iat)->seconds, static_cast<double>(jwt::k_max_duration.count()));
  return std::chrono::seconds(static_cast<std::chrono::seconds::rep>(life));
}

// What a new token inherits: sub always; iss, aud and custom claims too unless only the subject is
// asked for (--no-carry, for the access token).
enum class Carry { all, subject };
jwt::Result<jwt::NewClaims> carried_claims(const jwt::Json& refresh_claims, Carry carry)
{
  jwt::NewClaims claims;
  const auto sub = refresh_claims.find("sub");
  if (sub == refresh_claims.end() || !sub->is_string()) {
    return jwt::make_error(jwt::ErrorKind::invalid_claim, "it has no string \"sub\" claim", "sub");
  }
  claims.subject = sub->get<std::string>();
  if (carry == Carry::subject) {
    return claims;
  }
  if (const auto iss = refresh_claims.find("iss"); iss != refresh_claims.end()) {
    if (!iss->is_string()) {
      return jwt::make_error(jwt::ErrorKind::invalid_claim, "its \"iss\" claim is not a string", "iss");
    }
    claims.issuer = iss->get<std::string>();
  }
  if (const auto aud = refresh_claims.find("aud"); aud != refresh_claims.end()) {
    const bool strings = aud->is_string()
                         || (aud->is_array() && std::all_of(aud->begin(), aud->end(), [](const jwt::Json& v) {
                               return v.is_string();
                             }));
    if (!strings) {
      return jwt::make_error(jwt::ErrorKind::invalid_claim, "its \"aud\" claim is not a string or a list of strings", "aud");
    }
    claims.audiences = aud->is_string() ? std::vector<std::string>{aud->get<std::string>()}
                                        : aud->get<std::vector<std::string>>();
  }
  for (const auto& [name, value] : refresh_claims.items()) {
    if (!jwt::is_registered_claim(name)) {
      claims.custom[name] = value;
    }
  }
  return claims;
}

// Mints the access token only, the refresh token kept: with a store, after checking there that
// the refresh token is neither spent nor revoked, and cut to its session's limit.
jwt::Result<TokenResponse> keep(const RefreshGrant& grant, jwt::NewClaims access_claims, const SigningKey& key)
{
  if (grant.store != nullptr) {
    auto session = check_refresh_token(*grant.store, grant.refresh_token->claims, grant.now);
    if (!session) {
      return std::move(session).error();
    }
    if (*session) {
      auto access_life = lifetime_within(access_claims.lifetime, grant.now, (*session)->expires_at);
      if (!access_life) {
        return std::move(access_life).error();
      }
      access_claims.lifetime = *access_life;
    }
  }
  auto access = jwt::mint_token(access_claims, key.signer, key.header);
  if (!access) {
    return std::move(access).error();
  }
  return TokenResponse{std::move(access).value(), std::nullopt, access_claims.lifetime};
}

// Spends the refresh token (committed before anything is minted), then mints the access token
// and a new refresh token of the same session, neither outliving the session's limit.
jwt::Result<TokenResponse> rotate(const RefreshGrant& grant, jwt::NewClaims access_claims, const SigningKey& key)
{
  const jwt::Json& presented = grant.refresh_token->claims;
  auto session = spend_refresh_token(*grant.store, presented, grant.now);
  if (!session) {
    return std::move(session).error();
  }
  auto access_life = lifetime_within(access_claims.lifetime, grant.now, session->expires_at);
  if (!access_life) {
    return std::move(access_life).error();
  }
  auto new_refresh_life = lifetime_within(grant.refresh_life.value_or(presented_lifetime(presented)), grant.now,
                                          session->expires_at);
  if (!new_refresh_life) {
    return std::move(new_refresh_life).error();
  }
  access_claims.lifetime = *access_life;
  auto access = jwt::mint_token(access_claims, key.signer, key.header);
  if (!access) {
    return std::move(access).error();
  }
  // The new refresh token carries all the presented one did (its sid among the custom claims).
  auto refresh_claims = carried_claims(presented, Carry::all);
  if (!refresh_claims) {
    return std::move(refresh_claims).error();
  }
  refresh_claims->issued_at = grant.now;
  if (!grant.issuer.empty()) {
    refresh_claims->issuer = grant.issuer;
  }
  auto refresh_token = mint_new_token(std::move(refresh_claims).value(), jwt::k_refresh_type, *new_refresh_life, key);
  if (!refresh_token) {
    return std::move(refresh_token).error();
  }
  return TokenResponse{std::move(access).value(), std::move(refresh_token).value(), *access_life};
}

} // namespace

jwt::Result<TokenResponse> refresh_tokens(const RefreshGrant& grant)
{
  const jwt::VerifiedToken& refresh_token = *grant.refresh_token;
  auto claims = carried_claims(refresh_token.claims, grant.carry_all ? Carry::all : Carry::subject);
  if (!claims) {
    return std::move(claims).error();
  }
  // A session goes on in the access token whatever --no-carry says: revoking it reaches this one.
  if (const std::string sid = string_claim(refresh_token.claims, k_session_claim); !sid.empty()) {
    claims->custom[std::string(k_session_claim)] = sid;
  }
  if (!grant.issuer.empty()) {
    claims->issuer = grant.issuer;
  }
  claims->issued_at = grant.now;
  claims->lifetime = grant.access_life;
  claims->type = std::string(jwt::k_access_type);
  claims->fresh = false; // minted by a refresh, not a login (AuthX)
  auto token_id = jwt::new_token_id();
  if (!token_id) {
    return std::move(token_id).error();
  }
  claims->token_id = std::move(token_id).value();

  // The key that verified the refresh token signs the access token, under the same name.
  const jwt::Key& key = *refresh_token.key;
  if (grant.key_options != nullptr) {
    if (auto strong = check_minting_key(*grant.key_options, key, refresh_token.alg); !strong) {
      return std::move(strong).error();
    }
  }
  auto signer = jwt::Signer::create(key, refresh_token.alg);
  if (!signer) {
    return std::move(signer).error();
  }
  const std::string kid = key.kid.empty() ? refresh_token.token.kid().value_or(key.header_kid()) : key.kid;
  const SigningKey signing{std::move(signer).value(), jwt::make_header(refresh_token.alg, kid)};
  if (grant.rotate) {
    if (grant.store == nullptr) {
      return jwt::make_error(jwt::ErrorKind::internal, "no store opened for a rotation");
    }
    return rotate(grant, std::move(claims).value(), signing);
  }
  return keep(grant, std::move(claims).value(), signing);
}

RefreshFailure classify_refresh_failure(jwt::ErrorKind kind) noexcept
{
  switch (kind) {
  case jwt::ErrorKind::expired:
  case jwt::ErrorKind::max_age_exceeded: return RefreshFailure::expired;
  case jwt::ErrorKind::wrong_type: return RefreshFailure::wrong_type;
  case jwt::ErrorKind::reuse_detected: return RefreshFailure::reused;
  case jwt::ErrorKind::revoked: return RefreshFailure::revoked;
  case jwt::ErrorKind::unknown_session: // revoke --session's; refresh takes an unknown session for revoked
  case jwt::ErrorKind::store_unavailable:
  case jwt::ErrorKind::invalid_key:
  case jwt::ErrorKind::weak_key:
  case jwt::ErrorKind::invalid_argument:
  case jwt::ErrorKind::io:
  case jwt::ErrorKind::internal: return RefreshFailure::not_a_token;
  case jwt::ErrorKind::malformed:
  case jwt::ErrorKind::unsupported_header:
  case jwt::ErrorKind::alg_not_allowed:
  case jwt::ErrorKind::key_not_found:
  case jwt::ErrorKind::bad_signature:
  case jwt::ErrorKind::not_a_claims_set:
  case jwt::ErrorKind::invalid_claim:
  case jwt::ErrorKind::missing_claim:
  case jwt::ErrorKind::iss_mismatch:
  case jwt::ErrorKind::sub_mismatch:
  case jwt::ErrorKind::aud_mismatch:
  case jwt::ErrorKind::not_yet_valid:
  case jwt::ErrorKind::issued_in_future: break;
  }
  return RefreshFailure::invalid;
}

} // namespace cli
