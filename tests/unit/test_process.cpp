#include "util/process.hpp"

#include "support.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <csignal>
#include <pthread.h>
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

TEST_CASE("StopSignals holds SIGTERM and SIGINT back for wait(), in threads started later too")
{
  // In a child, so the test binary keeps its signal mask. The child reports by exit code.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    int failed = 0;
    {
      const util::StopSignals stop_signals;
      bool blocked_in_thread = false;
      std::thread([&blocked_in_thread] {
        sigset_t mask{};
        ::pthread_sigmask(SIG_BLOCK, nullptr, &mask);
        blocked_in_thread = sigismember(&mask, SIGTERM) == 1 && sigismember(&mask, SIGINT) == 1;
      }).join();
      failed |= blocked_in_thread ? 0 : 1;
      ::kill(::getpid(), SIGTERM); // held back: the process lives on
      failed |= stop_signals.wait() == SIGTERM ? 0 : 2;
      ::kill(::getpid(), SIGINT);
      failed |= stop_signals.wait() == SIGINT ? 0 : 4;
      ::kill(::getpid(), SIGTERM); // a second one during shutdown: taken, not fatal, when the mask comes back
    }
    sigset_t mask{};
    ::pthread_sigmask(SIG_BLOCK, nullptr, &mask);
    failed |= sigismember(&mask, SIGTERM) == 0 && sigismember(&mask, SIGINT) == 0 ? 0 : 8;
    ::_exit(failed);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
