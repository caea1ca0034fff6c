#include "util/file_descriptor.hpp"

#include <cerrno>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

namespace {

bool is_open(int fd)
{
  return ::fcntl(fd, F_GETFD) != -1;
}

int open_null()
{
  return ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

} // namespace

TEST_CASE("FileDescriptor: closed when it goes, not when released")
{
  int raw = -1;
  {
    const util::FileDescriptor fd(open_null());
    raw = fd.get();
    REQUIRE(fd.valid());
    CHECK(is_open(raw));
  }
  CHECK_FALSE(is_open(raw));

  int kept = -1;
  {
    util::FileDescriptor fd(open_null());
    kept = fd.release();
    CHECK_FALSE(fd.valid());
  }
  CHECK(is_open(kept));
  ::close(kept);
}

TEST_CASE("FileDescriptor: a move hands the descriptor over; assigning closes the one held")
{
  util::FileDescriptor first(open_null());
  const int raw = first.get();
  util::FileDescriptor second(std::move(first));
  CHECK(second.get() == raw);
  CHECK(is_open(raw));

  util::FileDescriptor third(open_null());
  const int replaced = third.get();
  third = std::move(second);
  CHECK(third.get() == raw);
  CHECK_FALSE(is_open(replaced));
  CHECK(is_open(raw));
}

TEST_CASE("FileDescriptor::close: reports, and closes once")
{
  util::FileDescriptor fd(open_null());
  const int raw = fd.get();
  CHECK(fd.close());
  CHECK_FALSE(is_open(raw));
  CHECK_FALSE(fd.valid());
  CHECK_FALSE(fd.close()); // nothing left to close
  CHECK_FALSE(util::FileDescriptor().close());
}
