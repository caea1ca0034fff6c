#include "net/http_framing.hpp"

#include <doctest/doctest.h>

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The refusal's status and text; "" when the request is not refused.
std::string refusal(const Headers& headers)
{
  const auto refused = net::ambiguity_refusal(headers);
  return refused ? std::to_string(refused->status) + " " + refused->body : "";
}

} // namespace

TEST_CASE("ambiguity_refusal: one way to read the body's end, one Authorization, one Content-Type")
{
  CHECK(refusal({}) == "");
  CHECK(refusal({{"content-length", "3"}, {"host", "h"}}) == "");
  CHECK(refusal({{"transfer-encoding", " Chunked "}}) == "");
  CHECK(refusal({{"content-length", "3"}, {"transfer-encoding", "chunked"}})
        == "400 the request has both Transfer-Encoding and Content-Length\n");
  CHECK(refusal({{"content-length", "3"}, {"content-length", "3"}}) == "400 the request has more than one Content-Length header\n");
  CHECK(refusal({{"transfer-encoding", "gzip, chunked"}}) == "501 the request's Transfer-Encoding is not \"chunked\"\n");
  CHECK(refusal({{"transfer-encoding", "chunked"}, {"transfer-encoding", "chunked"}})
        == "501 the request's Transfer-Encoding is not \"chunked\"\n");
  CHECK(refusal({{"authorization", "Basic a"}, {"authorization", "Basic b"}})
        == "400 the request has more than one Authorization header\n");
  CHECK(refusal({{"content-type", "a/b"}, {"content-type", "a/b"}}) == "400 the request has more than one Content-Type header\n");
  const auto refused = net::ambiguity_refusal({{"content-length", "1"}, {"content-length", "2"}});
  REQUIRE(refused);
  CHECK(refused->headers == Headers{{"Content-Type", "text/plain; charset=utf-8"}});
}

TEST_CASE("exceeds: a Content-Length over the limit, or not digits")
{
  CHECK_FALSE(net::exceeds("0", 10));
  CHECK_FALSE(net::exceeds("10", 10));
  CHECK(net::exceeds("11", 10));
  CHECK(net::exceeds("99999999999999999999999999999", 10)); // no overflow back under the limit
  CHECK(net::exceeds("", 10));
  CHECK(net::exceeds("1a", 10));
  CHECK(net::exceeds("-1", 10));
  CHECK(net::exceeds(" 1", 10));
}

TEST_CASE("origin_form: an absolute-form target loses its scheme and authority")
{
  CHECK(net::origin_form("/a?b") == "/a?b");
  CHECK(net::origin_form("*") == "*");
  CHECK(net::origin_form("") == "");
  CHECK(net::origin_form("http://h:8080/token?x=1") == "/token?x=1");
  CHECK(net::origin_form("http://h?x=1") == "?x=1");
  CHECK(net::origin_form("http://h") == "/");
}

TEST_CASE("is_safe_header: no line break, NUL or separator where a header could be split")
{
  CHECK(net::is_safe_header({"X-A", "b c"}));
  CHECK_FALSE(net::is_safe_header({"", "b"}));
  CHECK_FALSE(net::is_safe_header({"X A", "b"}));
  CHECK_FALSE(net::is_safe_header({"X:A", "b"}));
  CHECK_FALSE(net::is_safe_header({"X-A", "b\r\nSet-Cookie: c"}));
  CHECK_FALSE(net::is_safe_header({"X-A", "b\n"}));
  CHECK_FALSE(net::is_safe_header({"X-A", std::string("b\0c", 3)}));
}

TEST_CASE("lower_case: ASCII letters only")
{
  CHECK(net::lower_case("Content-TYPE") == "content-type");
  CHECK(net::lower_case("\xc3\x84") == "\xc3\x84");
}
