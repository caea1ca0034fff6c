#include "util/io.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace util {

namespace {

class UniqueFd
{
public:
  explicit UniqueFd(int fd) noexcept : m_fd(fd)
  {
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  UniqueFd(UniqueFd&&) = delete;
  UniqueFd& operator=(UniqueFd&&) = delete;
  ~UniqueFd()
  {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  int get() const noexcept
  {
    return m_fd;
  }

private:
  int m_fd;
};

} // namespace

namespace {

// Overwrites a buffer in a way the compiler may not drop as a dead store.
void scrub(char* data, std::size_t size) noexcept
{
  volatile char* bytes = data;
  for (std::size_t i = 0; i < size; ++i) {
    bytes[i] = 0;
  }
}

// A read buffer on the stack, overwritten when it goes out of scope.
class ScrubbedBuffer
{
public:
  ScrubbedBuffer() = default;
  ScrubbedBuffer(const ScrubbedBuffer&) = delete;
  ScrubbedBuffer& operator=(const ScrubbedBuffer&) = delete;
  ScrubbedBuffer(ScrubbedBuffer&&) = delete;
  ScrubbedBuffer& operator=(ScrubbedBuffer&&) = delete;
  ~ScrubbedBuffer()
  {
    scrub(m_bytes.data(), m_bytes.size());
  }
  char* data() noexcept
  {
    return m_bytes.data();
  }
  std::size_t size() const noexcept
  {
    return m_bytes.size();
  }

private:
  std::array<char, 16384> m_bytes{};
};

} // namespace

ReadResult read_fd(int fd, std::size_t max_bytes)
{
  ReadResult result;
  // Reserved up front, so the data (perhaps a key) is never left behind in a freed buffer
  // when the string grows.
  result.data.reserve(max_bytes + 1);
  ScrubbedBuffer buffer;
  while (result.data.size() <= max_bytes) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      result.error = std::strerror(errno);
      return result;
    }
    if (n == 0) {
      return result;
    }
    result.data.append(buffer.data(), std::min(static_cast<std::size_t>(n), max_bytes + 1 - result.data.size()));
  }
  result.too_large = true;
  result.data.resize(max_bytes);
  return result;
}

ReadResult read_file(const std::string& path, std::size_t max_bytes)
{
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): open(2) is variadic in C; no mode is passed.
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    ReadResult result;
    result.error = std::strerror(errno);
    return result;
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) == 0 && S_ISDIR(info.st_mode)) {
    ReadResult result;
    result.error = std::strerror(EISDIR);
    return result;
  }
  return read_fd(fd.get(), max_bytes);
}

bool is_terminal(int fd) noexcept
{
  return ::isatty(fd) == 1;
}

} // namespace util
