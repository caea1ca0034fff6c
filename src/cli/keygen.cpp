#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/render.hpp"

#include "jwt/base64url.hpp"
#include "jwt/keys.hpp"
#include "jwt/random.hpp"
#include "util/io.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fmt/core.h>
#include <unistd.h>

namespace cli {

namespace {

class KeygenCommand final : public Command
{
public:
  explicit KeygenCommand(CLI::App& app)
  {
    CLI::App* cmd = app.add_subcommand("keygen", "Print a new random HMAC key of the right length for its algorithm");
    cmd->add_option("--alg", m_alg, "The algorithm the key is for: 32, 48 or 64 bytes (default HS256)")
                     ->type_name("ALG")
                     ->check(CLI::IsMember({"HS256", "HS384", "HS512"}));
    cmd->add_option("--kid", m_kid, "With --format jwk: the key's kid")->type_name("KID");
    cmd->add_option("--format", m_format, "raw bytes (for --secret-file), base64url text, or a JWK (for --jwks)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"raw", "base64url", "jwk"}))
      ->capture_default_str();
    cmd->footer(R"TXT(The key comes from OpenSSL's RAND_bytes. A raw key never ends in a newline byte, so that
--secret-file (which drops one) reads it whole; raw bytes are not written to a terminal.

Examples:
  jwtool keygen > key.bin && jwtool issue --sub alice --secret-file key.bin
  jwtool keygen --alg HS512 --format jwk --kid 2024-05 > key.jwk
  JWTOOL_SECRET=$(jwtool keygen --format base64url) jwtool issue --sub ci --secret-encoding base64url)TXT");
  }

  jwt::Status run() override
  {
    if (!m_kid.empty() && m_format != "jwk") {
      return jwt::make_error(jwt::ErrorKind::invalid_argument, "--kid applies to --format jwk only");
    }
    if (m_format == "raw" && util::is_terminal(STDOUT_FILENO)) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             "raw key bytes would garble the terminal: redirect them to a file, "
                             "or use --format base64url or --format jwk");
    }
    const jwt::Algorithm alg = algorithm_from_flag(m_alg);
    auto bytes = jwt::random_bytes(jwt::digest_size(alg));
    if (!bytes) {
      return std::move(bytes).error();
    }
    // A final '\n' would be dropped by --secret-file; draw that byte again until it is not one.
    while (m_format == "raw" && bytes->back() == '\n') {
      auto last = jwt::random_bytes(1);
      if (!last) {
        return std::move(last).error();
      }
      bytes->back() = last->front();
    }
    const jwt::Secret key(*bytes);
    jwt::wipe(*bytes);
    return write_key(key, alg);
  }

private:
  jwt::Status write_key(const jwt::Secret& key, jwt::Algorithm alg) const
  {
    if (m_format == "raw") {
      const std::string_view raw = key.view();
      if (std::fwrite(raw.data(), 1, raw.size(), stdout) != raw.size() || std::fflush(stdout) != 0) {
        return jwt::make_error(jwt::ErrorKind::io, "cannot write the key to standard output");
      }
      return jwt::Ok{};
    }
    std::string text = jwt::base64url_encode(key.view());
    if (m_format == "base64url") {
      print_line(text);
    } else {
      jwt::Json jwk = jwt::Json::object();
      jwk["kty"] = "oct";
      if (!m_kid.empty()) {
        jwk["kid"] = m_kid;
      }
      jwk["alg"] = jwt::algorithm_name(alg);
      jwk["use"] = "sig";
      jwk["k"] = text;
      print_json(jwk);
      jwt::wipe(jwk["k"].get_ref<std::string&>());
    }
    jwt::wipe(text);
    return jwt::Ok{};
  }

  std::string m_alg = "HS256";
  std::string m_kid;
  std::string m_format = "raw";
};

} // namespace

std::unique_ptr<Command> make_keygen_command(CLI::App& app)
{
  return std::make_unique<KeygenCommand>(app);
}

} // namespace cli
