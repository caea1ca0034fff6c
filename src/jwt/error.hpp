#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace jwt {

// One value per way a token, a key or an input can fail. The CLI maps each to an exit code
// in one switch (src/cli/exit_codes.cpp), so adding a value here forces a decision there.
enum class ErrorKind {
  // The token cannot be read as a JWS compact serialization.
  malformed,
  // The header asks for something jwtool does not implement (crit, b64: false, ...).
  unsupported_header,
  // alg is none, not HMAC, or not the algorithm this key or policy allows.
  alg_not_allowed,
  // No key fits the token (kid unknown, several keys and no kid).
  key_not_found,
  bad_signature,
  // The signature is valid but the payload is not a JSON object (a JWS, not a JWT).
  not_a_claims_set,
  // A registered claim has the wrong JSON type (exp as a string, ...).
  invalid_claim,
  expired,
  not_yet_valid,    // nbf in the future
  issued_in_future, // iat in the future
  wrong_type,       // the "type" claim is not the expected one
  missing_claim,    // a claim the policy needs is absent
  iss_mismatch,
  sub_mismatch,
  aud_mismatch,
  max_age_exceeded, // iat further in the past than the policy allows
  // With a token store: the token, or its session, was revoked.
  revoked,
  // A spent refresh token presented again: taken as theft, its session is now revoked.
  reuse_detected,
  // With a token store: revoke --session named a session the store never started.
  unknown_session,
  // Not about a token: the caller's input.
  invalid_key,
  weak_key, // shorter than RFC 7518 §3.2 asks for the algorithm
  invalid_argument,
  io,
  // The token store cannot be opened, read or written; the token is never accepted then.
  store_unavailable,
  // A library call that should not fail did (OpenSSL, the random source).
  internal,
};

// Stable snake_case name, used as the "error" member of --json output.
std::string_view to_string(ErrorKind kind) noexcept;

struct Error {
  ErrorKind kind;
  std::string message; // one line, no "jwtool:" prefix, user values quoted
  std::string claim;   // the claim or header member concerned, if any
};

inline Error make_error(ErrorKind kind, std::string message, std::string claim = {})
{
  return Error{kind, std::move(message), std::move(claim)};
}

// The value of an operation or the Error that stopped it.
template <typename T> class [[nodiscard]] Result
{
public:
  // Implicit on purpose, so a function can `return value;` or `return make_error(...);`.
  // cppcheck-suppress noExplicitConstructor
  Result(T value) : m_state(std::in_place_index<0>, std::move(value))
  {
  }
  // cppcheck-suppress noExplicitConstructor
  Result(Error error) : m_state(std::in_place_index<1>, std::move(error))
  {
  }

  bool ok() const noexcept
  {
    return m_state.index() == 0;
  }
  explicit operator bool() const noexcept
  {
    return ok();
  }

  T& value() &
  {
    return std::get<0>(m_state);
  }
  const T& value() const&
  {
    return std::get<0>(m_state);
  }
  T&& value() &&
  {
    return std::get<0>(std::move(m_state));
  }
  T* operator->()
  {
    return &value();
  }
  const T* operator->() const
  {
    return &value();
  }
  T& operator*() &
  {
    return value();
  }
  const T& operator*() const&
  {
    return value();
  }
  T&& operator*() &&
  {
    return std::move(*this).value();
  }
  const Error& error() const&
  {
    return std::get<1>(m_state);
  }
  Error&& error() &&
  {
    return std::get<1>(std::move(m_state));
  }

private:
  std::variant<T, Error> m_state;
};

// For operations that return nothing but may fail.
struct Ok {
};
using Status = Result<Ok>;

} // namespace jwt
