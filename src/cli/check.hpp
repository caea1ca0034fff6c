#pragma once

#include "cli/options.hpp"

#include "jwt/keys.hpp"
#include "jwt/verify.hpp"

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace cli {

// What verify and refresh share: a token to check, a key, a clock, and the check's knobs.
struct CheckOptions {
  std::optional<std::string> token;
  std::string alg;
  std::string leeway = "0";
  KeyOptions key;
  ClockOptions clock;
  OutputOptions output;
};
void add_check_options(CLI::App& command, CheckOptions& options);

struct CheckedToken {
  jwt::KeyRing keys;
  jwt::NumericDate now;
  jwt::VerifiedToken verified;
};

// Reads the options, the key and the token, and runs the token down the one verification
// road, requiring `expected_type` when given. The first failure is returned.
jwt::Result<CheckedToken> check_token(const CheckOptions& options, const std::optional<std::string>& expected_type);

} // namespace cli
