#include "util/process.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace util {

bool forbid_core_dumps() noexcept
{
  const rlimit no_core{0, 0};
  const bool limited = ::setrlimit(RLIMIT_CORE, &no_core) == 0;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): prctl(2) is variadic in C.
  const bool undumpable = ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
  return limited && undumpable;
}

} // namespace util
