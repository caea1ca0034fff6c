#pragma once

namespace cli {

// Parses the command line, runs the chosen subcommand and reports its outcome.
// Returns the process exit code; the only caller is main.
int run(int argc, char** argv);

} // namespace cli
