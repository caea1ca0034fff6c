// The full verify path, jwt::Verifier with one fixed key, every HMAC algorithm allowed and a
// fixed clock. Properties:
//   - a token that verifies names HS256, HS384 or HS512 exactly (never none, never another
//     algorithm), carries the HMAC of its signing input under the key, and re-serializes from
//     its decoded segments to the very bytes received;
//   - once a token gets past the signature check, altering its signature (one bit flipped,
//     one byte dropped) gives bad_signature, and changing any one byte of it never verifies;
//   - a token minted with serialize_token verifies (or fails on a claim only) with the claims
//     it was minted with;
//   - a stricter policy never accepts what a laxer one refuses.
//   - with public keys (RSA 2048, EC P-256, Ed25519, made for this harness with their private
//     halves thrown away), no input ever gets past the signature check, and every refusal is
//     one line and never an internal error.
// The input is used three ways: as a token as is; as a token re-signed with the key (so the
// fuzzer's headers and payloads reach the claim checks); and as the claims of a new token.

#include "jwt/algorithm.hpp"
#include "jwt/base64url.hpp"
#include "jwt/error.hpp"
#include "jwt/hmac.hpp"
#include "jwt/json.hpp"
#include "jwt/keys.hpp"
#include "jwt/pkey.hpp"
#include "jwt/token.hpp"
#include "jwt/verify.hpp"

#include "fuzz_check.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

// TEST_KEY of tests/cli/fixtures.sh and tests/data/hostile/generate.py, so that the seed
// tokens signed with it verify and reach the claim checks. 64 bytes: not weak for any algorithm.
constexpr std::string_view k_key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
// The hostile corpus's --now: its valid tokens are valid then.
constexpr jwt::NumericDate k_now{1700000060};

using jwt::ErrorKind;

jwt::KeyRing make_ring()
{
  jwt::KeyRing ring;
  ring.add(jwt::Key{jwt::Secret(k_key), std::nullopt, {}, std::nullopt});
  return ring;
}

// Public keys whose private halves were thrown away when they were made (openssl genpkey):
// no token the fuzzer writes, nor any seed, can carry a valid signature under them.
constexpr std::string_view k_public_pems[] = {
  "-----BEGIN PUBLIC KEY-----\n"
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAo/tmtGP7o83STkoBBOxh\n"
  "NP2Sf0sg9B4vah82ZgWT/lVVzrGacyM4gQzyW6RcBV2ibh/4yS+147MzdDInWhcz\n"
  "s6vnKJH5nXsHBBUeRu/70BfjAqe9HKagCZF3V8SpKP7j06l59XNheVhF8Q0CyMi0\n"
  "BE3yYBzAXa1bK62vqsljNJtmWy6BwTCzBBdkejrYi1mFwDZ/J/62/PgCQjw65RoX\n"
  "BP3S6wTPYjsUmX3yyYSrK/IlYJpSZoI+KNo+Dde4+raQo3+t1BBhhGc/RLki0/Gi\n"
  "M7cdPiljrI/yOCkq0j6KoSHG7mostxD/ldiMHYjh+4jmFqPss224HnZAFXBD+Vre\n"
  "+QIDAQAB\n"
  "-----END PUBLIC KEY-----\n",
  "-----BEGIN PUBLIC KEY-----\n"
  "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEF58TCVSkoYSjSEJV5GZqKdKD/Np+\n"
  "sP209HvZRqAxh4JCCaYO6sj6G7AnhbAx0+w4uv/y31zH8Lq91ZXudidmhQ==\n"
  "-----END PUBLIC KEY-----\n",
  "-----BEGIN PUBLIC KEY-----\n"
  "MCowBQYDK2VwAyEA4XW+Gva55PNqFGeYxhOwGWI3JXZgtVHqofsvMF9FPUM=\n"
  "-----END PUBLIC KEY-----\n",
};

jwt::KeyRing make_public_ring()
{
  jwt::KeyRing ring;
  for (const std::string_view pem : k_public_pems) {
    auto pkey = jwt::PKey::from_pem_or_der(pem);
    FUZZ_CHECK(pkey.ok());
    jwt::Key key;
    key.pkey = std::move(pkey).value();
    ring.add(std::move(key));
  }
  return ring;
}

jwt::VerifyPolicy strict_policy()
{
  jwt::VerifyPolicy policy;
  policy.claims.expected_type = "refresh";
  policy.claims.issuer = "auth.example.com";
  policy.claims.subject = "alice";
  policy.claims.audiences = {"api", "web"};
  policy.claims.required = {"jti"};
  policy.claims.max_age = std::chrono::hours(24 * 7);
  return policy;
}

jwt::VerifyPolicy lenient_policy()
{
  jwt::VerifyPolicy policy;
  policy.claims.leeway = std::chrono::hours(1);
  return policy;
}

jwt::VerifyPolicy pinned_policy(jwt::Algorithm alg)
{
  jwt::VerifyPolicy policy;
  policy.algorithms = jwt::AlgorithmSet::only(alg);
  return policy;
}

jwt::Signer make_signer(jwt::Algorithm alg)
{
  auto signer = jwt::HmacSigner::create(alg, k_key);
  FUZZ_CHECK(signer.ok());
  return jwt::Signer(std::move(signer).value());
}

struct Fixture {
  jwt::KeyRing ring = make_ring();
  jwt::Verifier verifier{ring, jwt::VerifyPolicy{}};
  jwt::KeyRing public_ring = make_public_ring();
  jwt::Verifier public_verifier{public_ring, jwt::VerifyPolicy{}};
  jwt::Verifier strict{ring, strict_policy()};
  jwt::Verifier lenient{ring, lenient_policy()};
  jwt::Verifier hs256_only{ring, pinned_policy(jwt::Algorithm::hs256)};
  jwt::Signer signers[3] = {make_signer(jwt::Algorithm::hs256),
                            make_signer(jwt::Algorithm::hs384),
                            make_signer(jwt::Algorithm::hs512)};

  // signers is in the order of jwt::Algorithm's values.
  jwt::Signer& signer(jwt::Algorithm alg)
  {
    return signers[static_cast<int>(alg)];
  }
};

Fixture& fixture()
{
  static Fixture instance;
  return instance;
}

std::string describe(const jwt::Result<jwt::VerifiedToken>& result)
{
  if (result.ok()) {
    return "verified";
  }
  return std::string(jwt::to_string(result.error().kind)) + ": " + result.error().message;
}

// Every refusal says why, on one line.
void check_message(const jwt::Result<jwt::VerifiedToken>& result)
{
  if (!result.ok()) {
    FUZZ_CHECK(result.error().kind != ErrorKind::internal);
    FUZZ_CHECK_MSG(fuzz::is_one_line(result.error().message), result.error().message);
  }
}

// Errors that only a token whose signature is valid can get, under the default policy.
bool is_claim_error(ErrorKind kind)
{
  return kind == ErrorKind::invalid_claim || kind == ErrorKind::expired || kind == ErrorKind::not_yet_valid
         || kind == ErrorKind::issued_in_future;
}

// Errors a stricter policy adds to those.
bool is_policy_error(ErrorKind kind)
{
  return is_claim_error(kind) || kind == ErrorKind::wrong_type || kind == ErrorKind::missing_claim
         || kind == ErrorKind::iss_mismatch || kind == ErrorKind::sub_mismatch || kind == ErrorKind::aud_mismatch
         || kind == ErrorKind::max_age_exceeded;
}

bool passed_signature(const jwt::Result<jwt::VerifiedToken>& result)
{
  return result.ok() || result.error().kind == ErrorKind::not_a_claims_set || is_claim_error(result.error().kind);
}

std::string join(std::string_view signing_input, std::string_view signature_segment)
{
  std::string token(signing_input);
  token += '.';
  token += signature_segment;
  return token;
}

// A token that verified: what it is and what it must be.
void check_verified(const jwt::VerifiedToken& verified, std::string_view compact)
{
  Fixture& f = fixture();
  const jwt::Token& token = verified.token;
  FUZZ_CHECK(token.compact == compact);
  FUZZ_CHECK(token.alg_name() == jwt::algorithm_name(verified.alg));
  FUZZ_CHECK(verified.key == &f.ring.keys().front());

  // Re-serialized from its decoded parts, it is the token received, byte for byte.
  const auto header_bytes = jwt::base64url_decode(compact.substr(0, token.first_dot));
  FUZZ_CHECK(header_bytes.ok());
  const std::string reserialized = jwt::base64url_encode(*header_bytes) + "." + jwt::base64url_encode(token.payload)
                                   + "." + jwt::base64url_encode(token.signature);
  FUZZ_CHECK(reserialized == compact);

  // The signature is the HMAC of the signing input as received, computed independently.
  const auto mac = f.signer(verified.alg).sign(token.signing_input());
  FUZZ_CHECK(mac.ok() && *mac == token.signature);

  const auto claims = jwt::parse_json(token.payload);
  FUZZ_CHECK(claims.ok() && claims->is_object() && *claims == verified.claims);

  // Narrower policies accept less: a pinned algorithm, more claims to check.
  const auto pinned = f.hs256_only.verify(compact, k_now);
  FUZZ_CHECK_MSG(pinned.ok() == (verified.alg == jwt::Algorithm::hs256), describe(pinned));
  FUZZ_CHECK(pinned.ok() || pinned.error().kind == ErrorKind::alg_not_allowed);
  const auto strict = f.strict.verify(compact, k_now);
  check_message(strict);
  FUZZ_CHECK_MSG(strict.ok() || is_policy_error(strict.error().kind), describe(strict));
}

// A token whose signature checked out (valid, or refused for its claims only): no alteration
// of it verifies, and an altered signature is reported as a bad signature.
void check_alterations(std::string_view compact, std::uint64_t choice)
{
  Fixture& f = fixture();
  const auto token = jwt::parse_token(compact);
  FUZZ_CHECK(token.ok());
  const std::string& signature = token->signature;
  FUZZ_CHECK(!signature.empty());

  std::string flipped = signature;
  const std::size_t bit = choice % (signature.size() * 8);
  flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
  const auto with_flip = f.verifier.verify(join(token->signing_input(), jwt::base64url_encode(flipped)), k_now);
  FUZZ_CHECK_MSG(!with_flip.ok() && with_flip.error().kind == ErrorKind::bad_signature, describe(with_flip));

  const std::string shorter = signature.substr(0, signature.size() - 1);
  const auto truncated = f.verifier.verify(join(token->signing_input(), jwt::base64url_encode(shorter)), k_now);
  FUZZ_CHECK_MSG(!truncated.ok() && truncated.error().kind == ErrorKind::bad_signature, describe(truncated));

  std::string changed(compact);
  const std::size_t at = (choice >> 16) % changed.size();
  changed[at] = static_cast<char>(static_cast<unsigned char>(changed[at]) ^ static_cast<unsigned>(1 + (choice >> 40) % 255));
  const auto with_change = f.verifier.verify(changed, k_now);
  check_message(with_change);
  FUZZ_CHECK_MSG(!with_change.ok(), "a token with byte " + std::to_string(at) + " changed verified");
}

// Whatever the default policy says, a laxer one says no less, a stricter one no more.
void check_policies(std::string_view compact, const jwt::Result<jwt::VerifiedToken>& result)
{
  Fixture& f = fixture();
  const auto lenient = f.lenient.verify(compact, k_now);
  check_message(lenient);
  FUZZ_CHECK_MSG(!result.ok() || lenient.ok(), describe(lenient));
  if (!result.ok()) {
    const auto strict = f.strict.verify(compact, k_now);
    check_message(strict);
    FUZZ_CHECK_MSG(!strict.ok(), describe(result));
  }
}

// The input as a token, as received.
void verify_as_is(std::string_view input, std::uint64_t choice)
{
  const auto result = fixture().verifier.verify(input, k_now);
  check_message(result);
  if (result.ok()) {
    check_verified(*result, input);
  }
  if (passed_signature(result)) {
    check_alterations(input, choice);
    check_policies(input, result);
  }
}

// The input's header and payload, signed with the key under the algorithm its header names
// (HS256 when it names none of the three): only the header and claim checks can refuse it.
void verify_resigned(std::string_view input, std::uint64_t choice)
{
  Fixture& f = fixture();
  const auto token = jwt::parse_token(input);
  if (!token.ok()) {
    return;
  }
  const auto named = jwt::parse_hmac_algorithm(token->alg_name());
  const auto mac = f.signer(named.value_or(jwt::Algorithm::hs256)).sign(token->signing_input());
  FUZZ_CHECK(mac.ok());
  const std::string resigned = join(token->signing_input(), jwt::base64url_encode(*mac));
  const auto result = f.verifier.verify(resigned, k_now);
  check_message(result);
  if (!named) {
    // alg none (in any case), RS256, "hs256", ...: never accepted, whatever the signature.
    FUZZ_CHECK_MSG(!result.ok()
                     && (result.error().kind == ErrorKind::alg_not_allowed
                         || result.error().kind == ErrorKind::unsupported_header),
                   describe(result));
    return;
  }
  FUZZ_CHECK_MSG(passed_signature(result) || result.error().kind == ErrorKind::unsupported_header,
                 describe(result));
  if (result.ok()) {
    check_verified(*result, resigned);
  }
  if (passed_signature(result)) {
    check_alterations(resigned, choice);
    check_policies(resigned, result);
  }
}

// The input as claims: a JSON object as it is, anything else as the string {"d": input}
// (base64url when the input is not UTF-8), minted with serialize_token and verified.
void verify_minted(std::string_view input, std::uint64_t choice)
{
  Fixture& f = fixture();
  const jwt::Algorithm alg = jwt::k_hmac_algorithms[choice % 3];
  const jwt::Json header = jwt::make_header(alg);

  auto parsed = jwt::parse_json(input);
  jwt::Json claims = parsed.ok() && parsed->is_object() ? std::move(parsed).value()
                                                        : jwt::Json{{"d", std::string(input)}};
  auto minted = jwt::serialize_token(header, claims, f.signer(alg));
  if (!minted.ok()) {
    FUZZ_CHECK_MSG(minted.error().kind == ErrorKind::invalid_argument, minted.error().message);
    claims = jwt::Json{{"d", jwt::base64url_encode(input)}};
    minted = jwt::serialize_token(header, claims, f.signer(alg));
    FUZZ_CHECK_MSG(minted.ok(), minted.error().message);
  }

  const auto result = f.verifier.verify(*minted, k_now);
  check_message(result);
  FUZZ_CHECK_MSG(result.ok() || is_claim_error(result.error().kind), describe(result));
  if (result.ok()) {
    check_verified(*result, *minted);
    FUZZ_CHECK(result->alg == alg);
    FUZZ_CHECK(result->claims == claims);
  }
  check_alterations(*minted, choice);
  check_policies(*minted, result);
}

} // namespace

// No input gets past a public key's signature check: the fuzzer holds no private key.
void verify_with_public_keys(std::string_view input)
{
  const auto result = fixture().public_verifier.verify(input, k_now);
  check_message(result);
  FUZZ_CHECK_MSG(!passed_signature(result), describe(result));
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view input = fuzz::as_text(data, size);
  const std::uint64_t choice = fuzz::choice(input);
  verify_as_is(input, choice);
  verify_with_public_keys(input);
  verify_resigned(input, choice);
  verify_minted(input, choice);
  return 0;
}
