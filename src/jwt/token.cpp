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

Result<Token> parse_token(std::string_view compact)
{
  if (compact.empty()) {
    return make_error(ErrorKind::malformed, "the token is empty");
  }
  if (compact.size() > k_max_token_bytes) {
    return make_error(ErrorKind::malformed,
                      fmt::format("the token is {} bytes, more than the limit of {}",
                                  compact.size(),
                                  k_max_token_bytes));
  }
  Token token;
  token.compact = std::string(compact);
  token.first_dot = compact.find('.');
  token.second_dot = token.first_dot == std::string_view::npos ? std::string_view::npos
                                                                : compact.find('.', token.first_dot + 1);
  if (token.second_dot == std::string_view::npos
      || compact.find('.', token.second_dot + 1) != std::string_view::npos) {
    const auto dots = std::count(compact.begin(), compact.end(), '.');
    return make_error(ErrorKind::malformed,
                      fmt::format("a JWT has 3 segments separated by '.', this has {}{}",
                                  dots + 1,
                                  dots == 4 ? " (5 segments is JWE, an encrypted token)" : ""));
  }

  const std::string_view header_text = compact.substr(0, token.first_dot);
  const std::string_view payload_text =
    compact.substr(token.first_dot + 1, token.second_dot - token.first_dot - 1);
  const std::string_view signature_text = compact.substr(token.second_dot + 1);
  if (header_text.empty()) {
    return make_error(ErrorKind::malformed, "header segment: it is empty");
  }

  auto header_bytes = base64url_decode(header_text, 0);
  if (!header_bytes) {
    return segment_error("header", header_bytes.error());
  }
  auto payload = base64url_decode(payload_text, token.first_dot + 1);
  if (!payload) {
    return segment_error("payload", payload.error());
  }
  auto signature = base64url_decode(signature_text, token.second_dot + 1);
  if (!signature) {
    return segment_error("signature", signature.error());
  }

  auto header = parse_json(*header_bytes);
  if (!header) {
    return segment_error("header", header.error());
  }
  if (!header->is_object()) {
    return make_error(ErrorKind::malformed,
                      fmt::format("header segment: expected a JSON object, found {}",
                                  json_type_name(*header)));
  }
  const auto alg = header->find("alg");
  if (alg == header->end()) {
    return make_error(ErrorKind::malformed, "header segment: no \"alg\" member", "alg");
  }
  if (!alg->is_string()) {
    return make_error(ErrorKind::malformed,
                      fmt::format("header segment: \"alg\" must be a string, found {}",
                                  json_type_name(*alg)),
                      "alg");
  }

  // RFC 7515 §4.1.4: a kid is a string; any other value is not a hint to ignore.
  if (const auto kid = header->find("kid"); kid != header->end() && !kid->is_string()) {
    return make_error(ErrorKind::malformed,
                      fmt::format("header segment: \"kid\" must be a string, found {}", json_type_name(*kid)),
                      "kid");
  }

  token.header = std::move(header).value();
  token.payload = std::move(payload).value();
  token.signature = std::move(signature).value();
  return token;
}

Result<Json> parse_claims(const Token& token)
{
  auto claims = parse_json(token.payload);
  if (!claims) {
    return segment_error("payload", claims.error());
  }
  if (!claims->is_object()) {
    return make_error(ErrorKind::malformed,
                      fmt::format("payload segment: expected a JSON object of claims, found {}",
                                  json_type_name(*claims)));
  }
  return claims;
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

Result<std::string> serialize_token(const Json& header, const Json& claims, Signer& signer)
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

Result<std::string> mint_token(const NewClaims& claims, Signer& signer, const Json& header)
{
  return serialize_token(header, build_claims(claims), signer);
}

Result<std::string> mint_token(const NewClaims& claims, Signer& signer)
{
  return mint_token(claims, signer, make_header(signer.algorithm()));
}

} // namespace jwt
