#pragma once

#include "jwt/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

// The one token reader of every command that takes a token (verify, refresh, revoke, decode,
// and each --batch line through extract_token). The text is the argument, or standard input
// when the argument is "-" or absent; standard input that is a terminal is not waited on when no
// argument was given: that is a usage error saying what is expected. The token is dug out of the
// text as extract_token does, and each thing taken away is noted on standard error.
jwt::Result<std::string> read_token(const std::optional<std::string>& argument);

// Whether read_token will read standard input for this argument.
bool token_uses_stdin(const std::optional<std::string>& argument);

// The text given for a token, as it was.
jwt::Result<std::string> read_token_text(const std::optional<std::string>& argument);

// A token dug out of what a person pasted: a whole "Authorization: Bearer ..." header line, a
// "Cookie:" header (or its value) holding it, a URL-quoted token, or one in double quotes, with
// whitespace around. `notes` says, one line each, what was taken away. Only one token is ever
// taken: text holding two different tokens (two cookies) is refused (ErrorKind::malformed), and a
// token is taken out of a cookie list only, never out of a URL or a query string.
struct ExtractedToken {
  std::string token;
  std::vector<std::string> notes;
};
jwt::Result<ExtractedToken> extract_token(std::string_view pasted);

// Whether extract_token would return `text` as it is, with no note: nothing but base64url
// characters and dots (the common case of a --batch line, which then needs no copy).
bool is_bare_token(std::string_view text) noexcept;

} // namespace cli
