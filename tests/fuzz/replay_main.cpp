// Replays inputs through one fuzz target without libFuzzer, so that any compiler can build it
// and ctest can run the committed corpus as a regression test:
//   replay_<target> PATH...
// Each PATH is a file (one input) or a directory (each regular file in it, in name order).
// Exits 0 after replaying at least one input; a broken property aborts, as under libFuzzer.

#include "fuzz_check.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

bool replay_file(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.string().c_str());
    return false;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A copy of exactly the input's size, so that ASan sees a read past its end.
  const std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(data.data(), data.size());
  return true;
}

} // namespace

int main(int argc, char** argv)
{
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path path(argv[i]);
    std::vector<std::filesystem::path> files;
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
        if (entry.is_regular_file()) {
          files.push_back(entry.path());
        }
      }
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(path);
    }
    if (error) {
      std::fprintf(stderr, "replay: cannot list %s: %s\n", path.string().c_str(), error.message().c_str());
      return 2;
    }
    for (const auto& file : files) {
      if (!replay_file(file)) {
        return 2;
      }
      ++count;
    }
  }
  if (count == 0) {
    std::fprintf(stderr, "replay: no input given\n");
    return 2;
  }
  std::printf("replayed %zu inputs\n", count);
  return 0;
}
