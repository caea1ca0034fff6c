#include "util/process.hpp"

#include <climits>
#include <initializer_list>
#include <csignal>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace util {

bool forbid_core_dumps() noexcept
{
  const rlimit no_core{0, 0};
  const bool limited = ::setrlimit(RLIMIT_CORE, &no_core) == 0;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): prctl(2) is variadic in C.
  const bool undumpable = ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
  return limited && undumpable;
}

void return_large_blocks_when_freed(std::size_t bytes) noexcept
{
#ifdef __GLIBC__
  // Setting the threshold also turns off glibc's raising of it (and of M_TRIM_THRESHOLD).
  static_cast<void>(::mallopt(M_MMAP_THRESHOLD, static_cast<int>(bytes < INT_MAX ? bytes : INT_MAX)));
#else
  static_cast<void>(bytes);
#endif
}

namespace {

sigset_t stop_signal_set() noexcept
{
  sigset_t set{};
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

} // namespace

StopSignals::StopSignals()
{
  // Blocked rather than caught: a handler could only set a flag, and the threads started later
  // (the server's) inherit the mask, so none of them is interrupted; wait() takes the signal.
  const sigset_t stop = stop_signal_set();
  static_cast<void>(::pthread_sigmask(SIG_BLOCK, &stop, &m_previous_mask));
}

StopSignals::~StopSignals()
{
  // A second SIGTERM that came while the server was stopping is taken here: restored, it would
  // kill the process after a clean shutdown (status 143 instead of 0).
  const timespec no_wait{0, 0};
  for (const int signal_number : {SIGINT, SIGTERM}) {
    sigset_t one{};
    sigemptyset(&one);
    sigaddset(&one, signal_number);
    if (sigismember(&m_previous_mask, signal_number) == 0) {
      while (::sigtimedwait(&one, nullptr, &no_wait) == signal_number) {
      }
    }
  }
  static_cast<void>(::pthread_sigmask(SIG_SETMASK, &m_previous_mask, nullptr));
}

int StopSignals::wait() const // NOLINT(readability-convert-member-functions-to-static): wait()s on this mask
{
  const sigset_t stop = stop_signal_set();
  int signal_number = 0;
  // sigwait fails only for an invalid set; it is not interrupted (EINTR) by other signals.
  while (::sigwait(&stop, &signal_number) != 0) {
  }
  return signal_number;
}

} // namespace util
