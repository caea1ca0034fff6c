#include "util/process.hpp"

#include "support.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

TEST_CASE("forbid_core_dumps makes the process undumpable with no core size")
{
  // In a child, so the test binary itself keeps its limits. The child reports by exit code.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    int failed = util::forbid_core_dumps() ? 0 : 1;
    rlimit core{};
    failed |= ::getrlimit(RLIMIT_CORE, &core) == 0 && core.rlim_cur == 0 && core.rlim_max == 0 ? 0 : 2;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): prctl(2) is variadic in C.
    failed |= ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0 ? 0 : 4;
    ::_exit(failed);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
