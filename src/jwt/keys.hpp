#pragma once

#include "jwt/algorithm.hpp"
#include "jwt/error.hpp"

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

// An HMAC key: its bytes, the kid that names it, the algorithm it is bound to, if any, and
// what it may do: a JWK's "key_ops" (RFC 7517 §4.3) may leave out "sign" or "verify"; a key
// without them (a plain secret, a JWK without the member) may do both.
struct Key {
  Secret secret;
  std::string kid;
  std::optional<Algorithm> alg;
  bool may_sign = true;
  bool may_verify = true;
};

// ErrorKind::invalid_key when the key's "key_ops" leave out "sign": it may not mint.
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
  Result<const Key*> select(std::optional<std::string_view> kid) const;

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
