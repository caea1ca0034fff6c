#pragma once

#include "jwt/algorithm.hpp"
#include "jwt/claims.hpp"
#include "jwt/error.hpp"
#include "jwt/signer.hpp"
#include "jwt/json.hpp"
#include "jwt/json_reader.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace jwt {

// Longest compact token accepted, in bytes; longer input is malformed, never buffered further.
constexpr std::size_t k_max_token_bytes = std::size_t{1024} * 1024;

// ErrorKind::malformed for a token of `bytes` bytes, more than k_max_token_bytes.
Error token_too_long(std::size_t bytes);

// A JWS compact serialization split and decoded, not yet verified.
// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann's noexcept move has an unreachable throw.
struct Token {
  std::string compact;   // the token exactly as received
  std::size_t first_dot = 0;
  std::size_t second_dot = 0;
  Json header;           // always a JSON object with a string "alg"
  std::string payload;   // the decoded payload bytes (JSON or not: see parse_claims)
  std::string signature; // the decoded signature bytes

  std::string_view alg_name() const;
  std::optional<std::string> kid() const;

  // "header.payload" exactly as received: what the signature covers (RFC 7515 §5.2).
  std::string_view signing_input() const noexcept
  {
    return std::string_view(compact).substr(0, second_dot);
  }
  std::string_view signature_segment() const noexcept
  {
    return std::string_view(compact).substr(second_dot + 1);
  }
};

// Splits compact tokens into exactly three segments and decodes each as strict base64url, the
// header as a strict JSON object with a string "alg" (and a string "kid", if any), into buffers
// kept from one token to the next: after the first few tokens, decoding allocates nothing.
// Errors are ErrorKind::malformed and name the segment and the byte offset within the token.
// What it returns views the compact text and the decoder, until its next decode.
class TokenDecoder
{
public:
  struct Decoded {
    std::string_view compact;
    std::size_t second_dot = 0;
    const JsonReader* header = nullptr; // its root is an object with a string "alg"
    std::string_view alg_name;
    std::optional<std::string_view> kid;
    std::string_view payload;
    std::string_view signature;
    bool header_reused = false; // the same header bytes as the decoder's previous token

    std::string_view signing_input() const noexcept
    {
      return compact.substr(0, second_dot);
    }
  };

  Result<Decoded> decode(std::string_view compact);

private:
  Status read_header(std::string_view bytes);

  std::string m_header_segment; // the last header segment read, still in m_header
  bool m_header_valid = false;
  std::string m_header_bytes;
  JsonReader m_header;
  std::string_view m_alg_name;
  std::optional<std::string_view> m_kid;
  std::string m_payload;
  std::string m_signature;
};

// One token through a TokenDecoder, owned.
Result<Token> parse_token(std::string_view compact);
// The decoded token, owned (its header as a DOM).
Token to_token(const TokenDecoder::Decoded& decoded);

// The payload as a JWT claims set: a JSON object. ErrorKind::malformed otherwise.
Result<Json> parse_claims(const Token& token);
// The same, read into `reader`.
Status read_claims(std::string_view payload, JsonReader& reader);

// {"alg": ..., "typ": "JWT"}, "kid" when one is given, then the members of `extra` (which may
// replace typ): the header jwtool writes.
Json make_header(Algorithm alg, std::string_view kid = {}, const Json& extra = Json::object());

// header.payload.signature, signed with `signer`. The header's "alg" must name the signer's
// algorithm (ErrorKind::invalid_argument otherwise); claims must be an object of valid UTF-8.
Result<std::string> serialize_token(const Json& header, const Json& claims, const Signer& signer);

// A new token with build_claims' claims and `header`, or make_header's plain one.
Result<std::string> mint_token(const NewClaims& claims, const Signer& signer, const Json& header);
Result<std::string> mint_token(const NewClaims& claims, const Signer& signer);

} // namespace jwt
