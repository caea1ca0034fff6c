#pragma once

#include "jwt/algorithm.hpp"
#include "jwt/error.hpp"
#include "jwt/pkey.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jwt {

// Key bytes, overwritten when destroyed. Move-only, so no stray copy outlives its owner.
class Secret
{
public:
  Secret() = default;
  explicit Secret(std::string_view bytes);
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret();

  std::string_view view() const noexcept
  {
    return {m_bytes.data(), m_bytes.size()};
  }
  std::size_t size() const noexcept
  {
    return m_bytes.size();
  }
  bool empty() const noexcept
  {
    return m_bytes.empty();
  }

  // Drops a final "\n" or "\r\n", as left by `echo secret > file`.
  void strip_trailing_newline() noexcept;

private:
  void wipe() noexcept;
  std::vector<char> m_bytes;
};

// How a secret is written down: its bytes as they are, or base64 / base64url text of them.
enum class SecretEncoding { raw, base64, base64url };

// The secret that `text` encodes: raw bytes as they are; base64 or base64url text, which may
// hold whitespace and padding. ErrorKind::invalid_key when the text is not of the encoding or
// the secret is empty.
Result<Secret> decode_secret(std::string_view text, SecretEncoding encoding);

// RFC 7518 §3.2: an HMAC key must be at least as long as the hash output (32/48/64 bytes).
bool is_weak_key(std::size_t key_size, Algorithm alg) noexcept;

// Says why a key is too short and what to do about it, for a warning or an error.
std::string weak_key_message(std::size_t key_size, Algorithm alg);

// A key: an HMAC secret (kty "oct") or a public-key pair or public key (RSA, EC, OKP), the kid
// that names it, the algorithm it is bound to, if any, and what it may do: a JWK's "key_ops"
// (RFC 7517 §4.3) may leave out "sign" or "verify"; a key without them (a plain secret, a PEM
// key, a JWK without the member) may do both, as far as it can (a public key only verifies).
struct Key {
  Secret secret;            // HMAC: the bytes; empty for a public-key key
  std::optional<PKey> pkey; // the public-key material; nullopt for HMAC
  std::string kid;
  std::optional<Algorithm> alg;
  bool may_sign = true;
  bool may_verify = true;

  KeyType type() const noexcept
  {
    return pkey ? pkey->type() : KeyType::oct;
  }
  // What the key can do: its family's algorithms (an EC key: its curve's one), narrowed to its
  // bound alg. The key decides the family, never the token (RFC 8725 §3.1).
  AlgorithmSet algorithms() const noexcept;
  // "an HMAC secret", "an RSA 2048-bit key", "an EC P-256 key", "an OKP Ed25519 key".
  std::string description() const;
  // Whether the key is too weak for alg: an HMAC secret shorter than the hash (RFC 7518 §3.2),
  // an RSA key under 2048 bits (§3.3). The reason, for a warning or an error; else empty.
  std::string weakness(Algorithm alg) const;
  // The kid a token minted with this key names: its own, else for a public-key key the RFC 7638
  // thumbprint (so tokens match the set `jwtool jwks` prints), else none.
  std::string header_kid() const;
};

// The algorithms of `set` as "HS256, HS384, HS512", in jwtool's order.
std::string algorithm_names(AlgorithmSet set);

// ErrorKind::invalid_key unless the key can do alg, saying what it is and can do.
Status check_key_algorithm(const Key& key, Algorithm alg);

// ErrorKind::invalid_key when the key may not mint: its "key_ops" leave out "sign", or it is
// a public key (signing needs the private key).
Status check_may_sign(const Key& key);

// The keys a verifier may use, and the rule that picks one for a token.
class KeyRing
{
public:
  void add(Key key);
  bool empty() const noexcept
  {
    return m_keys.empty();
  }
  const std::vector<Key>& keys() const noexcept
  {
    return m_keys;
  }

  // The key for a token whose header carries `kid` (nullopt when it has none): the key with
  // that kid, else the only key if it has no kid of its own; a token without kid uses the only
  // key, whatever its kid. Keys that may not verify are no candidates: a kid naming one, or
  // a ring with none that may, gives ErrorKind::key_not_found saying so; so does no match.
  // Without a match by kid, keys of the type `alg` needs are preferred: in a set mixing key
  // types, a token that names no key is checked with the one key of its algorithm's type.
  Result<const Key*> select(std::optional<std::string_view> kid, std::optional<Algorithm> alg = std::nullopt) const;

  // The key to sign with: the one named `kid`, else (empty kid) the only key. A ring of one
  // unnamed key serves any kid. ErrorKind::key_not_found otherwise. Whether the key may sign
  // is check_may_sign's to say.
  Result<const Key*> select_for_signing(const std::string& kid) const;

private:
  std::vector<Key> m_keys;
};

} // namespace jwt

namespace jwt {

// Overwrites a buffer that held key bytes, then empties it.
void wipe(std::string& buffer) noexcept;

} // namespace jwt
