#include "util/io.hpp"

#include "support.hpp"

#include <algorithm>
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
#include <vector>

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

namespace {

// A directory of its own, removed with what it holds when destroyed.
class TempDirectory
{
public:
  TempDirectory()
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "jwtool_unit_XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_path = pattern;
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  TempDirectory(TempDirectory&&) = delete;
  TempDirectory& operator=(TempDirectory&&) = delete;
  ~TempDirectory()
  {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  const std::string& path() const noexcept
  {
    return m_path;
  }
  // The names in the directory, sorted.
  std::vector<std::string> names() const
  {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(m_path)) {
      found.push_back(entry.path().filename().string());
    }
    std::sort(found.begin(), found.end());
    return found;
  }

private:
  std::string m_path;
};

unsigned mode_of(const std::string& path)
{
  struct stat info {};
  REQUIRE(::lstat(path.c_str(), &info) == 0);
  return info.st_mode & 07777U;
}

std::string contents_of(const std::string& path)
{
  const util::ReadResult read = util::read_file(path, 1000);
  REQUIRE(read.error.empty());
  return read.data;
}

} // namespace

TEST_CASE("write_new_private_file writes the file whole, mode 0600, and leaves nothing else behind")
{
  const TempDirectory directory;
  const std::string path = directory.path() + "/key.pem";
  const util::NewFileResult result = util::write_new_private_file(path, std::string_view("k\0ey\n", 5));
  CHECK(result.status == util::NewFileStatus::written);
  CHECK(result.error.empty());
  CHECK(contents_of(path) == std::string_view("k\0ey\n", 5));
  CHECK(mode_of(path) == 0600U);
  CHECK(directory.names() == std::vector<std::string>{"key.pem"});
}

TEST_CASE("write_new_private_file gives mode 0600 whatever the umask")
{
  const TempDirectory directory;
  for (const mode_t mask : {mode_t{0}, mode_t{0277}, mode_t{0777}}) {
    const std::string path = directory.path() + "/key" + std::to_string(mask);
    const mode_t old_mask = ::umask(mask);
    const util::NewFileResult result = util::write_new_private_file(path, "key");
    ::umask(old_mask);
    CHECK(result.status == util::NewFileStatus::written);
    CHECK(mode_of(path) == 0600U);
    CHECK(contents_of(path) == "key");
  }
}

TEST_CASE("write_new_private_file never replaces what is there, a dangling symbolic link included")
{
  const TempDirectory directory;
  const std::string path = directory.path() + "/key.pem";
  REQUIRE(util::write_new_private_file(path, "old").status == util::NewFileStatus::written);
  const util::NewFileResult again = util::write_new_private_file(path, "new");
  CHECK(again.status == util::NewFileStatus::exists);
  CHECK(contents_of(path) == "old");

  const std::string link = directory.path() + "/link";
  REQUIRE(::symlink((directory.path() + "/target").c_str(), link.c_str()) == 0);
  CHECK(util::write_new_private_file(link, "new").status == util::NewFileStatus::exists);
  CHECK(directory.names() == std::vector<std::string>{"key.pem", "link"}); // no target, no temporary file

  CHECK(util::write_new_private_file(directory.path(), "new").status == util::NewFileStatus::exists);
}

TEST_CASE("write_new_private_file reports a directory it cannot write in")
{
  const util::NewFileResult result = util::write_new_private_file("/nonexistent/jwtool/key.pem", "key");
  CHECK(result.status == util::NewFileStatus::failed);
  CHECK(result.error == std::strerror(ENOENT));
}

TEST_CASE("write_new_private_file writes a bare file name in the current directory")
{
  const TempDirectory directory;
  const std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(directory.path());
  const util::NewFileResult result = util::write_new_private_file("key.pem", "key");
  std::filesystem::current_path(previous);
  CHECK(result.status == util::NewFileStatus::written);
  CHECK(directory.names() == std::vector<std::string>{"key.pem"});
  CHECK(mode_of(directory.path() + "/key.pem") == 0600U);
}

TEST_CASE("path_exists sees files, directories and symbolic links, dangling ones too")
{
  const TempDirectory directory;
  CHECK(util::path_exists(directory.path()));
  CHECK_FALSE(util::path_exists(directory.path() + "/missing"));
  const std::string link = directory.path() + "/link";
  REQUIRE(::symlink((directory.path() + "/missing").c_str(), link.c_str()) == 0);
  CHECK(util::path_exists(link));
  REQUIRE(util::write_new_private_file(directory.path() + "/file", "x").status == util::NewFileStatus::written);
  CHECK(util::path_exists(directory.path() + "/file"));
}
