#include "net/access_log.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace net {

std::string access_log_line(std::string_view method, std::string_view path, int status, std::string_view client,
                            std::chrono::nanoseconds duration)
{
  // Whole microseconds as milliseconds: 1.234, never 1.2340000000000002.
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
  nlohmann::ordered_json line;
  line["method"] = method;
  line["path"] = path;
  line["status"] = status;
  line["client"] = client;
  line["duration_ms"] = static_cast<double>(micros) / 1000.0;
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace net
