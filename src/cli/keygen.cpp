#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/render.hpp"

#include "jwt/algorithm.hpp"
#include "jwt/base64url.hpp"
#include "jwt/keys.hpp"
#include "jwt/pkey.hpp"
#include "jwt/random.hpp"
#include "util/io.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fmt/core.h>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace cli {

namespace {

constexpr unsigned k_default_rsa_bits = 3072;
// RFC 7518 §3.3 asks for at least 2048; OpenSSL makes no more than 16384 (PKey::generate_rsa).
constexpr unsigned k_min_rsa_bits = 2048;
constexpr unsigned k_max_rsa_bits = 16384;

// A JWK's key members in the order keygen prints them, after kty, kid, alg and use: those of
// an EC (crv, x, y, d), OKP (crv, x, d), RSA (n, e, d, p, q, dp, dq, qi) or oct (k) key.
constexpr std::string_view k_key_members[] = {"crv", "x", "y", "n", "e", "d", "p", "q", "dp", "dq", "qi", "k"};
// The secret ones among them: overwritten once the key is written.
constexpr std::string_view k_secret_members[] = {"d", "p", "q", "dp", "dq", "qi", "k"};

std::vector<std::string> algorithm_names()
{
  std::vector<std::string> names;
  for (const jwt::Algorithm alg : jwt::k_jose_algorithms) {
    names.emplace_back(jwt::algorithm_name(alg));
  }
  return names;
}

bool is_hmac(jwt::Algorithm alg)
{
  return jwt::algorithm_family(alg) == jwt::AlgorithmFamily::hmac;
}

bool is_rsa(jwt::Algorithm alg)
{
  const jwt::AlgorithmFamily family = jwt::algorithm_family(alg);
  return family == jwt::AlgorithmFamily::rsa_pkcs1 || family == jwt::AlgorithmFamily::rsa_pss;
}

jwt::Error usage_error(std::string message)
{
  return jwt::make_error(jwt::ErrorKind::invalid_argument, std::move(message));
}

// The JWK's text: kty, kid (when not empty), alg, use, then the key's own members in the order
// of k_key_members, moved out of `key_members` (no copy of them is made) and overwritten once
// the text is made.
std::string jwk_text(jwt::Json& key_members, std::string_view kty, const std::string& kid, jwt::Algorithm alg)
{
  jwt::Json jwk = jwt::Json::object();
  jwk["kty"] = kty;
  if (!kid.empty()) {
    jwk["kid"] = kid;
  }
  jwk["alg"] = jwt::algorithm_name(alg);
  jwk["use"] = "sig";
  for (const std::string_view member : k_key_members) {
    const std::string name(member);
    if (key_members.contains(name)) {
      jwk[name] = std::move(key_members[name]);
    }
  }
  std::string text = jwt::write_json_pretty(jwk);
  text += '\n';
  for (const std::string_view member : k_secret_members) {
    const auto found = jwk.find(std::string(member));
    if (found != jwk.end() && found->is_string()) {
      jwt::wipe(found->get_ref<std::string&>());
    }
  }
  return text;
}

class KeygenCommand final : public Command
{
public:
  explicit KeygenCommand(CLI::App& command)
  {
    CLI::App* cmd = &command;
    cmd->add_option("--alg", m_alg, "The algorithm the key is for (default HS256); an HMAC key is as long as its hash")
      ->type_name("ALG")
      ->check(CLI::IsMember(algorithm_names()));
    m_bits_option = cmd->add_option("--bits", m_bits, "RSA only: the size of the modulus (default 3072, at least 2048)")
                      ->type_name("BITS");
    m_curve_option = cmd->add_option("--curve", m_curve, "EdDSA only: the curve, Ed25519 (the default) or Ed448")
                       ->type_name("CURVE")
                       ->check(CLI::IsMember({"Ed25519", "Ed448"}));
    cmd->add_option("--kid", m_kid, "With --format jwk: the key's kid (default for RSA, EC, EdDSA: its thumbprint)")
      ->type_name("KID");
    cmd->add_option("--format",
                    m_format,
                    "How the key is written (default: raw for HMAC, pem otherwise): pem (PKCS#8) or jwk, "
                    "for HMAC also raw bytes or base64url text")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"raw", "base64url", "jwk", "pem"}));
    cmd->add_option("--out", m_out, "Write the key to PATH, a new file of mode 0600, not to standard output")
      ->type_name("PATH");
    cmd->footer(R"TXT(An HMAC key is random bytes from OpenSSL's RAND_bytes, as long as the algorithm's hash. A raw
key never ends in a newline byte, so that --secret-file (which drops one) reads it whole; raw
bytes are not written to a terminal. An RSA, EC or EdDSA key is a private key (PEM: PKCS#8
"PRIVATE KEY"; JWK: kid, alg, "use": "sig" and its private members, kid its RFC 7638 thumbprint
unless --kid is given). --out never replaces an existing file and never leaves half a key.

Examples:
  jwtool keygen --out key.bin && jwtool issue --sub alice --secret-file key.bin
  jwtool keygen --alg HS512 --format jwk --kid 2024-05 > key.jwk
  JWTOOL_SECRET=$(jwtool keygen --format base64url) jwtool issue --sub ci --secret-encoding base64url
  jwtool keygen --alg RS256 --out app.pem
  jwtool keygen --alg ES256 --format jwk
  jwtool keygen --alg EdDSA --curve Ed448 --out ed448.pem)TXT");
  }

  jwt::Status run() override
  {
    const jwt::Algorithm alg = jwt::parse_jose_algorithm(m_alg).value_or(jwt::Algorithm::hs256);
    if (m_format.empty()) {
      m_format = is_hmac(alg) ? "raw" : "pem";
    }
    if (auto checked = check_flags(alg); !checked) {
      return checked;
    }
    auto text = is_hmac(alg) ? hmac_key_text(alg) : private_key_text(alg);
    if (!text) {
      return std::move(text).error();
    }
    jwt::Status written = m_out.empty() ? write_to_stdout(*text) : write_to_file(*text);
    jwt::wipe(*text);
    return written;
  }

private:
  // Every refusal before a key is made: a flag the algorithm has no use for, a format it is
  // not written in, raw bytes for a terminal, an --out that is taken.
  jwt::Status check_flags(jwt::Algorithm alg) const
  {
    if (auto checked = check_key_flags(alg); !checked) {
      return checked;
    }
    if (auto checked = check_format(alg); !checked) {
      return checked;
    }
    if (m_out.empty() && m_format == "raw" && util::is_terminal(STDOUT_FILENO)) {
      return usage_error("raw key bytes would garble the terminal: redirect them to a file, "
                         "or use --format base64url or --format jwk");
    }
    if (!m_out.empty() && util::path_exists(m_out)) {
      return already_exists();
    }
    return jwt::Ok{};
  }

  jwt::Status check_key_flags(jwt::Algorithm alg) const
  {
    if (m_bits_option->count() > 0) {
      if (!is_rsa(alg)) {
        return usage_error(fmt::format("--bits applies to the RSA algorithms only (RS*, PS*), not {}", m_alg));
      }
      if (m_bits < k_min_rsa_bits || m_bits > k_max_rsa_bits) {
        return usage_error(fmt::format("--bits: an RSA key has {} to {} bits (RFC 7518 §3.3: at least {}), not {}",
                                       k_min_rsa_bits,
                                       k_max_rsa_bits,
                                       k_min_rsa_bits,
                                       m_bits));
      }
    }
    if (m_curve_option->count() > 0 && alg != jwt::Algorithm::eddsa) {
      return usage_error(fmt::format("--curve applies to --alg EdDSA only: {} {}",
                                     m_alg,
                                     jwt::ecdsa_curve(alg) ? "has one curve of its own" : "uses no curve"));
    }
    return jwt::Ok{};
  }

  jwt::Status check_format(jwt::Algorithm alg) const
  {
    if (is_hmac(alg) && m_format == "pem") {
      return usage_error(
        fmt::format("--format pem is for RSA, EC and EdDSA keys: {} keys are written as raw, base64url or jwk", m_alg));
    }
    if (!is_hmac(alg) && (m_format == "raw" || m_format == "base64url")) {
      return usage_error(fmt::format("--format {} is for HMAC keys: {} keys are written as pem or jwk", m_format, m_alg));
    }
    if (!m_kid.empty() && m_format != "jwk") {
      return usage_error("--kid applies to --format jwk only");
    }
    return jwt::Ok{};
  }

  jwt::Result<std::string> hmac_key_text(jwt::Algorithm alg) const
  {
    auto bytes = jwt::random_bytes(jwt::digest_size(alg));
    if (!bytes) {
      return std::move(bytes).error();
    }
    // A final '\n' would be dropped by --secret-file; draw that byte again until it is not one.
    while (m_format == "raw" && bytes->back() == '\n') {
      auto last = jwt::random_bytes(1);
      if (!last) {
        jwt::wipe(*bytes);
        return std::move(last).error();
      }
      bytes->back() = last->front();
    }
    if (m_format == "raw") {
      return std::move(*bytes);
    }
    std::string encoded = jwt::base64url_encode(*bytes);
    jwt::wipe(*bytes);
    if (m_format == "base64url") {
      return encoded + '\n';
    }
    jwt::Json members = jwt::Json::object();
    members["k"] = std::move(encoded);
    return jwk_text(members, "oct", m_kid, alg);
  }

  jwt::Result<std::string> private_key_text(jwt::Algorithm alg) const
  {
    auto key = generate(alg);
    if (!key) {
      return std::move(key).error();
    }
    if (m_format == "pem") {
      return key->private_pem();
    }
    auto members = key->private_jwk();
    if (!members) {
      return std::move(members).error();
    }
    const std::string kid = m_kid.empty() ? key->thumbprint() : m_kid;
    return jwk_text(*members, jwt::key_type_name(key->type()), kid, alg);
  }

  jwt::Result<jwt::PKey> generate(jwt::Algorithm alg) const
  {
    if (is_rsa(alg)) {
      return jwt::PKey::generate_rsa(m_bits_option->count() > 0 ? m_bits : k_default_rsa_bits);
    }
    if (const auto curve = jwt::ecdsa_curve(alg)) {
      return jwt::PKey::generate(*curve);
    }
    return jwt::PKey::generate(jwt::parse_curve(m_curve).value_or(jwt::Curve::ed25519));
  }

  static jwt::Status write_to_stdout(std::string_view text)
  {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
      return jwt::make_error(jwt::ErrorKind::io, "cannot write the key to standard output");
    }
    return jwt::Ok{};
  }

  // The path is not named in messages: a key flag's value is never echoed.
  jwt::Status write_to_file(std::string_view text) const
  {
    const util::NewFileResult written = util::write_new_private_file(m_out, text);
    switch (written.status) {
    case util::NewFileStatus::written: return jwt::Ok{};
    case util::NewFileStatus::exists: return already_exists();
    case util::NewFileStatus::failed: break;
    }
    return jwt::make_error(jwt::ErrorKind::io, fmt::format("--out: cannot write the key file: {}", written.error));
  }

  static jwt::Error already_exists()
  {
    return usage_error("--out: the file already exists (keygen never replaces a file)");
  }

  std::string m_alg = "HS256";
  unsigned m_bits = k_default_rsa_bits;
  std::string m_curve = "Ed25519";
  std::string m_kid;
  std::string m_format; // empty: raw for HMAC, pem for the others
  std::string m_out;
  CLI::Option* m_bits_option = nullptr;
  CLI::Option* m_curve_option = nullptr;
};

} // namespace

std::unique_ptr<Command> make_keygen_command(CLI::App& command)
{
  return std::make_unique<KeygenCommand>(command);
}

} // namespace cli
