#pragma once

#include "jwt/algorithm.hpp"
#include "jwt/error.hpp"
#include "jwt/keys.hpp"
#include "jwt/time.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cli {

// Where the key comes from: one of --secret, --secret-file, --jwks, --key (CLI11 refuses two),
// else one of $JWTOOL_SECRET, $JWTOOL_SECRET_FILE, $JWTOOL_KEY_FILE (two set is an error). A
// flag wins over the environment, so a job's exported secret never blocks an explicit choice.
struct KeyOptions {
  std::optional<std::string> secret; // the value itself: visible to other processes, so warned about
  std::string secret_file; // a path, or "-" for standard input
  std::string jwks;        // a JWK or JWK Set file, or "-" for standard input
  std::string key_file;    // a PEM or DER key or certificate, or "-" for standard input
  // Keys over HTTPS (verify, revoke; cli/remote_keys.hpp): --jwks URL, or --oidc-issuer.
  std::string oidc_issuer; // the provider whose discovery document names the keys
  std::string cacert;      // CAs trusted instead of the system's
  bool offline = false;    // the cache only
  bool no_cache = false;   // neither read nor write the cache
  std::string encoding;    // raw (default), base64 or base64url: how a secret is written
  bool allow_weak_key = false;
};

// Commands that mint also take --allow-weak-key.
enum class KeyUse { verify, mint };
void add_key_options(CLI::App& command, KeyOptions& options, KeyUse use);

// The key ring for this call; ErrorKind::invalid_key when there is no key, two sources or an
// unusable key, ErrorKind::io when a file cannot be read.
jwt::Result<jwt::KeyRing> load_keys(const KeyOptions& options);

// One key file of a command that gathers several (jwks), read as load_keys reads --key PATH
// (a PEM or DER key or certificate) or --jwks PATH (a JWK or JWK Set). `source` names the flag
// in errors ("--key", "--key #2"); the path never appears in them.
jwt::Result<jwt::Key> load_key_file(const std::string& source, const std::string& path);
jwt::Result<jwt::KeyRing> load_jwks_file(const std::string& source, const std::string& path);

// True when `path` is "-" or names the file open on standard input (/dev/stdin, /dev/fd/0, ...).
bool names_stdin(const std::string& path);

// True when the key is to be read from standard input.
bool key_uses_stdin(const KeyOptions& options);

// Refuses a key that may not sign (a public key, "key_ops" without "sign": ErrorKind::invalid_key),
// and a key too weak for `alg` (RFC 7518 §3.2, §3.3) unless --allow-weak-key (ErrorKind::weak_key).
jwt::Status check_minting_key(const KeyOptions& options, const jwt::Key& key, jwt::Algorithm alg);

struct ClockOptions {
  std::string now; // empty: the real clock
};
void add_clock_options(CLI::App& command, ClockOptions& options);

// The instant this call works at: --now if given (absolute, or an offset from the real
// clock), else the real clock. The only place the CLI reads the wall clock.
jwt::Result<jwt::NumericDate> resolve_now(const ClockOptions& options);

struct OutputOptions {
  bool json = false;
  bool quiet = false;
  std::string colour = "auto"; // --color: auto, always or never
};
void add_json_option(CLI::App& command, OutputOptions& options);
void add_quiet_option(CLI::App& command, OutputOptions& options);
void add_colour_option(CLI::App& command, OutputOptions& options);

// Every algorithm name --alg takes, in jwtool's order.
const std::vector<std::string>& algorithm_flag_values();

// --alg with every algorithm's name; `what` completes its help text.
void add_alg_option(CLI::App& command, std::string& alg, const std::string& what);

// A flag value checked by CLI11 to be one of algorithm_flag_values().
jwt::Algorithm algorithm_from_flag(const std::string& name);

// A duration flag: `flag` names it in the error ("--ttl: invalid duration ...").
enum class ZeroDuration { allowed, refused };
jwt::Result<std::chrono::seconds> duration_from_flag(const std::string& flag,
                                                     const std::string& text,
                                                     ZeroDuration zero);

// A file a flag names ("-": standard input), read whole within `limit` bytes. Errors name the
// path unless it is hidden. With an idle timeout (key files), the read gives up when no byte
// came for that long (ErrorKind::io), except from a terminal.
enum class PathInMessages { shown, hidden };
// How long a secret's file (a key, the store's password) may send nothing before jwtool gives up:
// a FIFO that nobody writes to must not hang a script.
constexpr std::chrono::seconds k_key_file_idle_timeout{10};
jwt::Result<std::string> read_flag_file(std::string_view flag,
                                        const std::string& path,
                                        std::size_t limit,
                                        PathInMessages shown = PathInMessages::shown,
                                        std::optional<std::chrono::seconds> idle_timeout = std::nullopt);

} // namespace cli
