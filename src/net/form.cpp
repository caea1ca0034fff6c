#include "net/form.hpp"

#include "jwt/base64url.hpp"
#include "jwt/keys.hpp"
#include "util/text.hpp"

#include <algorithm>

#include <fmt/core.h>

namespace net {

namespace {

// The most fields parse_form accepts: an OAuth request has fewer than 10.
constexpr std::size_t k_max_form_fields = 64;

jwt::Error refused(std::string message)
{
  return jwt::make_error(jwt::ErrorKind::invalid_argument, std::move(message));
}

bool is_utf8(std::string_view text) noexcept
{
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = static_cast<unsigned char>(text[i]) < 0x80 ? 1 : util::utf8_sequence_length(text, i);
    if (length == 0) {
      return false;
    }
    i += length;
  }
  return true;
}

} // namespace

Form::~Form()
{
  for (auto& field : m_fields) {
    jwt::wipe(field.second);
  }
}

const std::string* Form::find(std::string_view name) const
{
  for (const auto& field : m_fields) {
    if (field.first == name) {
      return &field.second;
    }
  }
  return nullptr;
}

jwt::Result<std::string> form_decode(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      const int high = i + 2 < text.size() ? util::hex_digit_value(text[i + 1]) : -1;
      const int low = high < 0 ? -1 : util::hex_digit_value(text[i + 2]);
      if (low < 0) {
        jwt::wipe(out);
        return refused("a '%' not followed by two hexadecimal digits");
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  if (!is_utf8(out)) {
    jwt::wipe(out);
    return refused("a value that is not UTF-8 once decoded");
  }
  return out;
}

// A parameter's name for a message, when it looks like one (lower-case letters and '_', as every
// OAuth parameter is); any other name is not echoed: a secret pasted in the wrong place would be.
std::string shown_name(std::string_view name)
{
  const bool plain = !name.empty() && name.size() <= 32
                     && std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  return plain ? util::quote(name, 40) : std::string("(a name not shown)");
}

jwt::Result<Form> parse_form(std::string_view text)
{
  if (!is_utf8(text)) {
    return refused("the form is not UTF-8");
  }
  Form form;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('&'), text.size());
    const std::string_view field = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (field.empty()) {
      continue;
    }
    // Bounds the duplicate check below (linear per field): without it, 64 KiB of distinct empty
    // fields cost a request ~16,600² comparisons.
    if (form.m_fields.size() == k_max_form_fields) {
      return refused(fmt::format("the form has more than {} parameters", k_max_form_fields));
    }
    const std::size_t equals = std::min(field.find('='), field.size());
    auto name = form_decode(field.substr(0, equals));
    if (!name) {
      return std::move(name).error();
    }
    if (util::first_control_character(*name) >= 0) {
      return refused("a parameter name holds a control character");
    }
    auto value = form_decode(field.substr(std::min(equals + 1, field.size())));
    if (!value) {
      return refused(fmt::format("parameter {}: {}", shown_name(*name), value.error().message));
    }
    if (form.find(*name) != nullptr) {
      return refused(fmt::format("parameter {} is given more than once", shown_name(*name)));
    }
    form.m_fields.emplace_back(std::move(name).value(), std::move(value).value());
  }
  return form;
}

BasicCredentials::~BasicCredentials()
{
  jwt::wipe(password);
}

jwt::Result<std::optional<BasicCredentials>> parse_basic_authorization(std::string_view header_value)
{
  const std::string_view value = util::trim(header_value);
  const std::size_t space = value.find(' ');
  if (space == std::string_view::npos || !util::iequals(value.substr(0, space), "basic")) {
    return std::optional<BasicCredentials>();
  }
  const std::string_view encoded = util::trim(value.substr(space + 1));
  auto decoded = jwt::decode_key_text(encoded, jwt::Alphabet::base64);
  if (!decoded || encoded.find_first_of(" \t\r\n") != std::string_view::npos) {
    if (decoded) {
      jwt::wipe(*decoded);
    }
    return refused("the Basic credentials are not base64");
  }
  const std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) {
    jwt::wipe(*decoded);
    return refused("the Basic credentials hold no ':'");
  }
  auto user = form_decode(std::string_view(*decoded).substr(0, colon));
  auto password = form_decode(std::string_view(*decoded).substr(colon + 1));
  jwt::wipe(*decoded);
  if (!user || !password) {
    if (password) {
      jwt::wipe(*password);
    }
    return refused("the Basic credentials are not form-urlencoded UTF-8 (RFC 6749 §2.3.1)");
  }
  BasicCredentials credentials;
  credentials.user = std::move(user).value();
  credentials.password = std::move(password).value();
  return std::optional<BasicCredentials>(std::move(credentials));
}

bool has_media_type(std::string_view content_type, std::string_view type) noexcept
{
  const std::string_view media = util::trim(content_type.substr(0, std::min(content_type.find(';'), content_type.size())));
  return util::iequals(media, type);
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept
{
  // Every byte of `a` is looked at whatever `b` holds; a length difference counts as a mismatch.
  unsigned difference = a.size() == b.size() ? 0U : 1U;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char other = i < b.size() ? b[i] : '\0';
    difference |= static_cast<unsigned>(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(other));
  }
  // Read through a volatile so the compiler keeps the loop whole.
  const volatile unsigned result = difference;
  return result == 0U;
}

} // namespace net
