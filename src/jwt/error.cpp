#include "jwt/error.hpp"

namespace jwt {

std::string_view to_string(ErrorKind kind) noexcept
{
  switch (kind) {
  case ErrorKind::malformed: return "malformed";
  case ErrorKind::unsupported_header: return "unsupported_header";
  case ErrorKind::alg_not_allowed: return "alg_not_allowed";
  case ErrorKind::key_not_found: return "key_not_found";
  case ErrorKind::bad_signature: return "bad_signature";
  case ErrorKind::not_a_claims_set: return "not_a_claims_set";
  case ErrorKind::invalid_claim: return "invalid_claim";
  case ErrorKind::expired: return "expired";
  case ErrorKind::not_yet_valid: return "not_yet_valid";
  case ErrorKind::issued_in_future: return "issued_in_future";
  case ErrorKind::wrong_type: return "wrong_type";
  case ErrorKind::missing_claim: return "missing_claim";
  case ErrorKind::iss_mismatch: return "iss_mismatch";
  case ErrorKind::sub_mismatch: return "sub_mismatch";
  case ErrorKind::aud_mismatch: return "aud_mismatch";
  case ErrorKind::max_age_exceeded: return "max_age_exceeded";
  case ErrorKind::revoked: return "revoked";
  case ErrorKind::reuse_detected: return "reuse_detected";
  case ErrorKind::unknown_session: return "unknown_session";
  case ErrorKind::invalid_key: return "invalid_key";
  case ErrorKind::weak_key: return "weak_key";
  case ErrorKind::invalid_argument: return "invalid_argument";
  case ErrorKind::io: return "io";
  case ErrorKind::store_unavailable: return "store_unavailable";
  case ErrorKind::internal: return "internal";
  }
  return "internal";
}

} // namespace jwt
