#pragma once

#include "jwt/error.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace cli {

// --batch and its companions, shared by issue, verify and decode.
struct BatchOptions {
  bool enabled = false;
  std::string input; // a file to read instead of standard input
  unsigned jobs = 1;
  bool no_claims = false;
};
// `what` names what a line holds, for --batch's help text ("a token", "a JSON object of claims").
void add_batch_options(CLI::App& command, BatchOptions& options, std::string_view what, bool with_no_claims);

// What one line came to: its output line, appended by the handler, and its verdict.
struct LineOutcome {
  std::string* output;                  // append the line's output here, newline included
  std::optional<jwt::ErrorKind> failure; // set when the line was refused
  std::string message;                   // why, when the command reports it at the end
  std::string* diagnostics;             // lines for standard error ("jwtool: line 2: ..."), newline
                                        // included: written with the output, in input order
};

// The work done on each line, one instance per thread (a Verifier is not shared).
class LineHandler
{
public:
  LineHandler() = default;
  LineHandler(const LineHandler&) = delete;
  LineHandler& operator=(const LineHandler&) = delete;
  LineHandler(LineHandler&&) = delete;
  LineHandler& operator=(LineHandler&&) = delete;
  virtual ~LineHandler() = default;
  // `line` is empty with too_long_bytes set for a line past the limit, which is not kept.
  virtual void handle(std::string_view line, std::size_t number, std::size_t too_long_bytes, LineOutcome& outcome) = 0;
  // Frees the buffers that grew for the lines handled so far (called after a long line, so
  // that many threads do not each keep the memory one long line needed).
  virtual void release_buffers() = 0;
};
using HandlerFactory = std::function<jwt::Result<std::unique_ptr<LineHandler>>()>;

struct BatchTally {
  std::size_t lines = 0;
  std::size_t passed = 0;
  std::map<jwt::ErrorKind, std::size_t> failures;
  std::optional<jwt::ErrorKind> first_failure; // in input order
  std::string first_message;
};

// Reads the input a line at a time, runs each through a handler (on options.jobs threads,
// output kept in input order) and writes the outputs to standard output as they complete (and
// the diagnostics to standard error), unless write_output is false.
// Memory stays bounded whatever the input's size and whatever options.jobs: the threads work
// on at most 2 MiB of lines at once, and at most 8 MiB of lines wait between reading and
// writing. Lines longer than max_line are handed over empty with their length.
jwt::Result<BatchTally> run_batch(const BatchOptions& options,
                                  std::size_t max_line,
                                  const HandlerFactory& make_handler,
                                  bool write_output);

// "100000 tokens: 80000 valid, 20000 refused (10000 expired, 10000 bad_signature)", for stderr;
// `passed` is the word for lines that passed ("valid", "decoded").
std::string batch_summary(const BatchTally& tally, std::string_view noun, std::string_view passed);

// The Status a batch command returns: Ok when every line passed; else the first failure's
// kind (so its exit code), with the summary as the message.
jwt::Status batch_status(const BatchTally& tally, std::string summary);

// Appends `text` as a JSON string (quotes, escapes) to out.
void append_json_string(std::string& out, std::string_view text);

} // namespace cli
