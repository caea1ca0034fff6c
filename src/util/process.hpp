#pragma once

namespace util {

// Keeps this process's memory out of reach from now on: no core file is written (RLIMIT_CORE
// 0, soft and hard, so that only a privileged process could raise it again) and the process is not dumpable
// (PR_SET_DUMPABLE 0: no core either, and other processes of the same user can no longer
// ptrace it or read /proc/PID/mem). For a process about to hold secrets. True when both took
// effect; neither can fail on Linux for a process lowering its own limits.
bool forbid_core_dumps() noexcept;

} // namespace util
