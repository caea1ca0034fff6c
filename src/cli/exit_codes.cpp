#include "cli/exit_codes.hpp"

#include <fmt/core.h>

namespace cli {

ExitCode exit_code_for(jwt::ErrorKind kind) noexcept
{
  using jwt::ErrorKind;
  // No default: a new ErrorKind must be given its exit code here (-Wswitch).
  switch (kind) {
  case ErrorKind::malformed:
  case ErrorKind::unsupported_header:
  case ErrorKind::alg_not_allowed:
  case ErrorKind::key_not_found:
  case ErrorKind::bad_signature:
  case ErrorKind::not_a_claims_set:
  case ErrorKind::invalid_claim:
  case ErrorKind::missing_claim:
  case ErrorKind::iss_mismatch:
  case ErrorKind::sub_mismatch:
  case ErrorKind::aud_mismatch:
  case ErrorKind::unknown_session: return ExitCode::rejected;
  case ErrorKind::expired:
  case ErrorKind::max_age_exceeded: return ExitCode::expired;
  case ErrorKind::wrong_type: return ExitCode::wrong_type;
  case ErrorKind::not_yet_valid:
  case ErrorKind::issued_in_future: return ExitCode::not_yet_valid;
  case ErrorKind::revoked:
  case ErrorKind::reuse_detected: return ExitCode::revoked;
  case ErrorKind::invalid_key:
  case ErrorKind::weak_key:
  case ErrorKind::invalid_argument:
  case ErrorKind::io:
  case ErrorKind::store_unavailable:
  case ErrorKind::internal: return ExitCode::usage;
  }
  return ExitCode::usage;
}

std::string exit_code_table()
{
  struct Row {
    ExitCode code;
    std::string_view meaning;
  };
  constexpr Row k_rows[] = {
    {ExitCode::success, "success"},
    {ExitCode::rejected, "token rejected: malformed, bad signature, algorithm not allowed, claim mismatch; unknown session to revoke"},
    {ExitCode::usage, "usage or input error: unknown flag, missing key, unreadable file, bad duration, store unavailable"},
    {ExitCode::expired, "token expired (or older than --max-age)"},
    {ExitCode::wrong_type, "wrong token type (an access token given to refresh, or --type not matching)"},
    {ExitCode::not_yet_valid, "token not yet valid (nbf / iat in the future)"},
    {ExitCode::revoked, "token revoked (with a store), or a spent refresh token reused: its session is revoked"},
  };
  std::string out;
  for (const Row& row : k_rows) {
    out += fmt::format("  {}  {}\n", static_cast<int>(row.code), row.meaning);
  }
  return out;
}

} // namespace cli
