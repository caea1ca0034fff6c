#include "util/io.hpp"

#include "support.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
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
