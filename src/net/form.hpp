#pragma once

#include "jwt/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// What an HTTP server reads out of a request besides its bytes: an HTML form
// (application/x-www-form-urlencoded, also a query string) and Basic credentials. Strict:
// anything a client may have meant two ways is refused (ErrorKind::invalid_argument, one
// line saying why, never the value).
namespace net {

// A form's fields in the order sent, each name once.
class Form
{
public:
  // The value of `name`, or nullptr when the form has none.
  const std::string* find(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& fields() const noexcept
  {
    return m_fields;
  }
  Form() = default;
  Form(const Form&) = delete;
  Form& operator=(const Form&) = delete;
  Form(Form&&) noexcept = default;
  Form& operator=(Form&&) noexcept = default;
  ~Form(); // overwrites the values: a form may carry a password

private:
  friend jwt::Result<Form> parse_form(std::string_view text);
  std::vector<std::pair<std::string, std::string>> m_fields;
};

// `text` as application/x-www-form-urlencoded (the WHATWG URL standard's parser, strict): fields
// separated by '&' (empty ones skipped), name and value split at the first '=', '+' a space,
// %XX a byte. Refused: a '%' not followed by two hex digits, bytes or decoded names and values
// that are not UTF-8, a control character in a name, a name given twice (RFC 6749 §3.2), more
// than 64 fields (an OAuth request has fewer than 10).
jwt::Result<Form> parse_form(std::string_view text);

// One component of a form decoded: '+' as a space, %XX as its byte. Refused: a bad escape, a
// result that is not UTF-8.
jwt::Result<std::string> form_decode(std::string_view text);

// The credentials of an "Authorization: Basic ..." header value (RFC 7617), each half
// form-urldecoded as RFC 6749 §2.3.1 asks of an OAuth client. nullopt when the scheme is not
// Basic; refused: base64 that does not decode, no ':', a half that does not decode.
struct BasicCredentials {
  std::string user;
  std::string password;
  BasicCredentials() = default;
  BasicCredentials(const BasicCredentials&) = delete;
  BasicCredentials& operator=(const BasicCredentials&) = delete;
  BasicCredentials(BasicCredentials&&) noexcept = default;
  BasicCredentials& operator=(BasicCredentials&&) noexcept = default;
  ~BasicCredentials(); // overwrites the password
};
jwt::Result<std::optional<BasicCredentials>> parse_basic_authorization(std::string_view header_value);

// Whether the media type of a Content-Type value is `type` (case-insensitive, parameters such
// as "; charset=UTF-8" allowed).
bool has_media_type(std::string_view content_type, std::string_view type) noexcept;

// Whether two strings are equal, in a time that depends on their lengths only, never on where
// they differ: for comparing a secret a client presents.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

} // namespace net
