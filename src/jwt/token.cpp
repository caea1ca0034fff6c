#include "jwt/token.hpp"

#include "jwt/base64url.hpp"

#include <algorithm>
#include <fmt/core.h>

namespace jwt {

namespace {

Error segment_error(std::string_view segment, const Error& cause)
{
  return make_error(ErrorKind::malformed, fmt::format("{} segment: {}", segment, cause.message));
}

} // namespace

std::string_view Token::alg_name() const
{
  return header.at("alg").get_ref<const std::string&>();
}

std::optional<std::string> Token::kid() const
{
  const auto it = header.find("kid");
  if (it == header.end() || !it->is_string()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

Error token_too_long(std::size_t bytes)
{
  return make_error(ErrorKind::malformed,
                    fmt::format("the token is {} bytes, more than the limit of {}", bytes, k_max_token_bytes));
}

Result<TokenDecoder::Decoded> TokenDecoder::decode(std::string_view compact)
{
  if (compact.empty()) {
    return make_error(ErrorKind::malformed, "the token is empty");
  }
  if (compact.size() > k_max_token_bytes) {
    return token_too_long(compact.size());
  }
  const std::size_t first_dot = compact.find('.');
  const std::size_t second_dot = first_dot == std::string_view::npos ? std::string_view::npos
                                                                     : compact.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || compact.find('.', second_dot + 1) != std::string_view::npos) {
    const auto dots = std::count(compact.begin(), compact.end(), '.');
    return make_error(ErrorKind::malformed,
                      fmt::format("a JWT has 3 segments separated by '.', this has {}{}",
                                  dots + 1,
                                  dots == 4 ? " (5 segments is JWE, an encrypted token)" : ""));
  }

  const std::string_view header_text = compact.substr(0, first_dot);
  const std::string_view payload_text = compact.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view signature_text = compact.substr(second_dot + 1);
  if (header_text.empty()) {
    return make_error(ErrorKind::malformed, "header segment: it is empty");
  }

  // Tokens of one issuer share their header: the same bytes read the same way, so the last
  // header read is kept, and only a different one is decoded and read again.
  const bool same_header = m_header_valid && header_text == m_header_segment;
  if (!same_header) {
    m_header_valid = false;
    if (auto decoded = base64url_decode_into(header_text, 0, m_header_bytes); !decoded) {
      return segment_error("header", decoded.error());
    }
  }
  if (auto decoded = base64url_decode_into(payload_text, first_dot + 1, m_payload); !decoded) {
    return segment_error("payload", decoded.error());
  }
  if (auto decoded = base64url_decode_into(signature_text, second_dot + 1, m_signature); !decoded) {
    return segment_error("signature", decoded.error());
  }
  if (!same_header) {
    if (auto header = read_header(m_header_bytes); !header) {
      return std::move(header).error();
    }
    m_header_segment.assign(header_text);
    m_header_valid = true;
  }
  return Decoded{compact, second_dot, &m_header, m_alg_name, m_kid, m_payload, m_signature, same_header};
}

Status TokenDecoder::read_header(std::string_view bytes)
{
  if (auto read = m_header.read(bytes); !read) {
    return segment_error("header", read.error());
  }
  const JsonNode& root = m_header.root();
  if (root.kind != JsonKind::object) {
    return make_error(ErrorKind::malformed,
                      fmt::format("header segment: expected a JSON object, found {}", json_type_name(root.kind)));
  }
  const JsonNode* alg = m_header.find(0, "alg");
  if (alg == nullptr) {
    return make_error(ErrorKind::malformed, "header segment: no \"alg\" member", "alg");
  }
  if (alg->kind != JsonKind::string) {
    return make_error(ErrorKind::malformed,
                      fmt::format("header segment: \"alg\" must be a string, found {}", json_type_name(alg->kind)),
                      "alg");
  }
  m_alg_name = alg->text;
  // RFC 7515 §4.1.4: a kid is a string; any other value is not a hint to ignore.
  m_kid.reset();
  if (const JsonNode* kid = m_header.find(0, "kid"); kid != nullptr) {
    if (kid->kind != JsonKind::string) {
      return make_error(ErrorKind::malformed,
                        fmt::format("header segment: \"kid\" must be a string, found {}", json_type_name(kid->kind)),
                        "kid");
    }
    m_kid = kid->text;
  }
  return Ok{};
}

Token to_token(const TokenDecoder::Decoded& decoded)
{
  Token token;
  token.compact = std::string(decoded.compact);
  token.first_dot = decoded.compact.find('.');
  token.second_dot = decoded.second_dot;
  token.header = to_json(*decoded.header, decoded.header->root());
  token.payload = std::string(decoded.payload);
  token.signature = std::string(decoded.signature);
  return token;
}

Result<Token> parse_token(std::string_view compact)
{
  TokenDecoder decoder;
  auto decoded = decoder.decode(compact);
  if (!decoded) {
    return std::move(decoded).error();
  }
  return to_token(*decoded);
}

Status read_claims(std::string_view payload, JsonReader& reader)
{
  if (auto read = reader.read(payload); !read) {
    return segment_error("payload", read.error());
  }
  if (reader.root().kind != JsonKind::object) {
    return make_error(ErrorKind::malformed,
                      fmt::format("payload segment: expected a JSON object of claims, found {}",
                                  json_type_name(reader.root().kind)));
  }
  return Ok{};
}

Result<Json> parse_claims(const Token& token)
{
  JsonReader reader;
  if (auto read = read_claims(token.payload, reader); !read) {
    return std::move(read).error();
  }
  return to_json(reader, reader.root());
}

Json make_header(Algorithm alg, std::string_view kid, const Json& extra)
{
  Json header = Json::object();
  header["alg"] = algorithm_name(alg);
  header["typ"] = "JWT";
  if (!kid.empty()) {
    header["kid"] = kid;
  }
  for (const auto& [name, value] : extra.items()) {
    header[name] = value;
  }
  return header;
}

Result<std::string> serialize_token(const Json& header, const Json& claims, const Signer& signer)
{
  const auto alg = header.find("alg");
  if (alg == header.end() || *alg != algorithm_name(signer.algorithm())) {
    return make_error(ErrorKind::invalid_argument, "the header's alg does not match the signing key");
  }
  if (!claims.is_object()) {
    return make_error(ErrorKind::invalid_argument, "the claims must be a JSON object");
  }
  auto header_text = write_json(header);
  if (!header_text) {
    return std::move(header_text).error();
  }
  auto claims_text = write_json(claims);
  if (!claims_text) {
    return std::move(claims_text).error();
  }
  std::string token = base64url_encode(*header_text);
  token += '.';
  token += base64url_encode(*claims_text);
  auto signature = signer.sign(token);
  if (!signature) {
    return std::move(signature).error();
  }
  token += '.';
  token += base64url_encode(*signature);
  return token;
}

Result<std::string> mint_token(const NewClaims& claims, const Signer& signer, const Json& header)
{
  return serialize_token(header, build_claims(claims), signer);
}

Result<std::string> mint_token(const NewClaims& claims, const Signer& signer)
{
  return mint_token(claims, signer, make_header(signer.algorithm()));
}

} // namespace jwt
