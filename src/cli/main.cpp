#include "cli/app.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char** argv)
{
  // The one top-level catch: whatever escapes is a bug, reported without a crash.
  try {
    return cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jwtool: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "jwtool: internal error\n");
  }
  return 2;
}
