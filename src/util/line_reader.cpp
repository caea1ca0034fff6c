#include "util/line_reader.hpp"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace util {

namespace {
constexpr std::size_t k_read_size = std::size_t{64} * 1024;
}

LineReader::LineReader(int fd, std::size_t max_line)
  : m_fd(fd), m_max_line(max_line), m_buffer(max_line + 1 + k_read_size)
{
}

bool LineReader::fill()
{
  if (m_eof) {
    return false;
  }
  // Move what is left of a partial line to the front, to make room after it.
  if (m_begin > 0) {
    std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_begin = 0;
  }
  for (;;) {
    const ssize_t got = ::read(m_fd, m_buffer.data() + m_end, m_buffer.size() - m_end);
    if (got > 0) {
      m_end += static_cast<std::size_t>(got);
      return true;
    }
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      m_error = std::strerror(errno);
    }
    m_eof = true;
    return false;
  }
}

bool LineReader::next(Line& line)
{
  std::size_t skipped = 0; // bytes of a too-long line already dropped
  std::size_t search_from = m_begin;
  const auto emit = [&](std::size_t stop, std::size_t next_begin) {
    std::string_view text(m_buffer.data() + m_begin, stop - m_begin);
    if (skipped == 0 && !text.empty() && text.back() == '\r') {
      text.remove_suffix(1);
    }
    m_begin = next_begin;
    line.number = ++m_number;
    line.length = skipped + text.size();
    line.too_long = line.length > m_max_line;
    line.text = line.too_long ? std::string_view() : text;
    return true;
  };
  for (;;) {
    const void* found = std::memchr(m_buffer.data() + search_from, '\n', m_end - search_from);
    if (found != nullptr) {
      const auto stop = static_cast<std::size_t>(static_cast<const char*>(found) - m_buffer.data());
      return emit(stop, stop + 1);
    }
    // No newline yet: a line already past the limit is counted and dropped, not kept.
    if (m_end - m_begin > m_max_line) {
      skipped += m_end - m_begin;
      m_begin = m_end;
    }
    const std::size_t pending = m_end - m_begin;
    if (!fill()) {
      if (!m_error.empty() || (pending == 0 && skipped == 0)) {
        return false;
      }
      return emit(m_end, m_end); // the last line, without a newline
    }
    search_from = pending; // fill() moved the pending bytes to the front
  }
}

} // namespace util
