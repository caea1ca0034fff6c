#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace net {

// The access log's line for one answered request (http_server.hpp, AccessLog): a JSON object
// with method, path, status, client and duration_ms (milliseconds, up to 3 decimals), in that
// order. Bytes that are not UTF-8 (a hostile path) become U+FFFD.
std::string access_log_line(std::string_view method, std::string_view path, int status, std::string_view client,
                            std::chrono::nanoseconds duration);

} // namespace net
