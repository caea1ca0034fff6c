#pragma once

// Shared by the fuzz targets and the replay driver: the libFuzzer entry point every target
// defines, and FUZZ_CHECK, which stops the run on a broken property (libFuzzer and the replay
// both report an abort as a failure, with the input that caused it).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fuzz {

[[noreturn]] inline void fail(const char* condition, const char* file, int line, std::string_view detail)
{
  std::fprintf(stderr, "%s:%d: property violated: %s\n", file, line, condition);
  if (!detail.empty()) {
    std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data());
  }
  std::abort();
}

// The input as text: every target reads its bytes as a std::string_view.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) noexcept
{
  return {reinterpret_cast<const char*>(data), size};
}

// FNV-1a of the input: a deterministic, input-chosen number for choices a target makes
// (which bit to flip, which algorithm to sign with).
inline std::uint64_t choice(std::string_view bytes) noexcept
{
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : bytes) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  return hash;
}

// jwt::Error's contract for its message: one line, user values quoted, so no control byte.
inline bool is_one_line(std::string_view message) noexcept
{
  for (const char c : message) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return false;
    }
  }
  return !message.empty();
}

} // namespace fuzz

// Aborts with the condition's text (and FUZZ_CHECK_MSG's detail) when cond is false.
#define FUZZ_CHECK(cond)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      ::fuzz::fail(#cond, __FILE__, __LINE__, {});                                                 \
    }                                                                                              \
  } while (false)

#define FUZZ_CHECK_MSG(cond, detail)                                                               \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      ::fuzz::fail(#cond, __FILE__, __LINE__, (detail));                                           \
    }                                                                                              \
  } while (false)
