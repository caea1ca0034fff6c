#pragma once

#include "cli/batch.hpp"
#include "cli/check.hpp"

#include "jwt/algorithm.hpp"
#include "jwt/json.hpp"
#include "jwt/signer.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cli {

// verify --batch: one token per line in, one JSON object per line out.
jwt::Status run_verify_batch(const CheckOptions& options,
                             const std::optional<std::string>& expected_type,
                             const BatchOptions& batch);

// decode --batch: the same without a key: header and payload of each token.
jwt::Status run_decode_batch(const BatchOptions& batch, bool quiet);

// issue --batch: one JSON object of claims per line in, one line out per line in, in order: the
// token, or for a refused line an empty line (a JSON object each with `json`), every refused line
// named on standard error. `defaults`
// are the claims the flags give, in order; a line's members replace them and come after.
// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann's noexcept move has an unreachable throw.
struct IssueBatch {
  jwt::Json header;
  jwt::Json defaults;
  bool with_token_id = true;
  bool json = false; // JSON Lines out: {"line": N, "token": ...} or {"line": N, "error": ..., "message": ...}
  const jwt::Signer* signer = nullptr;
};
jwt::Status run_issue_batch(const IssueBatch& issue, const BatchOptions& batch, bool quiet);

// The one rule on the subject of a token jwtool mints, for --sub and each line of issue --batch:
// never empty, a token about nobody. ErrorKind::invalid_argument.
jwt::Status check_subject(std::string_view subject);

} // namespace cli
