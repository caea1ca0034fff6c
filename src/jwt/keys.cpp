#include "jwt/keys.hpp"

#include "jwt/base64url.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <iterator>
#include <openssl/crypto.h>

namespace jwt {

Secret::Secret(std::string_view bytes) : m_bytes(bytes.begin(), bytes.end())
{
}

Secret::Secret(Secret&& other) noexcept : m_bytes(std::move(other.m_bytes))
{
  other.m_bytes.clear();
}

Secret& Secret::operator=(Secret&& other) noexcept
{
  if (this != &other) {
    wipe();
    m_bytes = std::move(other.m_bytes);
    other.m_bytes.clear();
  }
  return *this;
}

Secret::~Secret()
{
  wipe();
}

void Secret::wipe() noexcept
{
  if (!m_bytes.empty()) {
    OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
  }
  m_bytes.clear();
}

void Secret::strip_trailing_newline() noexcept
{
  if (!m_bytes.empty() && m_bytes.back() == '\n') {
    m_bytes.back() = '\0';
    m_bytes.pop_back();
    if (!m_bytes.empty() && m_bytes.back() == '\r') {
      m_bytes.back() = '\0';
      m_bytes.pop_back();
    }
  }
}

Result<Secret> decode_secret(std::string_view text, SecretEncoding encoding)
{
  Secret secret;
  if (encoding == SecretEncoding::raw) {
    secret = Secret(text);
  } else {
    auto bytes = decode_key_text(text, encoding == SecretEncoding::base64 ? Alphabet::base64 : Alphabet::base64url);
    if (!bytes) {
      // The decoder's message would quote a character of the secret: not repeated here.
      return make_error(ErrorKind::invalid_key,
                        fmt::format("the secret is not valid {} text",
                                    encoding == SecretEncoding::base64 ? "base64" : "base64url"));
    }
    secret = Secret(*bytes);
    wipe(*bytes);
  }
  if (secret.empty()) {
    return make_error(ErrorKind::invalid_key, "the secret is empty");
  }
  return secret;
}

bool is_weak_key(std::size_t key_size, Algorithm alg) noexcept
{
  return key_size < digest_size(alg);
}

std::string weak_key_message(std::size_t key_size, Algorithm alg)
{
  return fmt::format("the key is {} bytes, shorter than the {} bytes {} needs (RFC 7518 §3.2)",
                     key_size,
                     digest_size(alg),
                     algorithm_name(alg));
}

void KeyRing::add(Key key)
{
  m_keys.push_back(std::move(key));
}

namespace {

// "the key" or "the key with kid "a"", for a message about one key.
std::string key_name(const Key& key)
{
  return key.kid.empty() ? std::string("the key") : fmt::format("the key with kid {}", util::quote(key.kid));
}

} // namespace

AlgorithmSet Key::algorithms() const noexcept
{
  const AlgorithmSet family = pkey ? pkey->algorithms() : AlgorithmSet::of_family(AlgorithmFamily::hmac);
  return alg ? family & AlgorithmSet::only(*alg) : family;
}

std::string Key::description() const
{
  return pkey ? fmt::format("an {} key", pkey->description()) : std::string("an HMAC secret");
}

std::string Key::weakness(Algorithm signing_alg) const
{
  if (pkey) {
    return pkey->is_weak() ? fmt::format("the RSA key is {} bits, shorter than the 2048 bits RFC 7518 §3.3 requires",
                                         pkey->bits())
                           : std::string();
  }
  return is_weak_key(secret.size(), signing_alg) ? weak_key_message(secret.size(), signing_alg) : std::string();
}

std::string Key::header_kid() const
{
  return kid.empty() && pkey ? pkey->thumbprint() : kid;
}

std::string algorithm_names(AlgorithmSet set)
{
  std::string out;
  for (const Algorithm alg : k_jose_algorithms) {
    if (set.contains(alg)) {
      out += out.empty() ? "" : ", ";
      out += algorithm_name(alg);
    }
  }
  return out;
}

Status check_key_algorithm(const Key& key, Algorithm alg)
{
  if (key.algorithms().contains(alg)) {
    return Ok{};
  }
  if (key.alg && AlgorithmSet::of_family(algorithm_family(alg)).contains(*key.alg)) {
    return make_error(ErrorKind::invalid_key,
                      fmt::format("{} is for {} only", key_name(key), algorithm_name(*key.alg)));
  }
  return make_error(ErrorKind::invalid_key,
                    fmt::format("{} is {}, which does {}, not {}",
                                key_name(key), key.description(), algorithm_names(key.algorithms()), algorithm_name(alg)));
}

Status check_may_sign(const Key& key)
{
  if (key.pkey && !key.pkey->is_private()) {
    return make_error(ErrorKind::invalid_key,
                      key_name(key) + " is a public key, which only verifies: signing needs the private key");
  }
  if (key.may_sign) {
    return Ok{};
  }
  return make_error(ErrorKind::invalid_key, key_name(key) + R"( may not sign: its "key_ops" leave out "sign")");
}

Result<const Key*> KeyRing::select(std::optional<std::string_view> token_kid, std::optional<Algorithm> alg) const
{
  // An empty kid names no key: it is treated as no kid at all.
  const std::optional<std::string_view> kid = token_kid && !token_kid->empty() ? token_kid : std::nullopt;
  if (m_keys.empty()) {
    return make_error(ErrorKind::key_not_found, "no key to verify with");
  }
  if (kid) {
    for (const Key& key : m_keys) {
      if (key.kid == *kid) {
        if (!key.may_verify) {
          return make_error(ErrorKind::key_not_found,
                            key_name(key) + R"( may not verify: its "key_ops" leave out "verify")", "kid");
        }
        return &key;
      }
    }
  }
  // Only keys that may verify are candidates (RFC 7517 §4.3); of them, those of the key type the
  // token's algorithm needs, when there are any (else the family check names the mismatch).
  std::vector<const Key*> candidates;
  for (const Key& key : m_keys) {
    if (key.may_verify) {
      candidates.push_back(&key);
    }
  }
  if (candidates.empty()) {
    return make_error(ErrorKind::key_not_found,
                      m_keys.size() == 1 ? key_name(m_keys.front()) + R"( may not verify: its "key_ops" leave out "verify")"
                                         : std::string(R"(no key may verify: the "key_ops" of each leave out "verify")"),
                      "kid");
  }
  if (alg) {
    std::vector<const Key*> able;
    std::copy_if(candidates.begin(), candidates.end(), std::back_inserter(able),
                 [&](const Key* key) { return key->type() == key_type(*alg); });
    if (!able.empty()) {
      candidates = std::move(able);
    }
  }
  // A kid is only a hint (RFC 7515 §4.1.4): a single unnamed key serves every token, and a
  // token that names no key is checked with the only key there is.
  const Key* only = candidates.front();
  if (candidates.size() == 1 && (only->kid.empty() || !kid)) {
    return only;
  }
  if (kid) {
    return make_error(ErrorKind::key_not_found,
                      fmt::format("no key has kid {}", util::quote(*kid)),
                      "kid");
  }
  return make_error(ErrorKind::key_not_found,
                    fmt::format("the token has no kid and there are {} keys to choose from",
                                candidates.size()),
                    "kid");
}

Result<const Key*> KeyRing::select_for_signing(const std::string& kid) const
{
  if (!kid.empty()) {
    for (const Key& key : m_keys) {
      if (key.kid == kid) {
        return &key;
      }
    }
    if (m_keys.size() == 1 && m_keys.front().kid.empty()) {
      return &m_keys.front();
    }
    return make_error(ErrorKind::key_not_found, fmt::format("no key has kid {}", util::quote(kid)), "kid");
  }
  if (m_keys.size() == 1) {
    return &m_keys.front();
  }
  return make_error(ErrorKind::key_not_found,
                    fmt::format("there are {} keys to sign with: choose one by its kid", m_keys.size()),
                    "kid");
}

} // namespace jwt

namespace jwt {

void wipe(std::string& buffer) noexcept
{
  if (!buffer.empty()) {
    OPENSSL_cleanse(buffer.data(), buffer.size());
  }
  buffer.clear();
}

} // namespace jwt
