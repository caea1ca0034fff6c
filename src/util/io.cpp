#include "util/io.hpp"

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

ReadResult read_fd(int fd, std::size_t max_bytes)
{
  ReadResult result;
  char buffer[16384];
  while (result.data.size() <= max_bytes) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
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
    result.data.append(buffer, static_cast<std::size_t>(n));
  }
  result.too_large = true;
  result.data.resize(max_bytes);
  return result;
}

ReadResult read_file(const std::string& path, std::size_t max_bytes)
{
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
