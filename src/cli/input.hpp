#pragma once

#include "jwt/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

// The token given on the command line: the argument, or standard input when the argument
// is "-" or absent. Surrounding whitespace and a leading "Bearer " (any case, as in an
// Authorization header) are removed. Standard input that is a terminal is not waited on
// when no argument was given: that is a usage error saying what is expected.
jwt::Result<std::string> read_token(const std::optional<std::string>& argument);

// Whether read_token will read standard input for this argument.
bool token_uses_stdin(const std::optional<std::string>& argument);

// Removes whitespace and an HTTP "Bearer" scheme around a token.
std::string clean_token_text(std::string_view text);

// The text given for a token, as it was: for decode, which digs the token out itself.
jwt::Result<std::string> read_token_text(const std::optional<std::string>& argument);

// A token dug out of what a person pasted: a whole "Authorization: Bearer ..." header line, a
// "Cookie:" header (value) holding it, a URL-quoted token, or one in double quotes. `notes`
// says, one line each, what was taken away.
struct ExtractedToken {
  std::string token;
  std::vector<std::string> notes;
};
ExtractedToken extract_token(std::string_view pasted);

} // namespace cli
