#pragma once

#include "jwt/error.hpp"
#include "jwt/json.hpp"
#include "jwt/time.hpp"

#include <chrono>
#include <optional>
#include <string_view>

namespace cli {

// How much this process says: with quiet, nothing at all (the exit code tells); set once by
// main for the command that runs.
void set_quiet(bool quiet);

// Data goes to standard output, messages to standard error, each line whole.
void print_line(std::string_view text);
void print_json(const jwt::Json& value);
void print_warning(std::string_view message);
void print_note(std::string_view message);
// "jwtool: <message>" on standard error: how a long job went (a batch's summary).
void print_status(std::string_view message);

// The one shape of an error: "jwtool: <message>" on standard error and, with --json, also
// {"error": <kind>, "message": ...} on standard output; the message made printable first.
void report_error(const jwt::Error& error, bool json);

// The token response of RFC 6749 §5.1 that issue --type pair and refresh print:
// {"access_token", "refresh_token" (when there is one), "token_type": "bearer", "expires_in"}.
void print_token_response(std::string_view access_token, std::optional<std::string_view> refresh_token,
                          std::chrono::seconds expires_in);

// The claim `name` as a script wants it (SUB=$(jwtool verify --claim-value sub ...)): a string
// as it is, anything else as compact JSON. At a terminal, control characters (C0 with newline
// and tab, DEL, C1) are shown as \xNN escapes of their bytes (ESC as \x1b, U+009B as \xc2\x9b).
// ErrorKind::missing_claim when there is none; ErrorKind::invalid_claim for a string holding a
// control character, unless `raw` (--raw) asks for it as it is.
jwt::Status print_claim_value(const jwt::Json& claims, const std::string& name, bool raw);


} // namespace cli
