// PKey::from_pem_or_der and PKey::from_jwk: a key from any bytes (and, when they are JSON, from
// the JWK they make). What is refused is refused with invalid_key and a one-line message that
// quotes no line of a PEM body and no member value of a JWK. What is accepted is a key of a
// supported type whose public JWK imports again with the same thumbprint, that can do its
// default algorithm, and, when private, signs what it then verifies.

#include "jwt/json.hpp"
#include "jwt/pkey.hpp"
#include "jwt/signature.hpp"

#include "fuzz_check.hpp"

#include <string>
#include <string_view>

namespace {

constexpr std::size_t k_quotable = 8; // shorter values may be in a message by chance

std::string describe(const jwt::Result<jwt::PKey>& result)
{
  return result.ok() ? std::string("accepted") : result.error().message;
}

// Whether `message` echoes `text` from the input: it holds the text, and the message made when
// filler of the same length stands in its place (`refused_with`) holds the filler instead. A
// message's fixed words are no echo, even when the fuzzer copies them into the input.
template <typename Refuse>
bool echoes(const std::string& message, std::string_view text, const Refuse& refused_with)
{
  if (message.find(text) == std::string::npos) {
    return false;
  }
  const std::string filler(text.size(), 'Q');
  const std::string again = refused_with(filler);
  return again.find(text) == std::string::npos && again.find(filler) != std::string::npos;
}

// No line of the input of k_quotable bytes or more, other than a BEGIN or END line, is echoed in
// the message.
void check_quotes_no_line(std::string_view input, const std::string& message)
{
  std::size_t start = 0;
  while (start < input.size()) {
    std::size_t end = input.find('\n', start);
    end = end == std::string_view::npos ? input.size() : end;
    std::string_view line = input.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.size() >= k_quotable && line.substr(0, 5) != "-----") {
      const auto refused_with = [&](const std::string& filler) {
        std::string filled(input);
        filled.replace(start, line.size(), filler);
        return describe(jwt::PKey::from_pem_or_der(filled));
      };
      FUZZ_CHECK_MSG(!echoes(message, line, refused_with), message);
    }
    start = end + 1;
  }
}

// No string member of k_quotable bytes or more (but the names kty, crv and alg hold) is echoed
// in it.
void check_quotes_no_member(const jwt::Json& jwk, const std::string& message)
{
  if (!jwk.is_object()) {
    return;
  }
  for (const auto& [name, value] : jwk.items()) {
    if (value.is_string() && name != "kty" && name != "crv" && name != "alg") {
      const auto& text = value.get_ref<const std::string&>();
      const auto refused_with = [&, member = name](const std::string& filler) {
        jwt::Json filled = jwk;
        filled[member] = filler;
        return describe(jwt::PKey::from_jwk(filled));
      };
      FUZZ_CHECK_MSG(text.size() < k_quotable || !echoes(message, text, refused_with), message);
    }
  }
}

void check_refusal(const jwt::Result<jwt::PKey>& result)
{
  FUZZ_CHECK_MSG(result.error().kind == jwt::ErrorKind::invalid_key, describe(result));
  FUZZ_CHECK_MSG(fuzz::is_one_line(result.error().message), result.error().message);
}

void check_key(const jwt::PKey& key)
{
  const std::string thumbprint = key.thumbprint();
  FUZZ_CHECK(thumbprint.size() == 43);
  const auto again = jwt::PKey::from_jwk(key.public_jwk());
  FUZZ_CHECK_MSG(again.ok(), describe(again));
  FUZZ_CHECK(!again->is_private());
  FUZZ_CHECK(again->thumbprint() == thumbprint);
  FUZZ_CHECK(again->algorithms() == key.algorithms());
  const jwt::Algorithm alg = key.default_algorithm();
  FUZZ_CHECK(key.check_algorithm(alg).ok());
  auto signer = jwt::PkeySigner::create(key, alg);
  FUZZ_CHECK_MSG(signer.ok(), signer.ok() ? std::string() : signer.error().message);
  FUZZ_CHECK(signer->can_sign() == key.is_private());
  // RSA signing costs grow with the cube of the size: big keys are left at the checks above.
  if (key.is_private() && key.bits() <= 4096) {
    const auto signature = signer->sign("header.payload");
    FUZZ_CHECK(signature.ok());
    FUZZ_CHECK(signer->verify("header.payload", *signature).ok());
    FUZZ_CHECK(!signer->verify("header.payloaD", *signature).ok());
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view input = fuzz::as_text(data, size);
  const auto from_bytes = jwt::PKey::from_pem_or_der(input);
  if (from_bytes.ok()) {
    check_key(*from_bytes);
  } else {
    check_refusal(from_bytes);
    check_quotes_no_line(input, from_bytes.error().message);
  }

  const auto document = jwt::parse_json(input);
  if (!document.ok()) {
    return 0;
  }
  const auto from_jwk = jwt::PKey::from_jwk(*document);
  if (from_jwk.ok()) {
    check_key(*from_jwk);
    FUZZ_CHECK(from_jwk->is_private() == document->contains("d"));
  } else {
    check_refusal(from_jwk);
    check_quotes_no_member(*document, from_jwk.error().message);
  }
  return 0;
}
