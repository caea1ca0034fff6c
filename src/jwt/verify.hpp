#pragma once

#include "jwt/algorithm.hpp"
#include "jwt/claims.hpp"
#include "jwt/error.hpp"
#include "jwt/signer.hpp"
#include "jwt/json.hpp"
#include "jwt/keys.hpp"
#include "jwt/time.hpp"
#include "jwt/token.hpp"

#include <string_view>
#include <deque>

namespace jwt {

struct VerifyPolicy {
  // Algorithms accepted; the key's family (and the algorithm a key is bound to) narrows this
  // further: the key decides, never the token (RFC 8725 §3.1).
  AlgorithmSet algorithms = AlgorithmSet::every();
  ClaimPolicy claims;
};

struct VerifiedToken {
  Token token;
  Json claims;
  Algorithm alg;
  const Key* key; // the key that verified it, owned by the Verifier's KeyRing
};

// A token that passed every check, as views into the text checked and into the Verifier's
// buffers: valid until the Verifier's next call.
struct VerifiedView {
  TokenDecoder::Decoded token;
  const JsonReader* claims = nullptr; // the payload, read: its root is an object
  Algorithm alg = Algorithm::hs256;
  const Key* key = nullptr;
};

// The one road every token takes to be trusted:
//   parse (3 segments, strict base64url, header a JSON object with a string alg)
//   -> header: no "crit" / "b64" extensions; alg never "none", one jwtool implements, allowed
//   -> key chosen by kid (jwk, jku, x5u, x5c never supply or choose one); the alg must be one
//      the key can do -> its signer over the signing input as received
//   -> payload must be a JSON object (else not_a_claims_set) -> claims checked at `now`.
// Signers are prepared once per key and algorithm and reused for every later token of this
// Verifier, and so are its buffers: checking allocates nothing once they have grown, unless
// the token is refused (the error says why in words). Not thread-safe: one Verifier per thread.
class Verifier
{
public:
  Verifier(const KeyRing& keys, VerifyPolicy policy);

  // Every check, without copying the token.
  Result<VerifiedView> check(std::string_view compact, NumericDate now);
  // The same, the token and its claims copied out.
  Result<VerifiedToken> verify(std::string_view compact, NumericDate now);

  const VerifyPolicy& policy() const noexcept
  {
    return m_policy;
  }

  // Frees the buffers grown for the tokens checked so far (one huge token leaves them huge);
  // the prepared signers stay. What earlier calls returned is invalid afterwards.
  void release_buffers();

private:
  Result<const Signer*> signer_for(const Key& key, Algorithm alg);

  struct PreparedSigner {
    const Key* key;
    Signer signer;
  };

  const KeyRing& m_keys;
  VerifyPolicy m_policy;
  std::deque<PreparedSigner> m_signers; // a deque: the header decision keeps pointers into it
  // What the header decided (algorithm, key, signer), kept while tokens repeat the header.
  struct HeaderDecision {
    Algorithm alg;
    const Key* key;
    const Signer* signer;
  };
  Result<HeaderDecision> decide(const TokenDecoder::Decoded& token);

  TokenDecoder m_decoder;
  JsonReader m_claims;
  std::optional<HeaderDecision> m_header_decision;
};

// Header rules that hold whatever the key: returns the algorithm the header names if it is
// one of `allowed`; alg_not_allowed or unsupported_header otherwise.
Result<Algorithm> check_header(const TokenDecoder::Decoded& token, AlgorithmSet allowed);

} // namespace jwt
