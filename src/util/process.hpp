#pragma once

#include <csignal>
#include <cstddef>

namespace util {

// Keeps this process's memory out of reach from now on: no core file is written (RLIMIT_CORE
// 0, soft and hard, so that only a privileged process could raise it again) and the process is not dumpable
// (PR_SET_DUMPABLE 0: no core either, and other processes of the same user can no longer
// ptrace it or read /proc/PID/mem). For a process about to hold secrets. True when both took
// effect; neither can fail on Linux for a process lowering its own limits.
bool forbid_core_dumps() noexcept;

// Makes memory blocks of at least `bytes` go back to the system as soon as they are freed: each
// gets a mapping of its own. Without it, glibc raises that size after each such free (up to
// 32 MiB) and keeps freed memory in its per-thread heaps, so a process whose threads each once
// held a large buffer keeps them all. No effect with another C library.
void return_large_blocks_when_freed(std::size_t bytes) noexcept;

// SIGINT and SIGTERM held back from the moment this is constructed (in every thread started
// after it: construct it before starting any), so that wait() takes them on the calling thread.
// For a server that shuts down gracefully. The previous signal mask comes back on destruction.
class StopSignals
{
public:
  StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  StopSignals(StopSignals&&) = delete;
  StopSignals& operator=(StopSignals&&) = delete;
  ~StopSignals();

  // Blocks until SIGINT or SIGTERM arrives; returns its number.
  int wait() const;

private:
  sigset_t m_previous_mask{};
};

} // namespace util
