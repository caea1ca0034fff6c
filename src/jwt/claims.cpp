#include "jwt/claims.hpp"

#include "util/text.hpp"

#include <cmath>
#include <cstdint>
#include <fmt/core.h>

namespace jwt {

namespace {

std::string leeway_note(std::chrono::seconds leeway)
{
  return leeway.count() > 0 ? fmt::format(", leeway {}", format_duration(static_cast<double>(leeway.count())))
                            : std::string();
}

Status check_type(const Json& claims, const std::string& expected)
{
  const auto it = claims.find(k_type_claim);
  if (it == claims.end()) {
    return make_error(ErrorKind::wrong_type,
                      fmt::format("expected a token of type {}, but the token has no \"type\" claim",
                                  util::quote(expected)),
                      std::string(k_type_claim));
  }
  if (!it->is_string()) {
    return make_error(ErrorKind::wrong_type,
                      fmt::format("expected a token of type {}, but its \"type\" claim is a {}",
                                  util::quote(expected),
                                  json_type_name(*it)),
                      std::string(k_type_claim));
  }
  const auto& actual = it->get_ref<const std::string&>();
  if (actual != expected) {
    return make_error(ErrorKind::wrong_type,
                      fmt::format("expected a token of type {}, got {}", util::quote(expected), util::quote(actual)),
                      std::string(k_type_claim));
  }
  return Ok{};
}

} // namespace

Result<std::optional<NumericDate>> read_numeric_date(const Json& claims, std::string_view name)
{
  const auto it = claims.find(name);
  if (it == claims.end()) {
    return std::optional<NumericDate>();
  }
  if (!it->is_number()) {
    return make_error(ErrorKind::invalid_claim,
                      fmt::format("\"{}\" must be a NumericDate (a JSON number of seconds), found {}",
                                  name,
                                  json_type_name(*it)),
                      std::string(name));
  }
  const auto seconds = it->get<double>();
  if (!std::isfinite(seconds)) {
    return make_error(ErrorKind::invalid_claim,
                      fmt::format("\"{}\" is not a finite number", name),
                      std::string(name));
  }
  return std::optional<NumericDate>(NumericDate{seconds});
}

Status check_claims(const Json& claims, const ClaimPolicy& policy, NumericDate now)
{
  const double leeway = static_cast<double>(policy.leeway.count());

  auto exp = read_numeric_date(claims, "exp");
  if (!exp) {
    return std::move(exp).error();
  }
  if (*exp && now.seconds >= (*exp)->seconds + leeway) {
    return make_error(ErrorKind::expired,
                      fmt::format("token expired at {} ({} ago{})",
                                  format_rfc3339(**exp),
                                  format_duration(now.seconds - (*exp)->seconds),
                                  leeway_note(policy.leeway)),
                      "exp");
  }

  auto nbf = read_numeric_date(claims, "nbf");
  if (!nbf) {
    return std::move(nbf).error();
  }
  if (*nbf && now.seconds + leeway < (*nbf)->seconds) {
    return make_error(ErrorKind::not_yet_valid,
                      fmt::format("token not valid before {} (in {}{})",
                                  format_rfc3339(**nbf),
                                  format_duration((*nbf)->seconds - now.seconds),
                                  leeway_note(policy.leeway)),
                      "nbf");
  }

  auto iat = read_numeric_date(claims, "iat");
  if (!iat) {
    return std::move(iat).error();
  }
  if (*iat && (*iat)->seconds > now.seconds + leeway) {
    return make_error(ErrorKind::issued_in_future,
                      fmt::format("token issued in the future, at {} (in {}{})",
                                  format_rfc3339(**iat),
                                  format_duration((*iat)->seconds - now.seconds),
                                  leeway_note(policy.leeway)),
                      "iat");
  }

  if (policy.expected_type) {
    return check_type(claims, *policy.expected_type);
  }
  return Ok{};
}

Json build_claims(const NewClaims& claims)
{
  const auto iat = static_cast<std::int64_t>(std::floor(claims.issued_at.seconds));
  Json out = Json::object();
  out["sub"] = claims.subject;
  out["iat"] = iat;
  out["exp"] = iat + claims.lifetime.count();
  out["type"] = claims.type;
  if (!claims.token_id.empty()) {
    out["jti"] = claims.token_id;
  }
  return out;
}

} // namespace jwt
