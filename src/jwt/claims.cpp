#include "jwt/claims.hpp"

#include "util/text.hpp"

#include <algorithm>
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

Error missing(std::string_view name, std::string_view expectation)
{
  return make_error(ErrorKind::missing_claim,
                    fmt::format("the token has no \"{}\" claim{}", name, expectation),
                    std::string(name));
}

// A claim that must be a string: its value, nullptr when absent, an error for other types.
Result<const JsonNode*> read_string_claim(const JsonReader& claims, std::string_view name)
{
  const JsonNode* value = claims.find(0, name);
  if (value != nullptr && value->kind != JsonKind::string) {
    return make_error(ErrorKind::invalid_claim,
                      fmt::format("\"{}\" must be a string, found {}", name, json_type_name(value->kind)),
                      std::string(name));
  }
  return value;
}

Status check_type(const JsonReader& claims, const std::string& expected)
{
  const JsonNode* type = claims.find(0, k_type_claim);
  if (type == nullptr) {
    return make_error(ErrorKind::wrong_type,
                      fmt::format("expected a token of type {}, but the token has no \"type\" claim",
                                  util::quote(expected)),
                      std::string(k_type_claim));
  }
  if (type->kind != JsonKind::string) {
    return make_error(ErrorKind::wrong_type,
                      fmt::format("expected a token of type {}, but its \"type\" claim is a {}",
                                  util::quote(expected),
                                  json_type_name(type->kind)),
                      std::string(k_type_claim));
  }
  if (type->text != expected) {
    return make_error(ErrorKind::wrong_type,
                      fmt::format("expected a token of type {}, got {}", util::quote(expected), util::quote(type->text)),
                      std::string(k_type_claim));
  }
  return Ok{};
}

// iss or sub: present, a string, and equal to the expected value.
Status check_equal(const JsonReader& claims, std::string_view name, const std::string& expected, ErrorKind mismatch)
{
  auto actual = read_string_claim(claims, name);
  if (!actual) {
    return std::move(actual).error();
  }
  if (*actual == nullptr) {
    return missing(name, fmt::format("; expected {}", util::quote(expected)));
  }
  if ((*actual)->text != expected) {
    return make_error(mismatch,
                      fmt::format("\"{}\" is {}, expected {}", name, util::quote((*actual)->text), util::quote(expected)),
                      std::string(name));
  }
  return Ok{};
}

std::string quoted_list(const std::vector<std::string>& values)
{
  std::string out;
  for (const auto& value : values) {
    out += out.empty() ? "" : " or ";
    out += util::quote(value);
  }
  return out;
}

bool accepted_audience(const std::vector<std::string>& accepted, std::string_view value)
{
  return std::find(accepted.begin(), accepted.end(), value) != accepted.end();
}

// RFC 7519 §4.1.3: aud is one string or an array of strings; one of them must be ours.
Status check_audience(const JsonReader& claims, const std::vector<std::string>& accepted)
{
  const JsonNode* aud = claims.find(0, "aud");
  if (aud == nullptr) {
    return missing("aud", fmt::format("; expected {}", quoted_list(accepted)));
  }
  bool found = false;
  if (aud->kind == JsonKind::string) {
    found = accepted_audience(accepted, aud->text);
  } else if (aud->kind == JsonKind::array) {
    const auto index = static_cast<std::size_t>(aud - claims.nodes().data());
    for (const JsonNode& value : claims.elements(index)) {
      if (value.kind != JsonKind::string) {
        return make_error(ErrorKind::invalid_claim,
                          fmt::format("\"aud\" must hold strings only, found a {}", json_type_name(value.kind)),
                          "aud");
      }
      found = found || accepted_audience(accepted, value.text);
    }
  } else {
    return make_error(ErrorKind::invalid_claim,
                      fmt::format("\"aud\" must be a string or an array of strings, found {}", json_type_name(aud->kind)),
                      "aud");
  }
  if (found) {
    return Ok{};
  }
  return make_error(ErrorKind::aud_mismatch,
                    fmt::format("\"aud\" is {}, expected it to contain {}", to_json(claims, *aud).dump(), quoted_list(accepted)),
                    "aud");
}

Error not_a_numeric_date(std::string_view name, std::string_view type)
{
  return make_error(ErrorKind::invalid_claim,
                    fmt::format("\"{}\" must be a NumericDate (a JSON number of seconds), found {}", name, type),
                    std::string(name));
}

Result<std::optional<NumericDate>> read_numeric_date(const JsonReader& claims, std::string_view name)
{
  const JsonNode* value = claims.find(0, name);
  if (value == nullptr) {
    return std::optional<NumericDate>();
  }
  if (value->kind != JsonKind::number) {
    return not_a_numeric_date(name, json_type_name(value->kind));
  }
  // The reader refuses numbers a double cannot hold: every number it gives is finite.
  return std::optional<NumericDate>(NumericDate{value->number});
}

// A NumericDate written as an integer when it is whole, as in every token jwtool mints.
Json numeric_date_json(NumericDate t)
{
  const double whole = std::floor(t.seconds);
  if (whole == t.seconds && std::fabs(whole) < 9.0e15) {
    return static_cast<std::int64_t>(whole);
  }
  return t.seconds;
}

} // namespace

bool is_registered_claim(std::string_view name) noexcept
{
  return std::find(k_registered_claims.begin(), k_registered_claims.end(), name) != k_registered_claims.end();
}

Result<std::optional<NumericDate>> read_numeric_date(const Json& claims, std::string_view name)
{
  const auto it = claims.find(name);
  if (it == claims.end()) {
    return std::optional<NumericDate>();
  }
  if (!it->is_number()) {
    return not_a_numeric_date(name, json_type_name(*it));
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
  auto text = write_json(claims);
  if (!text) {
    return std::move(text).error();
  }
  JsonReader reader;
  if (auto read = reader.read(*text); !read) {
    return read;
  }
  if (reader.root().kind != JsonKind::object) {
    return make_error(ErrorKind::invalid_argument, "the claims must be a JSON object");
  }
  return check_claims(reader, policy, now);
}

Status check_claims(const JsonReader& claims, const ClaimPolicy& policy, NumericDate now)
{
  const auto leeway = static_cast<double>(policy.leeway.count());

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
  if (policy.max_age) {
    const auto max_age = static_cast<double>(policy.max_age->count());
    if (!*iat) {
      return missing("iat", fmt::format("; --max-age {} needs it", format_duration(max_age)));
    }
    if (now.seconds - (*iat)->seconds > max_age + leeway) {
      return make_error(ErrorKind::max_age_exceeded,
                        fmt::format("token issued at {}, {} ago, more than the maximum age of {}{}",
                                    format_rfc3339(**iat),
                                    format_duration(now.seconds - (*iat)->seconds),
                                    format_duration(max_age),
                                    leeway_note(policy.leeway)),
                        "iat");
    }
  }

  if (policy.expected_type) {
    auto type = check_type(claims, *policy.expected_type);
    if (!type) {
      return type;
    }
  }
  for (const auto& name : policy.required) {
    if (claims.find(0, name) == nullptr) {
      return missing(name, ", which is required");
    }
  }
  if (policy.issuer) {
    auto issuer = check_equal(claims, "iss", *policy.issuer, ErrorKind::iss_mismatch);
    if (!issuer) {
      return issuer;
    }
  }
  if (policy.subject) {
    auto subject = check_equal(claims, "sub", *policy.subject, ErrorKind::sub_mismatch);
    if (!subject) {
      return subject;
    }
  }
  if (!policy.audiences.empty()) {
    return check_audience(claims, policy.audiences);
  }
  return Ok{};
}

Status check_registered_types(const JsonReader& claims)
{
  for (const std::string_view name : {"exp", "nbf", "iat"}) {
    if (auto date = read_numeric_date(claims, name); !date) {
      return std::move(date).error();
    }
  }
  for (const std::string_view name : {std::string_view("iss"), std::string_view("sub"), std::string_view("jti"), k_type_claim}) {
    if (auto text = read_string_claim(claims, name); !text) {
      return std::move(text).error();
    }
  }
  if (const JsonNode* fresh = claims.find(0, k_fresh_claim); fresh != nullptr && fresh->kind != JsonKind::boolean) {
    return make_error(ErrorKind::invalid_claim,
                      fmt::format("\"{}\" must be a boolean, found {}", k_fresh_claim, json_type_name(fresh->kind)),
                      std::string(k_fresh_claim));
  }
  if (const JsonNode* aud = claims.find(0, "aud"); aud != nullptr) {
    bool strings = aud->kind == JsonKind::string || aud->kind == JsonKind::array;
    if (aud->kind == JsonKind::array) {
      for (const JsonNode& value : claims.elements(static_cast<std::size_t>(aud - claims.nodes().data()))) {
        strings = strings && value.kind == JsonKind::string;
      }
    }
    if (!strings) {
      return make_error(ErrorKind::invalid_claim, "\"aud\" must be a string or an array of strings", "aud");
    }
  }
  return Ok{};
}

Json build_claims(const NewClaims& claims)
{
  const auto iat = static_cast<std::int64_t>(std::floor(claims.issued_at.seconds));
  Json out = Json::object();
  out["sub"] = claims.subject;
  if (!claims.issuer.empty()) {
    out["iss"] = claims.issuer;
  }
  if (claims.audiences.size() == 1) {
    out["aud"] = claims.audiences.front();
  } else if (claims.audiences.size() > 1) {
    out["aud"] = claims.audiences;
  }
  if (claims.with_issued_at) {
    out["iat"] = iat;
  }
  if (claims.not_before) {
    out["nbf"] = numeric_date_json(*claims.not_before);
  }
  out["exp"] = iat + claims.lifetime.count();
  out["type"] = claims.type;
  if (claims.fresh) {
    out[std::string(k_fresh_claim)] = *claims.fresh;
  }
  if (!claims.token_id.empty()) {
    out["jti"] = claims.token_id;
  }
  for (const auto& [name, value] : claims.custom.items()) {
    out[name] = value;
  }
  return out;
}

} // namespace jwt
