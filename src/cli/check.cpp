#include "cli/check.hpp"

#include "cli/input.hpp"
#include "cli/render.hpp"
#include "cli/session.hpp"

#include "jwt/token.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/core.h>

namespace cli {

static_assert(k_max_leeway < jwt::k_store_retention_margin,
              "a token accepted within the leeway must still be in the store");

void add_check_options(CLI::App& command, CheckOptions& options, KeyUse use)
{
  command.add_option("token", options.token,
                     "The token; '-' or nothing reads it from standard input. A pasted \"Authorization: Bearer\" "
                     "line, a Cookie header or a URL-quoted token work too: the token is dug out")
    ->type_name("TOKEN");
  add_alg_option(command, options.alg,
                 "Accept only this algorithm (default: any the key's family does: HS* for a secret, RS* and PS* "
                 "for RSA, the curve's ES* for EC, EdDSA for Ed25519/Ed448; never none)");
  command.add_option("--leeway", options.leeway,
                     "Tolerated clock skew for exp, nbf, iat and --max-age (default 0, at most 1h)")
    ->type_name("DURATION")
    ->group("Checks");
  command.add_option("--aud", options.audiences, "Require \"aud\" (a string or a list) to contain VALUE; repeat to accept any of several")
      ->allow_extra_args(false) // one value per flag: a token after it stays positional
    ->type_name("VALUE")
    ->group("Checks");
  command.add_option("--iss", options.issuer, "Require \"iss\" to be VALUE")->type_name("VALUE")->group("Checks");
  command.add_option("--sub", options.subject, "Require \"sub\" to be VALUE")->type_name("VALUE")->group("Checks");
  command.add_option("--require", options.required, "Require the claim CLAIM to be present (repeatable)")
      ->allow_extra_args(false) // one value per flag: a token after it stays positional
    ->type_name("CLAIM")
    ->group("Checks");
  command.add_option("--max-age", options.max_age, "Refuse a token issued (iat) longer ago than DURATION")
    ->type_name("DURATION")
    ->group("Checks");
  add_key_options(command, options.key, use);
  add_clock_options(command, options.clock);
  add_json_option(command, options.output);
  add_store_option(command, options.store);
}

jwt::Result<jwt::VerifyPolicy> verify_policy(const CheckOptions& options, const std::optional<std::string>& expected_type)
{
  jwt::VerifyPolicy policy;
  if (!options.alg.empty()) {
    policy.algorithms = jwt::AlgorithmSet::only(algorithm_from_flag(options.alg));
  }
  auto leeway = duration_from_flag("--leeway", options.leeway, ZeroDuration::allowed);
  if (!leeway) {
    return std::move(leeway).error();
  }
  if (*leeway > k_max_leeway) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           fmt::format("--leeway: at most {} (a token store remembers a token only {} past its end)",
                                       jwt::format_duration(static_cast<double>(k_max_leeway.count())),
                                       jwt::format_duration(static_cast<double>(jwt::k_store_retention_margin.count()))));
  }
  policy.claims.leeway = *leeway;
  if (!options.max_age.empty()) {
    auto max_age = duration_from_flag("--max-age", options.max_age, ZeroDuration::allowed);
    if (!max_age) {
      return std::move(max_age).error();
    }
    policy.claims.max_age = *max_age;
  }
  policy.claims.expected_type = expected_type;
  policy.claims.audiences = options.audiences;
  if (!options.issuer.empty()) {
    policy.claims.issuer = options.issuer;
  }
  if (!options.subject.empty()) {
    policy.claims.subject = options.subject;
  }
  policy.claims.required = options.required;
  return policy;
}

namespace {

// The caller's choices that no token can change: an --alg no key can do, or (refresh) keys of
// which none may sign, are usage errors whatever the token.
jwt::Status check_keys_usable(const CheckOptions& options, const jwt::KeyRing& keys)
{
  const auto& all = keys.keys();
  if (!options.alg.empty()) {
    const jwt::Algorithm alg = algorithm_from_flag(options.alg);
    if (std::none_of(all.begin(), all.end(), [&](const jwt::Key& key) { return key.algorithms().contains(alg); })) {
      if (all.size() == 1) {
        auto able = jwt::check_key_algorithm(all.front(), alg);
        return jwt::make_error(able.error().kind, fmt::format("--alg {}: {}", options.alg, able.error().message));
      }
      return jwt::make_error(jwt::ErrorKind::invalid_key, fmt::format("--alg {}: no key given can do it", options.alg));
    }
  }
  if (options.mints && std::none_of(all.begin(), all.end(), [](const jwt::Key& key) { return jwt::check_may_sign(key).ok(); })) {
    return jwt::check_may_sign(all.front());
  }
  return jwt::Ok{};
}

} // namespace

std::string secret_encoding_hint(const KeyOptions& options, const jwt::KeyRing& keys)
{
  if (!options.encoding.empty() || !options.jwks.empty() || keys.keys().size() != 1 || keys.keys().front().pkey) {
    return {};
  }
  const std::string_view text = keys.keys().front().secret.view();
  const std::string_view alphabet = util::base64_alphabet_of(text);
  if (alphabet.empty()
      || !jwt::decode_secret(text, alphabet == "base64" ? jwt::SecretEncoding::base64 : jwt::SecretEncoding::base64url)) {
    return {};
  }
  return fmt::format("the secret looks like {0} text: if it is encoded, add --secret-encoding {0}", alphabet);
}

jwt::Error with_bad_signature_hint(jwt::Error error, const std::string& hint)
{
  if (error.kind == jwt::ErrorKind::bad_signature && !hint.empty()) {
    error.message += fmt::format(" ({})", hint);
  }
  return error;
}

jwt::Result<CheckSetup> prepare_check(const CheckOptions& options, const std::optional<std::string>& expected_type)
{
  auto policy = verify_policy(options, expected_type);
  if (!policy) {
    return std::move(policy).error();
  }
  auto now = resolve_now(options.clock);
  if (!now) {
    return std::move(now).error();
  }
  if (auto flags = check_remote_flags(options.key); !flags) {
    return std::move(flags).error();
  }
  if (!uses_remote_keys(options.key)) {
    auto keys = load_keys(options.key);
    if (!keys) {
      return std::move(keys).error();
    }
    if (auto usable = check_keys_usable(options, *keys); !usable) {
      return std::move(usable).error();
    }
    std::string hint = secret_encoding_hint(options.key, *keys);
    return CheckSetup{std::move(policy).value(), *now, std::move(keys).value(), std::move(hint), std::nullopt};
  }
  if (options.mints) {
    return jwt::make_error(jwt::ErrorKind::invalid_key,
                           "--jwks URL: a fetched key set holds public keys, which cannot sign: give a file");
  }
  if (const std::string& issuer = options.key.oidc_issuer; !issuer.empty()) {
    // The issuer comes from the caller, never from the token: its tokens must carry it.
    if (!options.issuer.empty() && options.issuer != issuer) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             fmt::format("--iss {} differs from --oidc-issuer {}: the provider's tokens carry its issuer",
                                         util::quote(options.issuer), util::quote(issuer)));
    }
    policy->claims.issuer = issuer;
  }
  auto remote = load_remote_keys(options.key, *now);
  if (!remote) {
    return std::move(remote).error();
  }
  if (auto usable = check_keys_usable(options, remote->keys); !usable) {
    return std::move(usable).error();
  }
  return CheckSetup{std::move(policy).value(), *now, std::move(remote->keys), {}, std::move(remote->origin)};
}

bool names_unknown_kid(std::string_view token_text, const jwt::KeyRing& keys)
{
  auto token = jwt::parse_token(token_text);
  if (!token) {
    return false;
  }
  const auto kid = token->header.find("kid");
  if (kid == token->header.end() || !kid->is_string()) {
    return false;
  }
  const auto& all = keys.keys();
  return std::none_of(all.begin(), all.end(), [&](const jwt::Key& key) { return key.kid == kid->get_ref<const std::string&>(); });
}

jwt::Result<CheckedToken> check_token(const CheckOptions& options,
                                      const std::optional<std::string>& expected_type,
                                      std::string* token_text)
{
  if (token_uses_stdin(options.token) && key_uses_stdin(options.key)) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           "standard input cannot carry both the key and the token: give the token as an argument");
  }
  auto setup = prepare_check(options, expected_type);
  if (!setup) {
    return std::move(setup).error();
  }
  auto token = read_token(options.token);
  if (!token) {
    return std::move(token).error();
  }
  if (token_text != nullptr) {
    *token_text = *token;
  }

  auto verified = jwt::Verifier(setup->keys, setup->policy).verify(*token, setup->now);
  if (!verified && verified.error().kind == jwt::ErrorKind::key_not_found && setup->origin
      && !setup->origin->requested && names_unknown_kid(*token, setup->keys)) {
    auto refetched = refetch_remote_keys(options.key, setup->now, setup->origin->url);
    if (!refetched) {
      return std::move(refetched).error();
    }
    if (*refetched) {
      setup->keys = std::move((*refetched)->keys);
      setup->origin = std::move((*refetched)->origin);
      verified = jwt::Verifier(setup->keys, setup->policy).verify(*token, setup->now);
    }
  }
  if (!verified) {
    return with_bad_signature_hint(std::move(verified).error(), setup->bad_signature_hint);
  }
  // RFC 7518 §3.2, §3.3: verifying with a weak key works, but nobody should keep one. A command
  // that mints with it (refresh) refuses it instead, unless --allow-weak-key: one message, not two.
  if (const std::string weakness = verified->key->weakness(verified->alg);
      !weakness.empty() && (!options.mints || options.key.allow_weak_key)) {
    print_warning(weakness);
  }
  // Only a valid token is looked up: a forged one is refused as such, whatever the store says.
  auto store = open_store(options.store);
  if (!store) {
    return std::move(store).error();
  }
  if (*store && options.revoked_check == CheckOptions::RevokedCheck::refuse) {
    if (auto live = check_not_revoked(**store, verified->claims); !live) {
      return std::move(live).error();
    }
  }
  // The keys move with their heap buffer, so the verified token's key pointer stays valid.
  return CheckedToken{std::move(setup->keys), setup->now, std::move(verified).value(), std::move(store).value(),
                      std::move(setup->origin)};
}

} // namespace cli
