#pragma once

#include <unistd.h>
#include <utility>

namespace util {

// Owns a file descriptor (a file, a socket): closed when the owner goes, unless released.
class FileDescriptor
{
public:
  explicit FileDescriptor(int fd = -1) noexcept : m_fd(fd)
  {
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  FileDescriptor(FileDescriptor&& other) noexcept : m_fd(std::exchange(other.m_fd, -1))
  {
  }
  FileDescriptor& operator=(FileDescriptor&& other) noexcept
  {
    if (this != &other) {
      reset();
      m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
  }
  ~FileDescriptor()
  {
    reset();
  }

  int get() const noexcept
  {
    return m_fd;
  }
  bool valid() const noexcept
  {
    return m_fd >= 0;
  }
  // Hands the descriptor over: no longer closed here.
  int release() noexcept
  {
    return std::exchange(m_fd, -1);
  }
  // Closes now, reporting whether close succeeded (for a file written: whether its data got
  // there). False when there was nothing to close.
  bool close() noexcept
  {
    return valid() && ::close(std::exchange(m_fd, -1)) == 0;
  }
  void reset() noexcept
  {
    if (valid()) {
      static_cast<void>(::close(std::exchange(m_fd, -1)));
    }
  }

private:
  int m_fd;
};

} // namespace util
