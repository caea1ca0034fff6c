// parse_token: the input as a compact token. The parser accepts exactly what its contract
// describes (three segments, strict base64url, a JSON object header with a string "alg" and
// at most a string "kid"); what it accepts it keeps byte for byte, so every decoded segment
// re-encodes to the segment as received and the signing input is the text before the second '.'.

#include "jwt/base64url.hpp"
#include "jwt/json.hpp"
#include "jwt/token.hpp"

#include "fuzz_check.hpp"

#include <string>
#include <string_view>

namespace {

// The contract of parse_token, checked from the outside with the strict decoders it builds on.
bool should_parse(std::string_view input)
{
  if (input.empty() || input.size() > jwt::k_max_token_bytes) {
    return false;
  }
  const auto first = input.find('.');
  const auto second = first == std::string_view::npos ? first : input.find('.', first + 1);
  if (second == std::string_view::npos || input.find('.', second + 1) != std::string_view::npos
      || first == 0) {
    return false;
  }
  const auto header_bytes = jwt::base64url_decode(input.substr(0, first));
  if (!header_bytes.ok() || !jwt::base64url_decode(input.substr(first + 1, second - first - 1)).ok()
      || !jwt::base64url_decode(input.substr(second + 1)).ok()) {
    return false;
  }
  const auto header = jwt::parse_json(*header_bytes);
  if (!header.ok() || !header->is_object()) {
    return false;
  }
  const auto alg = header->find("alg");
  const auto kid = header->find("kid");
  return alg != header->end() && alg->is_string() && (kid == header->end() || kid->is_string());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view input = fuzz::as_text(data, size);
  const auto token = jwt::parse_token(input);
  FUZZ_CHECK_MSG(token.ok() == should_parse(input), token.ok() ? "accepted" : token.error().message);
  if (!token.ok()) {
    FUZZ_CHECK(token.error().kind == jwt::ErrorKind::malformed);
    FUZZ_CHECK_MSG(fuzz::is_one_line(token.error().message), token.error().message);
    return 0;
  }

  FUZZ_CHECK(token->compact == input);
  const std::size_t first = input.find('.');
  const std::size_t second = input.find('.', first + 1);
  FUZZ_CHECK(token->first_dot == first && token->second_dot == second);
  FUZZ_CHECK(token->signing_input() == input.substr(0, second));
  FUZZ_CHECK(token->signature_segment() == input.substr(second + 1));

  // Canonical base64url: each decoded segment re-encodes to exactly what was received.
  const std::string_view header_segment = input.substr(0, first);
  const std::string_view payload_segment = input.substr(first + 1, second - first - 1);
  const auto header_bytes = jwt::base64url_decode(header_segment);
  FUZZ_CHECK(header_bytes.ok());
  FUZZ_CHECK(jwt::base64url_encode(*header_bytes) == header_segment);
  FUZZ_CHECK(jwt::base64url_encode(token->payload) == payload_segment);
  FUZZ_CHECK(jwt::base64url_encode(token->signature) == token->signature_segment());
  FUZZ_CHECK(header_segment.size() + payload_segment.size() + token->signature_segment().size() + 2
             == input.size());

  // The header kept is the header read; alg and kid read as the contract says.
  const auto header = jwt::parse_json(*header_bytes);
  FUZZ_CHECK(header.ok() && *header == token->header);
  FUZZ_CHECK(token->alg_name() == token->header.at("alg").get_ref<const std::string&>());
  const auto kid = token->kid();
  FUZZ_CHECK(kid.has_value() == token->header.contains("kid"));

  // The claims view of the payload: an object, or a malformed error.
  const auto claims = jwt::parse_claims(*token);
  FUZZ_CHECK(claims.ok() ? claims->is_object() : claims.error().kind == jwt::ErrorKind::malformed);
  return 0;
}
