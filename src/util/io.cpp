#include "util/io.hpp"

#include "util/file_descriptor.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace util {

namespace {

// Overwrites a buffer in a way the compiler may not drop as a dead store. explicit_bzero (glibc
// 2.25) rather than a loop of volatile stores: as fast as memset (a 16 KiB buffer cost 65,000
// instructions, 5 % of a whole `jwtool verify`).
void scrub(char* data, std::size_t size) noexcept
{
  ::explicit_bzero(data, size);
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

namespace {

enum class Wait { ready, timed_out, failed };

// Waits until fd has data, its end or an error to report, for at most `timeout` (errno set on
// failure).
Wait wait_readable(int fd, std::chrono::milliseconds timeout)
{
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd watched{fd, POLLIN, 0};
    const int ready = ::poll(&watched, 1, static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0)));
    if (ready > 0) {
      return Wait::ready; // POLLIN, POLLHUP, POLLERR, POLLNVAL: the read that follows tells which
    }
    if (ready == 0) {
      if (Clock::now() >= deadline) {
        return Wait::timed_out;
      }
      continue;
    }
    if (errno != EINTR) {
      return Wait::failed;
    }
  }
}

} // namespace

ReadResult read_fd(int fd, std::size_t max_bytes, IdleTimeout idle)
{
  ReadResult result;
  if (fd < 0) {
    result.error = std::strerror(EBADF);
    return result;
  }
  // Reserved up front, so the data (perhaps a key) is never left behind in a freed buffer
  // when the string grows.
  result.data.reserve(max_bytes + 1);
  ScrubbedBuffer buffer;
  while (result.data.size() <= max_bytes) {
    if (idle) {
      const Wait wait = wait_readable(fd, *idle);
      if (wait == Wait::timed_out) {
        result.timed_out = true;
        return result;
      }
      if (wait == Wait::failed) {
        result.error = std::strerror(errno);
        return result;
      }
    }
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      // EAGAIN: a descriptor opened non-blocking whose data another reader took first.
      if (errno == EINTR || (idle && (errno == EAGAIN || errno == EWOULDBLOCK))) {
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

ReadResult read_file(const std::string& path, std::size_t max_bytes, IdleTimeout idle)
{
  // O_NONBLOCK with an idle timeout: opening a FIFO for reading otherwise waits, without limit,
  // for a writer to open it. Reads then wait in poll, never in read.
  const int flags = O_RDONLY | O_CLOEXEC | (idle ? O_NONBLOCK : 0);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): open(2) is variadic in C; no mode is passed.
  const FileDescriptor fd(::open(path.c_str(), flags));
  if (!fd.valid()) {
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
  return read_fd(fd.get(), max_bytes, idle);
}

namespace {

NewFileResult new_file_failed(int error)
{
  return NewFileResult{NewFileStatus::failed, std::strerror(error)};
}

// The temporary file's bytes, synced and closed, then linked to `path`. link(2) never replaces
// what is there, where rename(2) would.
NewFileResult fill_and_link(FileDescriptor file, const std::string& temporary, const std::string& path,
                            std::string_view bytes)
{
  // fchmod: a umask that takes the owner's bits away must not change the mode either.
  if (::fchmod(file.get(), S_IRUSR | S_IWUSR) != 0 || !write_all(file.get(), bytes) || ::fsync(file.get()) != 0) {
    return new_file_failed(errno);
  }
  if (!file.close()) {
    return new_file_failed(errno);
  }
  if (::link(temporary.c_str(), path.c_str()) != 0) {
    return errno == EEXIST ? NewFileResult{NewFileStatus::exists, {}} : new_file_failed(errno);
  }
  return NewFileResult{NewFileStatus::written, {}};
}

} // namespace

NewFileResult write_new_private_file(const std::string& path, std::string_view bytes)
{
  const auto slash = path.rfind('/');
  const std::string directory = slash == std::string::npos ? std::string(".") : path.substr(0, slash + 1);
  std::string temporary = directory + (slash == std::string::npos ? "/" : "") + ".jwtool-new-XXXXXX";
  // mkostemp: O_CREAT | O_EXCL, mode 0600, a name no other file has.
  FileDescriptor file(::mkostemp(temporary.data(), O_CLOEXEC));
  if (!file.valid()) {
    return new_file_failed(errno);
  }
  NewFileResult result = fill_and_link(std::move(file), temporary, path, bytes);
  ::unlink(temporary.c_str());
  return result;
}

bool write_all(int fd, std::string_view bytes) noexcept
{
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written == 0) {
      errno = EIO; // nothing written, no error said: the caller reports errno
    }
    if (written <= 0) {
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

bool path_exists(const std::string& path) noexcept
{
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

bool is_terminal(int fd) noexcept
{
  return ::isatty(fd) == 1;
}

bool names_open_file(const std::string& path, int fd) noexcept
{
  struct stat named {};
  struct stat open {};
  return ::stat(path.c_str(), &named) == 0 && ::fstat(fd, &open) == 0 && named.st_dev == open.st_dev
         && named.st_ino == open.st_ino;
}

} // namespace util
