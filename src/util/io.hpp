#pragma once

#include <cstddef>
#include <string>

namespace util {

struct ReadResult {
  std::string data;
  std::string error;      // strerror text when reading failed
  bool too_large = false; // more than the limit was available; data holds the first part
  bool ok() const noexcept
  {
    return error.empty() && !too_large;
  }
};

// Reads a descriptor to its end, but never more than max_bytes + 1 bytes.
ReadResult read_fd(int fd, std::size_t max_bytes);

// Reads a file (not a directory) to its end, with the same limit.
ReadResult read_file(const std::string& path, std::size_t max_bytes);

bool is_terminal(int fd) noexcept;

} // namespace util
