// parse_jwk_set: a JWK or JWK Set read from any text. What it accepts is a non-empty ring of
// non-empty keys, each the base64url "k" of its JWK, with no kid twice; what it refuses it
// refuses with invalid_key and a message that never depends on the key bytes: replacing every
// "k" value with a stand-in that is just as valid (or invalid) gives the very same message, so
// no key byte can be in it.

#include "jwt/base64url.hpp"
#include "jwt/json.hpp"
#include "jwt/jwk.hpp"
#include "jwt/keys.hpp"

#include "fuzz_check.hpp"

#include <set>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string describe(const jwt::Result<jwt::KeyRing>& result)
{
  return result.ok() ? std::string("accepted") : result.error().message;
}

// A "k" value that parse_key judges as it judges `value`: empty, strict base64url of some
// bytes, or not base64url.
std::string stand_in(const std::string& value)
{
  if (value.empty()) {
    return value;
  }
  return jwt::base64url_decode(value).ok() ? "AA" : "!";
}

// Every "k" string member, at any depth, replaced by its stand-in.
void mask_keys(jwt::Json& node)
{
  if (node.is_object()) {
    for (auto& [name, value] : node.items()) {
      if (name == "k" && value.is_string()) {
        value = stand_in(value.get_ref<const std::string&>());
      } else {
        mask_keys(value);
      }
    }
  } else if (node.is_array()) {
    for (auto& value : node) {
      mask_keys(value);
    }
  }
}

// For text that is not JSON: each `"k": "<base64url characters>"` of 8 characters or more
// rewritten in place with other base64url characters of the same length and the same validity,
// so the JSON reader sees the same tokens at the same offsets.
std::string mask_key_text(std::string_view text)
{
  std::string out(text);
  const auto skip_space = [&](std::size_t pos) {
    while (pos < out.size() && (out[pos] == ' ' || out[pos] == '\t' || out[pos] == '\n' || out[pos] == '\r')) {
      ++pos;
    }
    return pos;
  };
  for (std::size_t at = out.find("\"k\""); at != std::string::npos; at = out.find("\"k\"", at + 1)) {
    std::size_t pos = skip_space(at + 3);
    if (pos >= out.size() || out[pos] != ':') {
      continue;
    }
    pos = skip_space(pos + 1);
    if (pos >= out.size() || out[pos] != '"') {
      continue;
    }
    const std::size_t start = pos + 1;
    std::size_t end = start;
    while (end < out.size() && k_alphabet.find(out[end]) != std::string_view::npos) {
      ++end;
    }
    const std::size_t length = end - start;
    if (end >= out.size() || out[end] != '"' || length < 8) {
      continue;
    }
    const std::string value = out.substr(start, length);
    const bool valid = jwt::base64url_decode(value).ok();
    // 'A' and 'g' have their four low bits zero, 'B' and 'h' do not: all 'A' (or 'g') decodes
    // whenever the length allows; a last 'B' (or 'h') makes trailing bits non-zero.
    std::string replacement(length, 'A');
    if (!valid && length % 4 != 1) {
      replacement.back() = 'B';
    }
    if (replacement == value) {
      replacement.assign(length, 'g');
      if (!valid && length % 4 != 1) {
        replacement.back() = 'h';
      }
    }
    FUZZ_CHECK(jwt::base64url_decode(replacement).ok() == valid);
    out.replace(start, length, replacement);
  }
  return out;
}

void check_same_outcome(const jwt::Result<jwt::KeyRing>& result, const jwt::Result<jwt::KeyRing>& masked)
{
  FUZZ_CHECK_MSG(result.ok() == masked.ok(), describe(result) + " / masked: " + describe(masked));
  if (!result.ok()) {
    FUZZ_CHECK(result.error().kind == masked.error().kind);
    FUZZ_CHECK_MSG(result.error().message == masked.error().message,
                   result.error().message + " / masked: " + masked.error().message);
    return;
  }
  FUZZ_CHECK(result->keys().size() == masked->keys().size());
  for (std::size_t i = 0; i < result->keys().size(); ++i) {
    FUZZ_CHECK(result->keys()[i].kid == masked->keys()[i].kid);
    FUZZ_CHECK(result->keys()[i].alg == masked->keys()[i].alg);
  }
}

// An accepted ring against the document it came from.
void check_ring(const jwt::KeyRing& ring, const jwt::Json& document)
{
  FUZZ_CHECK(!ring.empty());
  std::set<std::string> kids;
  for (const jwt::Key& key : ring.keys()) {
    // A secret ("oct") has its bytes; an RSA, EC or OKP key its OpenSSL key instead.
    FUZZ_CHECK(key.secret.empty() == key.pkey.has_value());
    FUZZ_CHECK_MSG(key.kid.empty() || kids.insert(key.kid).second, "kid used twice: " + key.kid);
  }

  FUZZ_CHECK(document.is_object());
  const bool is_set = document.contains("keys");
  const std::size_t count = is_set ? document.at("keys").size() : 1;
  FUZZ_CHECK(ring.keys().size() == count);
  for (std::size_t i = 0; i < count; ++i) {
    const jwt::Json& jwk = is_set ? document.at("keys").at(i) : document;
    const jwt::Key& key = ring.keys()[i];
    if (key.pkey) {
      FUZZ_CHECK(jwk.at("kty") == jwt::key_type_name(key.pkey->type()));
    } else {
      FUZZ_CHECK(jwk.at("kty") == "oct");
      const auto bytes = jwt::base64url_decode(jwk.at("k").get_ref<const std::string&>());
      FUZZ_CHECK(bytes.ok() && *bytes == key.secret.view());
    }
    FUZZ_CHECK(key.kid == (jwk.contains("kid") ? jwk.at("kid").get<std::string>() : std::string()));
    FUZZ_CHECK(key.alg.has_value() == jwk.contains("alg"));
    FUZZ_CHECK(!jwk.contains("use") || jwk.at("use") == "sig");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view input = fuzz::as_text(data, size);
  const auto result = jwt::parse_jwk_set(input);
  if (!result.ok()) {
    FUZZ_CHECK(result.error().kind == jwt::ErrorKind::invalid_key);
    FUZZ_CHECK_MSG(fuzz::is_one_line(result.error().message), result.error().message);
  }

  auto document = jwt::parse_json(input);
  if (!document.ok()) {
    FUZZ_CHECK(!result.ok());
    check_same_outcome(result, jwt::parse_jwk_set(mask_key_text(input)));
    return 0;
  }
  if (result.ok()) {
    check_ring(*result, *document);
  }
  mask_keys(*document);
  const auto masked_text = jwt::write_json(*document);
  FUZZ_CHECK(masked_text.ok());
  check_same_outcome(result, jwt::parse_jwk_set(*masked_text));
  return 0;
}
