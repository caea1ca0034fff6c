#include "cli/app.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char** argv)
{
  // The one top-level catch: whatever escapes is a bug, reported without a crash.
  try {
    return cli::run(argc, argv);
  } catch (const std::exception& e) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): fprintf cannot throw, as this last-resort handler needs.
    static_cast<void>(std::fprintf(stderr, "jwtool: internal error: %s\n", e.what()));
  } catch (...) {
    static_cast<void>(std::fputs("jwtool: internal error\n", stderr));
  }
  return 2;
}
