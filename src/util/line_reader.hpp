#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace util {

// Reads a descriptor one line at a time through a fixed buffer: memory stays the same
// whatever the input's size. A line longer than max_line is not kept: it is reported with its
// length and the reader moves on to the next one. The last line needs no newline; a "\r"
// before the newline is dropped.
class LineReader
{
public:
  LineReader(int fd, std::size_t max_line);

  struct Line {
    std::string_view text;   // valid until the next call; empty when too_long
    std::size_t number = 0;  // from 1
    std::size_t length = 0;  // bytes, without the line end
    bool too_long = false;
  };

  // The next line; false at the end of the input or on a read error (see error()).
  bool next(Line& line);

  // strerror text of a failed read; empty otherwise.
  const std::string& error() const noexcept
  {
    return m_error;
  }

private:
  // Reads more bytes after m_end; false at the end of input or on error.
  bool fill();

  int m_fd;
  std::size_t m_max_line;
  std::vector<char> m_buffer;
  std::size_t m_begin = 0; // first byte not yet returned
  std::size_t m_end = 0;   // one past the last byte read
  std::size_t m_number = 0;
  bool m_eof = false;
  std::string m_error;
};

} // namespace util
