#pragma once

#include "net/http_server.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The checks net::HttpServer makes on a request's framing and a handler's answer, apart from
// any HTTP library (so that they can be tested alone).
namespace net {

// A text/plain answer: `text` and a newline.
HttpResponse plain_response(int status, std::string text);

// Whether a handler's response header may be sent: a name without space, tab or colon, and
// neither part with CR, LF or NUL (a header could be split, a response smuggled).
bool is_safe_header(const std::pair<std::string, std::string>& header);

// ASCII letters to lower case (header names).
std::string lower_case(std::string text);

// Whether a Content-Length value is over `limit` (and anything that is not digits, an empty value
// too, as over).
bool exceeds(const std::string& digits, std::size_t limit);

// Why a request whose header a proxy in front and this server could read two ways is refused:
// where its body ends (RFC 9112 §6.1, §6.3), which credentials or media type count. Answered
// with the connection closed: where a next request would start is not known. nullopt: none.
// `headers`: names in lower case.
std::optional<HttpResponse> ambiguity_refusal(const std::vector<std::pair<std::string, std::string>>& headers);

// An absolute-form target ("http://host/path?q", RFC 9112 §3.2.2) without its scheme and
// authority, so that path always starts with '/' (or is "*").
std::string_view origin_form(std::string_view target);

} // namespace net
