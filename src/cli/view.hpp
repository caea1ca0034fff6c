#pragma once

#include "cli/options.hpp"

#include "jwt/error.hpp"
#include "jwt/json.hpp"
#include "jwt/keys.hpp"
#include "jwt/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cli {

// Whether to colour: --color always / never, or (auto) when standard output is a terminal,
// NO_COLOR is unset or empty, and TERM is not "dumb" (https://no-color.org).
bool use_colour(const OutputOptions& options);

// The one output rule of the commands that show a token (verify, decode): the view for a person
// when standard output is a terminal, or with --color always (as for `| less -R`); JSON for
// scripts otherwise (a pipe, $(...), a file), and always with --json. --quiet shows nothing.
bool wants_view(const OutputOptions& options);

// The view for a person at a terminal: one status line (VALID, EXPIRED 1d ago, BAD SIGNATURE,
// NOT VERIFIED (decode), ...), warnings under it, then header and payload as indented JSON and
// the time claims as number, UTC date and a relative phrase.
enum class Tone { good, bad, caution }; // green, red, yellow
struct TokenView {
  std::string status;
  Tone tone = Tone::bad;
  std::vector<std::string> warnings;
  std::string key;                   // the key that verified the token (key_summary); empty: none did
  const jwt::Json* header = nullptr; // absent when the token could not be read
  const jwt::Json* claims = nullptr;
};
void print_view(const TokenView& view, jwt::NumericDate now, bool colour);

// The key for people: "RSA 2048-bit (kid "k1")", "EC P-256 (RFC 7638 thumbprint ...)", "HMAC
// secret, 32 bytes". Never a byte of the key.
std::string key_summary(const jwt::Key& key);

// The status line for a failure: "EXPIRED 3h ago", "BAD SIGNATURE", "MALFORMED", ...
std::string failure_status(const jwt::Error& error, const jwt::Json* claims, jwt::NumericDate now);

// What a person should know about a token whatever its verdict: no exp, iat in the future,
// an unknown typ, an algorithm jwtool never accepts.
std::vector<std::string> token_warnings(const jwt::Json& header, const jwt::Json& claims, jwt::NumericDate now);

} // namespace cli
