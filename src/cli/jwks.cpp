#include "cli/jwks.hpp"

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/render.hpp"

#include "jwt/keys.hpp"
#include "jwt/pkey.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/core.h>
#include <map>
#include <string>
#include <vector>

namespace cli {

jwt::Json public_entry(const jwt::Key& key, const std::string& kid)
{
  const jwt::Json members = key.pkey->public_jwk();
  jwt::Json entry = jwt::Json::object();
  entry["kty"] = members.at("kty");
  entry["kid"] = kid;
  entry["alg"] = jwt::algorithm_name(key.alg.value_or(key.pkey->default_algorithm()));
  entry["use"] = "sig";
  for (const char* name : {"crv", "n", "e", "x", "y"}) {
    if (const auto member = members.find(name); member != members.end()) {
      entry[name] = *member;
    }
  }
  return entry;
}

jwt::Json public_key_set(const jwt::KeyRing& keys)
{
  jwt::Json entries = jwt::Json::array();
  for (const jwt::Key& key : keys.keys()) {
    if (key.pkey) {
      entries.push_back(public_entry(key, key.header_kid()));
    }
  }
  jwt::Json set = jwt::Json::object();
  set["keys"] = std::move(entries);
  return set;
}

namespace {

// One file named on the command line, in the order given.
struct KeySource {
  bool is_jwks = false;
  std::string path;
  std::string name; // for messages: "--key", or "--key #2" when the flag is given several times
};

class JwksCommand final : public Command
{
public:
  explicit JwksCommand(CLI::App& command) : m_command(&command)
  {
    m_key_option = m_command
                     ->add_option("--key",
                                  m_key_files,
                                  "A PEM or DER key (private, public, or an X.509 certificate) in PATH ('-' for "
                                  "standard input); repeatable")
                     ->allow_extra_args(false)
                     ->type_name("PATH")
                     ->group("Key");
    m_jwks_option = m_command
                      ->add_option("--jwks",
                                   m_jwks_files,
                                   "A JWK or JWK Set in PATH ('-' for standard input), private or public; its HMAC "
                                   "keys are left out; repeatable")
                      ->allow_extra_args(false)
                      ->type_name("PATH")
                      ->group("Key");
    m_command->footer(R"TXT(Prints {"keys": [...]} on standard output, the keys in the order given: for each RSA, EC or
OKP key, its public members only, "kid" (the JWK's own, else the RFC 7638 thumbprint, which
'jwtool issue --key' puts in a token's header), "alg" (the JWK's own, else RS256 for RSA, the
curve's ES256, ES384, ES512 or ES256K for EC, EdDSA for OKP) and "use": "sig". HMAC ("oct") keys
are never printed: a note on standard error says how many were left out. Exit 2 when nothing is
left to publish or two keys have the same kid. The keys come from the flags only:
$JWTOOL_KEY_FILE and the other key variables are not read.

Examples:
  jwtool jwks --key app.pem > /var/www/.well-known/jwks.json
  jwtool jwks --key 2024-11.pem --key 2025-05.pem > jwks.json   # old and new key while rotating
  jwtool jwks --jwks keys.json | jq -r '.keys[].kid')TXT");
  }

  jwt::Status run() override
  {
    const std::vector<KeySource> sources = sources_in_order();
    if (sources.empty()) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             "no key: give --key PATH or --jwks PATH (jwks reads no environment variable)");
    }
    if (std::count_if(sources.begin(), sources.end(), [](const KeySource& source) { return names_stdin(source.path); })
        > 1) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             "standard input can carry one key file only: give the others as files");
    }
    for (const KeySource& source : sources) {
      if (auto added = source.is_jwks ? add_jwks_file(source) : add_key_file(source); !added) {
        return added;
      }
    }
    if (m_entries.empty()) {
      return jwt::make_error(jwt::ErrorKind::invalid_key,
                             fmt::format("nothing to publish: {} HMAC (\"oct\"), and HMAC keys are never "
                                         "printed; jwks publishes RSA, EC and OKP keys",
                                         m_left_out == 1 ? "the key given is" : "the keys given are all"));
    }
    if (m_left_out > 0) {
      print_note(fmt::format("{} HMAC (\"oct\") key{} left out: HMAC keys are secret, never published",
                             m_left_out,
                             m_left_out == 1 ? "" : "s"));
    }
    jwt::Json set = jwt::Json::object();
    set["keys"] = std::move(m_entries);
    print_json(set);
    return jwt::Ok{};
  }

private:
  // The --key and --jwks paths, interleaved as on the command line.
  std::vector<KeySource> sources_in_order() const
  {
    std::vector<KeySource> sources;
    std::size_t next_key = 0;
    std::size_t next_jwks = 0;
    for (const CLI::Option* option : m_command->parse_order()) {
      const bool is_jwks = option == m_jwks_option;
      if (!is_jwks && option != m_key_option) {
        continue;
      }
      const std::vector<std::string>& paths = is_jwks ? m_jwks_files : m_key_files;
      std::size_t& next = is_jwks ? next_jwks : next_key;
      if (next < paths.size()) {
        const std::string flag = is_jwks ? "--jwks" : "--key";
        sources.push_back(
          KeySource{is_jwks, paths[next], paths.size() == 1 ? flag : fmt::format("{} #{}", flag, next + 1)});
        ++next;
      }
    }
    return sources;
  }

  jwt::Status add_key_file(const KeySource& source)
  {
    auto key = load_key_file(source.name, source.path);
    if (!key) {
      return std::move(key).error();
    }
    return add(*key, source.name);
  }

  jwt::Status add_jwks_file(const KeySource& source)
  {
    auto ring = load_jwks_file(source.name, source.path);
    if (!ring) {
      return std::move(ring).error();
    }
    const std::vector<jwt::Key>& keys = ring->keys();
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const std::string origin = keys.size() == 1 ? source.name : fmt::format("{} key {}", source.name, i + 1);
      if (auto added = add(keys[i], origin); !added) {
        return added;
      }
    }
    return jwt::Ok{};
  }

  // Adds the public half of `key`, which came from `origin`; an HMAC key is counted, not added.
  jwt::Status add(const jwt::Key& key, const std::string& origin)
  {
    if (!key.pkey) {
      ++m_left_out;
      return jwt::Ok{};
    }
    const std::string kid = key.header_kid();
    if (const auto [first, inserted] = m_kids.emplace(kid, origin); !inserted) {
      return jwt::make_error(jwt::ErrorKind::invalid_key,
                             fmt::format("{} and {} have the same kid {}: a verifier could not tell them apart "
                                         "(the same key given twice?)",
                                         first->second,
                                         origin,
                                         util::quote(kid)));
    }
    // Verifiers that follow RFC 7518 §3.3 refuse such a key: worth knowing before publishing it.
    if (const std::string weakness = key.weakness(key.pkey->default_algorithm()); !weakness.empty()) {
      print_warning(fmt::format("{}: {}", origin, weakness));
    }
    m_entries.push_back(public_entry(key, kid));
    return jwt::Ok{};
  }

  CLI::App* m_command = nullptr;
  CLI::Option* m_key_option = nullptr;
  CLI::Option* m_jwks_option = nullptr;
  std::vector<std::string> m_key_files;
  std::vector<std::string> m_jwks_files;
  jwt::Json m_entries = jwt::Json::array();
  std::map<std::string, std::string> m_kids; // kid -> where its key came from
  std::size_t m_left_out = 0;                // HMAC keys
};

} // namespace

std::unique_ptr<Command> make_jwks_command(CLI::App& command)
{
  return std::make_unique<JwksCommand>(command);
}

} // namespace cli
