#pragma once

#include "jwt/algorithm.hpp"
#include "jwt/error.hpp"
#include "jwt/keys.hpp"
#include "jwt/time.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace cli {

// Where the key comes from. One source is used: --secret-file or --jwks if given (not both),
// else $JWTOOL_SECRET.
struct KeyOptions {
  std::string secret_file; // a path, or "-" for standard input
  std::string jwks;        // a JWK or JWK Set file, or "-" for standard input
};
void add_key_options(CLI::App& command, KeyOptions& options);

// The key ring for this call; ErrorKind::invalid_key when there is no key or it is empty,
// ErrorKind::io when the file cannot be read.
jwt::Result<jwt::KeyRing> load_keys(const KeyOptions& options);

// True when the key is to be read from standard input.
bool key_uses_stdin(const KeyOptions& options);

struct ClockOptions {
  std::string now; // empty: the real clock
};
void add_clock_options(CLI::App& command, ClockOptions& options);

// The instant this call works at: --now if given (absolute, or an offset from the real
// clock), else the real clock. The only place the CLI reads the wall clock.
jwt::Result<jwt::NumericDate> resolve_now(const ClockOptions& options);

struct OutputOptions {
  bool json = false;
};
void add_json_option(CLI::App& command, OutputOptions& options);

// --alg with the three HMAC names; `what` completes its help text.
void add_alg_option(CLI::App& command, std::string& alg, const std::string& what);

// A flag value checked by CLI11 to be one of the three names.
jwt::Algorithm algorithm_from_flag(const std::string& name);

// A duration flag: `flag` names it in the error ("--ttl: invalid duration ...").
enum class ZeroDuration { allowed, refused };
jwt::Result<std::chrono::seconds> duration_from_flag(const std::string& flag,
                                                     const std::string& text,
                                                     ZeroDuration zero);

} // namespace cli
