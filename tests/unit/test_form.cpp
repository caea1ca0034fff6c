#include "net/form.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

namespace {

std::string refusal(std::string_view text)
{
  auto form = net::parse_form(text);
  REQUIRE_FALSE(form);
  CHECK(form.error().kind == jwt::ErrorKind::invalid_argument);
  return form.error().message;
}

} // namespace

TEST_CASE("form: fields in order, '+' a space, %XX a byte, empty fields skipped")
{
  auto form = net::parse_form("grant_type=client_credentials&&scope=a+b%20c&x&empty=&caf%C3%A9=%E2%82%AC");
  REQUIRE(form);
  const auto& fields = form->fields();
  REQUIRE(fields.size() == 5);
  CHECK(fields[0] == std::pair<std::string, std::string>{"grant_type", "client_credentials"});
  CHECK(fields[1] == std::pair<std::string, std::string>{"scope", "a b c"});
  CHECK(fields[2] == std::pair<std::string, std::string>{"x", ""});
  CHECK(fields[3] == std::pair<std::string, std::string>{"empty", ""});
  CHECK(fields[4] == std::pair<std::string, std::string>{"caf\xc3\xa9", "\xe2\x82\xac"});
  CHECK(*form->find("scope") == "a b c");
  CHECK(form->find("missing") == nullptr);
  CHECK(net::parse_form("")->fields().empty());
  CHECK(*net::parse_form("a=b=c")->find("a") == "b=c");
  CHECK(*net::parse_form("a=%2B")->find("a") == "+");
}

TEST_CASE("form: a parameter given twice is refused (RFC 6749 §3.2), also once encoded")
{
  CHECK(refusal("grant_type=password&grant_type=client_credentials") == R"(parameter "grant_type" is given more than once)");
  CHECK(refusal("a=1&%61=2") == R"(parameter "a" is given more than once)");
  CHECK(refusal("a=1&a=1") == R"(parameter "a" is given more than once)");
  CHECK(refusal("a&a") == R"(parameter "a" is given more than once)");
  // A name that is no parameter's shape is not echoed: it may be a secret pasted in the wrong place.
  CHECK(refusal("Qm9yZGVyQ29sbGll=1&Qm9yZGVyQ29sbGll=2") == "parameter (a name not shown) is given more than once");
  CHECK(refusal("hunter2=%zz") == "parameter (a name not shown): a '%' not followed by two hexadecimal digits");
}

TEST_CASE("form: at most 64 parameters (a larger form costs CPU for nothing: an OAuth form has fewer than 10)")
{
  const auto fields = [](int count) {
    std::string text;
    for (int i = 0; i < count; ++i) {
      text += "p" + std::to_string(i) + "=&&"; // empty fields are skipped, not counted
    }
    return text;
  };
  auto most = net::parse_form(fields(64));
  REQUIRE(most);
  CHECK(most->fields().size() == 64);
  CHECK(refusal(fields(65)) == "the form has more than 64 parameters");
  // ~16,600 distinct empty fields in 64 KiB: refused at the 65th, whatever follows.
  std::string many = fields(16600) + "%";
  CHECK(refusal(many) == "the form has more than 64 parameters");
}

TEST_CASE("form: bad percent-escapes are refused")
{
  CHECK(refusal("a=%") == R"(parameter "a": a '%' not followed by two hexadecimal digits)");
  CHECK(refusal("a=%4") == R"(parameter "a": a '%' not followed by two hexadecimal digits)");
  CHECK(refusal("a=%zz") == R"(parameter "a": a '%' not followed by two hexadecimal digits)");
  CHECK(refusal("a=%4g") == R"(parameter "a": a '%' not followed by two hexadecimal digits)");
  CHECK(refusal("%=1") == "a '%' not followed by two hexadecimal digits");
}

TEST_CASE("form: bytes or decoded values that are not UTF-8 are refused")
{
  CHECK(refusal("a=\xff") == "the form is not UTF-8");
  CHECK(refusal(std::string_view("a=\xc3", 3)) == "the form is not UTF-8");
  CHECK(refusal("a=%ff") == R"(parameter "a": a value that is not UTF-8 once decoded)");
  CHECK(refusal("a=%C0%80") == R"(parameter "a": a value that is not UTF-8 once decoded)"); // overlong NUL
  CHECK(refusal("a=%ED%A0%80") == R"(parameter "a": a value that is not UTF-8 once decoded)"); // a surrogate
  CHECK(refusal("%ff=1") == "a value that is not UTF-8 once decoded");
  CHECK(refusal("a%0A=1") == "a parameter name holds a control character");
  CHECK(*net::parse_form("a=%00")->find("a") == std::string(1, '\0')); // a value may hold any UTF-8
}

TEST_CASE("form_decode")
{
  CHECK(*net::form_decode("a+b%2b%41") == "a b+A");
  CHECK_FALSE(net::form_decode("%"));
  CHECK_FALSE(net::form_decode("%80"));
}

TEST_CASE("basic authorization: decoded, then each half form-urldecoded (RFC 6749 §2.3.1)")
{
  auto plain = net::parse_basic_authorization("Basic Y2k6Y2ktc2VjcmV0"); // ci:ci-secret
  REQUIRE(plain);
  REQUIRE(*plain);
  CHECK((*plain)->user == "ci");
  CHECK((*plain)->password == "ci-secret");

  // "a%3Ab:p%40ss+word": the id holds a colon, the secret an @ and a space.
  auto encoded = net::parse_basic_authorization("basic  YSUzQWI6cCU0MHNzK3dvcmQ= ");
  REQUIRE(encoded);
  REQUIRE(*encoded);
  CHECK((*encoded)->user == "a:b");
  CHECK((*encoded)->password == "p@ss word");

  auto empty_password = net::parse_basic_authorization("BASIC Y2k6"); // "ci:"
  REQUIRE(empty_password);
  CHECK((*empty_password)->password.empty());

  auto bearer = net::parse_basic_authorization("Bearer abc");
  REQUIRE(bearer);
  CHECK_FALSE(*bearer);
  auto no_credentials = net::parse_basic_authorization("Basic");
  REQUIRE(no_credentials);
  CHECK_FALSE(*no_credentials);
}

TEST_CASE("basic authorization: malformed credentials are refused")
{
  const auto message = [](std::string_view header) {
    auto parsed = net::parse_basic_authorization(header);
    REQUIRE_FALSE(parsed);
    return parsed.error().message;
  };
  CHECK(message("Basic !!!!") == "the Basic credentials are not base64");
  CHECK(message("Basic Y2k6 Y2k6") == "the Basic credentials are not base64");
  CHECK(message("Basic Y2k=") == "the Basic credentials hold no ':'");                 // "ci"
  CHECK(message("Basic Y2k6JXp6") == "the Basic credentials are not form-urlencoded UTF-8 (RFC 6749 §2.3.1)"); // "ci:%zz"
  CHECK(message("Basic Y2k6/w==") == "the Basic credentials are not form-urlencoded UTF-8 (RFC 6749 §2.3.1)"); // "ci:\xff"
}

TEST_CASE("media types and constant-time comparison")
{
  CHECK(net::has_media_type("application/x-www-form-urlencoded", "application/x-www-form-urlencoded"));
  CHECK(net::has_media_type("Application/X-WWW-Form-Urlencoded; charset=UTF-8", "application/x-www-form-urlencoded"));
  CHECK_FALSE(net::has_media_type("application/json", "application/x-www-form-urlencoded"));
  CHECK_FALSE(net::has_media_type("", "application/x-www-form-urlencoded"));
  CHECK(net::constant_time_equal("secret", "secret"));
  CHECK_FALSE(net::constant_time_equal("secret", "secreT"));
  CHECK_FALSE(net::constant_time_equal("secret", "secret2"));
  CHECK_FALSE(net::constant_time_equal("secret2", "secret"));
  CHECK_FALSE(net::constant_time_equal("", "x"));
  CHECK(net::constant_time_equal("", ""));
}
