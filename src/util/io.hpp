#pragma once

#include <cstddef>
#include <string>

namespace util {

struct ReadResult {
  std::string data;
  std::string error;      // strerror text when reading failed
  bool too_large = false; // more than the limit was available; data holds the first part
};

// Reads a descriptor to its end, or until more than max_bytes have arrived (then too_large is
// set and data holds the first max_bytes). Reads in chunks, so up to one chunk (16 KiB) past
// the limit may be consumed from the descriptor. No copy of the bytes is left in memory it
// frees: data is reserved once and the chunk buffer overwritten.
ReadResult read_fd(int fd, std::size_t max_bytes);

// Reads a file (not a directory) to its end, with the same limit.
ReadResult read_file(const std::string& path, std::size_t max_bytes);

bool is_terminal(int fd) noexcept;

} // namespace util
