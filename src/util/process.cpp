#include "util/process.hpp"

#include <climits>
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

} // namespace util
