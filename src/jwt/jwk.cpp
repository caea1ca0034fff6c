#include "jwt/jwk.hpp"

#include "jwt/base64url.hpp"
#include "jwt/json.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <iterator>
#include <set>

namespace jwt {

namespace {

// The operations RFC 7517 §4.3 defines besides "sign" and "verify": none is a signature's.
constexpr std::string_view k_other_key_ops[] = {"encrypt", "decrypt", "wrapKey", "unwrapKey", "deriveKey", "deriveBits"};

// Reads "key_ops" into what the key may do: an array of unique strings; a value RFC 7517 does
// not define is ignored. With "use": "sig", which the two MUST agree with (§4.3), an encryption
// or key-agreement operation is a contradiction. The reason it is refused, else empty.
std::string read_key_ops(const Json& ops, bool use_sig, Key& key)
{
  constexpr std::string_view k_not_strings = R"("key_ops" must be an array of strings)";
  if (!ops.is_array()) {
    return fmt::format("{}, found {}", k_not_strings, json_type_name(ops));
  }
  key.may_sign = false;
  key.may_verify = false;
  std::set<std::string> seen;
  for (const Json& op : ops) {
    if (!op.is_string()) {
      return fmt::format("{}, found {} in it", k_not_strings, json_type_name(op));
    }
    const auto& name = op.get_ref<const std::string&>();
    if (!seen.insert(name).second) {
      return {R"("key_ops" lists a value twice)"};
    }
    if (use_sig && std::find(std::begin(k_other_key_ops), std::end(k_other_key_ops), name) != std::end(k_other_key_ops)) {
      return fmt::format(R"("key_ops" {} contradicts "use" "sig")", util::quote(name));
    }
    key.may_sign = key.may_sign || name == "sign";
    key.may_verify = key.may_verify || name == "verify";
  }
  return {};
}

// An "oct" JWK's secret: "k", strict base64url, not empty. The reason it is refused, else empty.
std::string read_secret(const Json& jwk, Key& key)
{
  const auto k = jwk.find("k");
  if (k == jwk.end() || !k->is_string()) {
    return "no \"k\" member (the key bytes, base64url)";
  }
  auto bytes = base64url_decode(k->get_ref<const std::string&>());
  if (!bytes) {
    // The decoder's message quotes a character of the key: not repeated here.
    return "\"k\" is not strict base64url (no padding, no whitespace, no '+' or '/')";
  }
  if (bytes->empty()) {
    return "\"k\" is empty";
  }
  key.secret = Secret(*bytes);
  wipe(*bytes);
  return {};
}

// The key material of a JWK: an "oct" secret, or an RSA, EC or OKP key (PKey::from_jwk checks
// it). The reason it is refused, else empty.
std::string read_material(const Json& jwk, Key& key)
{
  const auto kty = jwk.find("kty");
  if (kty == jwk.end() || !kty->is_string()) {
    return "no \"kty\" member";
  }
  const auto& type = kty->get_ref<const std::string&>();
  if (type == "oct") {
    return read_secret(jwk, key);
  }
  if (type != "RSA" && type != "EC" && type != "OKP") {
    // The file's values are not quoted back: it may hold a secret where a name was expected.
    return R"(kty (not shown) is not supported: jwtool takes "oct", "RSA", "EC" and "OKP" keys)";
  }
  auto pkey = PKey::from_jwk(jwk);
  if (!pkey) {
    return pkey.error().message;
  }
  key.pkey = std::move(pkey).value();
  return {};
}

// "alg", when present: an algorithm jwtool implements that the key's family can do.
std::string read_alg(const Json& jwk, Key& key)
{
  const auto alg = jwk.find("alg");
  if (alg == jwk.end()) {
    return {};
  }
  const auto parsed = alg->is_string() ? parse_jose_algorithm(alg->get_ref<const std::string&>()) : std::nullopt;
  if (!parsed) {
    return fmt::format(R"("alg" is not one of {})", algorithm_names(AlgorithmSet::every()));
  }
  if (!key.algorithms().contains(*parsed)) {
    return fmt::format(R"("alg" {} is not for {})", algorithm_name(*parsed), key.description());
  }
  key.alg = parsed;
  return {};
}

Result<Key> parse_key(const Json& jwk, const std::string& where)
{
  const auto bad = [&](const std::string& why) {
    return make_error(ErrorKind::invalid_key, fmt::format("{}{}", where, why));
  };
  if (!jwk.is_object()) {
    return bad(fmt::format("a JWK is a JSON object, found {}", json_type_name(jwk)));
  }
  Key key;
  if (auto refused = read_material(jwk, key); !refused.empty()) {
    return bad(refused);
  }
  if (const auto kid = jwk.find("kid"); kid != jwk.end()) {
    if (!kid->is_string()) {
      return bad("\"kid\" must be a string");
    }
    key.kid = kid->get<std::string>();
  }
  if (auto refused = read_alg(jwk, key); !refused.empty()) {
    return bad(refused);
  }
  const auto use = jwk.find("use");
  if (use != jwk.end() && *use != "sig") {
    return bad(R"("use" is not "sig")");
  }
  if (const auto ops = jwk.find("key_ops"); ops != jwk.end()) {
    if (auto refused = read_key_ops(*ops, use != jwk.end(), key); !refused.empty()) {
      return bad(refused);
    }
  }
  return key;
}

// The members that hold private key bytes: "k" (oct), "d" (EC, OKP, RSA) and RSA's CRT members.
bool is_private_member(std::string_view name)
{
  return name == "k" || name == "d" || name == "p" || name == "q" || name == "dp" || name == "dq" || name == "qi";
}

// Overwrites every private member in a parsed JWK document before it is freed.
// NOLINTNEXTLINE(misc-no-recursion): parse_json bounds the depth (k_max_json_depth).
void wipe_key_members(Json& node)
{
  if (node.is_object()) {
    // NOLINTNEXTLINE(readability-qualified-auto): value is written through; const would mislead.
    for (auto& [name, value] : node.items()) {
      if (is_private_member(name) && value.is_string()) {
        wipe(value.get_ref<std::string&>());
      } else {
        wipe_key_members(value);
      }
    }
  } else if (node.is_array()) {
    for (auto& value : node) {
      wipe_key_members(value);
    }
  }
}

Result<KeyRing> read_key_document(const Json& document)
{
  KeyRing ring;
  if (!document.is_object()) {
    return make_error(ErrorKind::invalid_key,
                      fmt::format("not a JWK or JWK Set: expected a JSON object, found {}",
                                  json_type_name(document)));
  }
  const auto keys = document.find("keys");
  if (keys == document.end()) {
    auto key = parse_key(document, "");
    if (!key) {
      return std::move(key).error();
    }
    ring.add(std::move(key).value());
    return ring;
  }
  if (!keys->is_array()) {
    return make_error(ErrorKind::invalid_key, "JWK Set: \"keys\" must be an array");
  }
  if (keys->empty()) {
    return make_error(ErrorKind::invalid_key, "JWK Set: \"keys\" is empty");
  }
  std::set<std::string> kids;
  for (std::size_t i = 0; i < keys->size(); ++i) {
    auto key = parse_key((*keys)[i], fmt::format("JWK Set key {}: ", i + 1));
    if (!key) {
      return std::move(key).error();
    }
    if (!key->kid.empty() && !kids.insert(key->kid).second) {
      return make_error(ErrorKind::invalid_key,
                        fmt::format("JWK Set key {}: kid {} is used twice", i + 1, util::quote(key->kid)));
    }
    ring.add(std::move(key).value());
  }
  return ring;
}

} // namespace

Result<KeyRing> parse_jwk_set(std::string_view json_text)
{
  auto document = parse_json(json_text);
  if (!document) {
    // The parser's message may quote the text, and the text may be a secret given to the wrong
    // flag: only the verdict is kept.
    return make_error(ErrorKind::invalid_key, "not a JWK or JWK Set: the text is not valid JSON");
  }
  auto ring = read_key_document(*document);
  wipe_key_members(*document);
  return ring;
}

} // namespace jwt
