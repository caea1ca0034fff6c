#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace util {

struct ReadResult {
  std::string data;
  std::string error;      // strerror text when reading failed
  bool too_large = false; // more than the limit was available; data holds the first part
  bool timed_out = false; // no byte arrived for the idle timeout; data holds what came before
};

// How long a read may wait for the next byte; none: as long as it takes.
using IdleTimeout = std::optional<std::chrono::milliseconds>;

// Reads a descriptor to its end, or until more than max_bytes have arrived (then too_large is
// set and data holds the first max_bytes). Reads in chunks, so up to one chunk (16 KiB) past
// the limit may be consumed from the descriptor. No copy of the bytes is left in memory it
// frees: data is reserved once and the chunk buffer overwritten. With an idle timeout, it waits
// at most that long for each chunk (poll), then gives up with timed_out: a pipe whose writer
// stalls cannot hold the reader forever.
ReadResult read_fd(int fd, std::size_t max_bytes, IdleTimeout idle = std::nullopt);

// Reads a file (not a directory) to its end, with the same limit. With an idle timeout, the
// file is opened without waiting for a writer (a FIFO nobody opens for writing) and read as
// read_fd does, so a FIFO that no one writes to times out too.
ReadResult read_file(const std::string& path, std::size_t max_bytes, IdleTimeout idle = std::nullopt);

// How writing a new file went.
enum class NewFileStatus { written, exists, failed };
struct NewFileResult {
  NewFileStatus status = NewFileStatus::failed;
  std::string error; // strerror text when failed
};

// Writes `bytes` as a new file at `path` that only its owner may read or write (mode 0600),
// whole or not at all: they go to a temporary file in the same directory (made with O_EXCL,
// mode 0600), synced, which is then linked to `path` and unlinked. Whatever is at `path`, a
// symbolic link (dangling or not) included, is never replaced: `exists`, also when it appeared
// while writing. On any failure the temporary file is removed.
NewFileResult write_new_private_file(const std::string& path, std::string_view bytes);

// Writes all of `bytes` to fd (again after EINTR or a short write); false, errno set, on failure.
bool write_all(int fd, std::string_view bytes) noexcept;

// Whether anything (a file, a directory, a symbolic link, dangling or not) is at `path`.
bool path_exists(const std::string& path) noexcept;

bool is_terminal(int fd) noexcept;

// Whether `path` names the file open on `fd` (the same device and inode: /dev/stdin, /dev/fd/0,
// or a file also redirected there). False when either cannot be examined.
bool names_open_file(const std::string& path, int fd) noexcept;

} // namespace util
