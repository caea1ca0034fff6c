// base64url: encode and decode are inverse, and decode accepts exactly the canonical encodings
// (the unpadded RFC 4648 §5 text that base64url_encode writes), nothing else.

#include "jwt/base64url.hpp"

#include "fuzz_check.hpp"

#include <string>
#include <string_view>

namespace {

constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The decoder's contract, written independently: alphabet only, no length 4n+1, and the
// unused low bits of the last character zero.
bool is_canonical(std::string_view text)
{
  for (const char c : text) {
    if (k_alphabet.find(c) == std::string_view::npos) {
      return false;
    }
  }
  const std::size_t tail = text.size() % 4;
  if (tail == 1) {
    return false;
  }
  if (tail == 0) {
    return true;
  }
  const auto last = k_alphabet.find(text.back());
  const unsigned unused_bits = tail == 2 ? 4 : 2;
  return (last & ((1u << unused_bits) - 1)) == 0;
}

// Standard base64 with '=' padding and a line break every 76 characters, as `base64` writes it.
std::string to_wrapped_base64(std::string_view bytes)
{
  std::string text = jwt::base64url_encode(bytes);
  for (char& c : text) {
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  }
  while (text.size() % 4 != 0) {
    text += '=';
  }
  std::string wrapped;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && i % 76 == 0) {
      wrapped += '\n';
    }
    wrapped += text[i];
  }
  return wrapped;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view input = fuzz::as_text(data, size);

  // Any bytes: decode(encode(x)) == x, through the strict decoder and the key-text decoder.
  const std::string encoded = jwt::base64url_encode(input);
  FUZZ_CHECK(encoded.size() == (input.size() * 4 + 2) / 3);
  FUZZ_CHECK(is_canonical(encoded));
  const auto decoded = jwt::base64url_decode(encoded);
  FUZZ_CHECK_MSG(decoded.ok(), decoded.error().message);
  FUZZ_CHECK(*decoded == input);
  const auto key_text = jwt::decode_key_text(encoded, jwt::Alphabet::base64url);
  FUZZ_CHECK(key_text.ok() && *key_text == input);
  const auto wrapped = jwt::decode_key_text(to_wrapped_base64(input), jwt::Alphabet::base64);
  FUZZ_CHECK_MSG(wrapped.ok(), wrapped.error().message);
  FUZZ_CHECK(*wrapped == input);

  // The input as text: decoding succeeds exactly for canonical text, and then re-encodes to it.
  const auto parsed = jwt::base64url_decode(input);
  FUZZ_CHECK(parsed.ok() == is_canonical(input));
  if (parsed.ok()) {
    FUZZ_CHECK(jwt::base64url_encode(*parsed) == input);
    const auto as_key = jwt::decode_key_text(input, jwt::Alphabet::base64url);
    FUZZ_CHECK(as_key.ok() && *as_key == *parsed);
  } else {
    FUZZ_CHECK(parsed.error().kind == jwt::ErrorKind::malformed);
    FUZZ_CHECK_MSG(fuzz::is_one_line(parsed.error().message), parsed.error().message);
  }
  return 0;
}
