#include "net/http_framing.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <fmt/core.h>

namespace net {

HttpResponse plain_response(int status, std::string text)
{
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  response.body = std::move(text) + "\n";
  return response;
}

bool is_safe_header(const std::pair<std::string, std::string>& header)
{
  const auto bad = [](const std::string& text) { return text.find_first_of(std::string("\r\n\0", 3)) != std::string::npos; };
  return !header.first.empty() && !bad(header.first) && !bad(header.second)
         && header.first.find_first_of(" \t:") == std::string::npos;
}

std::string lower_case(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return text;
}

bool exceeds(const std::string& digits, std::size_t limit)
{
  if (digits.empty()) {
    return true;
  }
  std::size_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9' || value > limit) {
      return true;
    }
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value > limit;
}

std::optional<HttpResponse> ambiguity_refusal(const std::vector<std::pair<std::string, std::string>>& headers)
{
  const auto count = [&headers](std::string_view name) {
    return std::count_if(headers.begin(), headers.end(), [name](const auto& header) { return header.first == name; });
  };
  const auto lengths = count("content-length");
  const auto codings = count("transfer-encoding");
  if (lengths > 0 && codings > 0) {
    return plain_response(400, "the request has both Transfer-Encoding and Content-Length");
  }
  if (lengths > 1) {
    return plain_response(400, "the request has more than one Content-Length header");
  }
  if (codings > 0) {
    const auto coding = std::find_if(headers.begin(), headers.end(),
                                     [](const auto& header) { return header.first == "transfer-encoding"; });
    if (codings > 1 || !util::iequals(util::trim(coding->second), "chunked")) {
      return plain_response(501, R"(the request's Transfer-Encoding is not "chunked")");
    }
  }
  for (const auto& [name, shown] : {std::pair<std::string_view, std::string_view>{"authorization", "Authorization"},
                                    std::pair<std::string_view, std::string_view>{"content-type", "Content-Type"}}) {
    if (count(name) > 1) {
      return plain_response(400, fmt::format("the request has more than one {} header", shown));
    }
  }
  return std::nullopt;
}

std::string_view origin_form(std::string_view target)
{
  const auto scheme_end = target.find("://");
  if (target.empty() || target.front() == '/' || scheme_end == std::string_view::npos) {
    return target;
  }
  const auto path = target.find_first_of("/?", scheme_end + 3);
  return path == std::string_view::npos ? std::string_view("/") : target.substr(path);
}

} // namespace net
