#pragma once

#include "jwt/error.hpp"

#include <string>
#include <string_view>

namespace cli {

// The exit codes are a contract with scripts: never renumber, only add.
enum class ExitCode : int {
  success = 0,
  rejected = 1,      // malformed, bad signature, algorithm not allowed, claim mismatch
  usage = 2,         // usage or input error
  expired = 3,
  wrong_type = 4,
  not_yet_valid = 5, // nbf or iat in the future
  revoked = 6,       // revoked, or a spent refresh token presented again (reuse)
};

ExitCode exit_code_for(jwt::ErrorKind kind) noexcept;

// The table as printed by `jwtool --help` and promised by the README and the man page.
std::string exit_code_table();

} // namespace cli
