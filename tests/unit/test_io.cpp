#include "util/io.hpp"

#include "support.hpp"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace {

// A pipe holding `data`, its write end closed; closes the read end when destroyed.
class FilledPipe
{
public:
  explicit FilledPipe(std::string_view data)
  {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    m_read = fds[0];
    REQUIRE(::write(fds[1], data.data(), data.size()) == static_cast<ssize_t>(data.size()));
    ::close(fds[1]);
  }
  FilledPipe(const FilledPipe&) = delete;
  FilledPipe& operator=(const FilledPipe&) = delete;
  ~FilledPipe()
  {
    ::close(m_read);
  }
  int fd() const noexcept
  {
    return m_read;
  }

private:
  int m_read = -1;
};

// A temporary file holding `data`, removed when destroyed.
class TempFile
{
public:
  explicit TempFile(std::string_view data)
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "jwtool_unit_XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    REQUIRE(fd >= 0);
    m_path = pattern;
    REQUIRE(::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
    ::close(fd);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile()
  {
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
  }
  const std::string& path() const noexcept
  {
    return m_path;
  }

private:
  std::string m_path;
};

// A FIFO in a directory of its own, both removed when destroyed.
class TempFifo
{
public:
  TempFifo()
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "jwtool_unit_XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_directory = pattern;
    m_path = m_directory + "/fifo";
    REQUIRE(::mkfifo(m_path.c_str(), 0600) == 0);
  }
  TempFifo(const TempFifo&) = delete;
  TempFifo& operator=(const TempFifo&) = delete;
  ~TempFifo()
  {
    std::error_code ignored;
    std::filesystem::remove_all(m_directory, ignored);
  }
  const std::string& path() const noexcept
  {
    return m_path;
  }

private:
  std::string m_directory;
  std::string m_path;
};

// A pipe whose write end stays open (a writer that stalls) until destroyed.
class OpenPipe
{
public:
  explicit OpenPipe(std::string_view data)
  {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    m_read = fds[0];
    m_write = fds[1];
    REQUIRE(::write(m_write, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
  }
  OpenPipe(const OpenPipe&) = delete;
  OpenPipe& operator=(const OpenPipe&) = delete;
  ~OpenPipe()
  {
    ::close(m_read);
    ::close(m_write);
  }
  int fd() const noexcept
  {
    return m_read;
  }

private:
  int m_read = -1;
  int m_write = -1;
};

// Opens `path` for writing (waiting for a reader), writes `data` after `delay` and closes it.
void write_later(const std::string& path, std::string data, std::chrono::milliseconds delay)
{
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): POSIX open
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    return;
  }
  std::this_thread::sleep_for(delay);
  static_cast<void>(::write(fd, data.data(), data.size()));
  ::close(fd);
}

constexpr std::chrono::milliseconds k_short{100};
constexpr std::chrono::milliseconds k_long{10'000};

} // namespace

TEST_CASE("read_fd reads to the end within the limit")
{
  const FilledPipe pipe("token\n");
  const util::ReadResult result = util::read_fd(pipe.fd(), 100);
  CHECK(result.error.empty());
  CHECK_FALSE(result.too_large);
  CHECK(result.data == "token\n");
  CHECK_FALSE(result.too_large);
  CHECK(result.error.empty());
}

TEST_CASE("read_fd accepts exactly max_bytes and flags one more")
{
  SUBCASE("exactly the limit")
  {
    const FilledPipe pipe("abcd");
    const util::ReadResult result = util::read_fd(pipe.fd(), 4);
    CHECK(result.error.empty());
  CHECK_FALSE(result.too_large);
    CHECK(result.data == "abcd");
  }
  SUBCASE("one byte over")
  {
    const FilledPipe pipe("abcde");
    const util::ReadResult result = util::read_fd(pipe.fd(), 4);
    CHECK((!result.error.empty() || result.too_large));
    CHECK(result.too_large);
    CHECK(result.data == "abcd");
  }
  SUBCASE("empty input")
  {
    const FilledPipe pipe("");
    const util::ReadResult result = util::read_fd(pipe.fd(), 4);
    CHECK(result.error.empty());
  CHECK_FALSE(result.too_large);
    CHECK(result.data.empty());
  }
}

TEST_CASE("read_fd reports a read error")
{
  const util::ReadResult result = util::read_fd(-1, 10);
  CHECK((!result.error.empty() || result.too_large));
  CHECK(result.error == std::strerror(EBADF));
}

TEST_CASE("read_file reads a regular file")
{
  const TempFile file(std::string_view("k\0ey\n", 5));
  const util::ReadResult result = util::read_file(file.path(), 100);
  CHECK(result.error.empty());
  CHECK_FALSE(result.too_large);
  CHECK(result.data == std::string_view("k\0ey\n", 5));

  const util::ReadResult limited = util::read_file(file.path(), 2);
  CHECK(limited.too_large);
  CHECK(limited.data == std::string_view("k\0", 2));
}

TEST_CASE("read_file refuses a directory and a missing file")
{
  const util::ReadResult directory = util::read_file(std::filesystem::temp_directory_path().string(), 100);
  CHECK_FALSE(directory.error.empty());
  CHECK(directory.error == std::strerror(EISDIR));

  const util::ReadResult missing = util::read_file("/nonexistent/jwtool/key", 100);
  CHECK_FALSE(missing.error.empty());
  CHECK(missing.error == std::strerror(ENOENT));
}

TEST_CASE("read_file with an idle timeout gives up on a FIFO that nobody opens for writing")
{
  const TempFifo fifo;
  // Without O_NONBLOCK the open alone would wait for a writer forever.
  const util::ReadResult result = util::read_file(fifo.path(), 100, k_short);
  CHECK(result.timed_out);
  CHECK(result.error.empty());
  CHECK_FALSE(result.too_large);
  CHECK(result.data.empty());
}

TEST_CASE("read_file with an idle timeout reads a FIFO whose writer comes in time")
{
  const TempFifo fifo;
  SUBCASE("a writer that opens the FIFO after the reader and writes at once")
  {
    std::thread writer([&] { write_later(fifo.path(), "secret\n", std::chrono::milliseconds(0)); });
    const util::ReadResult result = util::read_file(fifo.path(), 100, k_long);
    writer.join();
    CHECK_FALSE(result.timed_out);
    CHECK(result.error.empty());
    CHECK(result.data == "secret\n");
  }
  SUBCASE("a writer that opens the FIFO, then waits less than the timeout")
  {
    std::thread writer([&] { write_later(fifo.path(), "secret\n", std::chrono::milliseconds(50)); });
    const util::ReadResult result = util::read_file(fifo.path(), 100, std::chrono::milliseconds(5'000));
    writer.join();
    CHECK_FALSE(result.timed_out);
    CHECK(result.data == "secret\n");
  }
  SUBCASE("a writer that opens the FIFO and closes it without writing: empty, not a timeout")
  {
    std::thread writer([&] { write_later(fifo.path(), "", std::chrono::milliseconds(0)); });
    const util::ReadResult result = util::read_file(fifo.path(), 100, k_long);
    writer.join();
    CHECK_FALSE(result.timed_out);
    CHECK(result.error.empty());
    CHECK(result.data.empty());
  }
}

TEST_CASE("read_fd with an idle timeout gives up on a writer that stalls, keeping what came")
{
  const OpenPipe pipe("part of a");
  const util::ReadResult result = util::read_fd(pipe.fd(), 100, k_short);
  CHECK(result.timed_out);
  CHECK(result.error.empty());
  CHECK(result.data == "part of a");
}

TEST_CASE("read_fd with an idle timeout reads a finished pipe, a regular file and reports errors as before")
{
  const FilledPipe pipe("token\n");
  const util::ReadResult from_pipe = util::read_fd(pipe.fd(), 100, k_short);
  CHECK_FALSE(from_pipe.timed_out);
  CHECK(from_pipe.data == "token\n");

  const TempFile file("key\n");
  const util::ReadResult from_file = util::read_file(file.path(), 100, k_short);
  CHECK_FALSE(from_file.timed_out);
  CHECK(from_file.data == "key\n");
  const util::ReadResult limited = util::read_file(file.path(), 2, k_short);
  CHECK(limited.too_large);
  CHECK(limited.data == "ke");

  const util::ReadResult bad = util::read_fd(-1, 10, k_short);
  CHECK_FALSE(bad.timed_out);
  CHECK(bad.error == std::strerror(EBADF));

  const util::ReadResult directory = util::read_file(std::filesystem::temp_directory_path().string(), 100, k_short);
  CHECK(directory.error == std::strerror(EISDIR));
}
