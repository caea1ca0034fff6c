#include "cli/batch.hpp"

#include "util/io.hpp"
#include "util/line_reader.hpp"
#include "util/process.hpp"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <fmt/core.h>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

namespace cli {

void add_batch_options(CLI::App& command, BatchOptions& options, std::string_view what, bool with_no_claims)
{
  auto* batch = command.add_flag("--batch", options.enabled,
                                 fmt::format("Read {} per line from standard input (or --input), write one result per line", what))
                  ->group("Batch");
  command.add_option("--input", options.input, "With --batch: read the lines from PATH instead of standard input")
    ->type_name("PATH")
    ->needs(batch)
    ->group("Batch");
  command.add_option("--jobs", options.jobs, "With --batch: work on N threads; output stays in input order (default 1)")
    ->type_name("N")
    ->check(CLI::Range(1U, 256U))
    ->needs(batch)
    ->group("Batch");
  if (with_no_claims) {
    command.add_flag("--no-claims", options.no_claims, "With --batch: leave the claims out of each result")
      ->needs(batch)
      ->group("Batch");
  }
}

namespace {

// Lines go to the handlers in blocks, so threads hand over work (and output) in few steps.
constexpr std::size_t k_block_lines = 1024;
constexpr std::size_t k_block_bytes = std::size_t{256} * 1024;

// The memory of a run is bounded whatever --jobs is. Work on a line takes up to about 30 times
// its size (a token of deeply nested JSON: a node per 2 bytes of payload), so:
// - the threads together work on at most k_work_budget bytes of lines at once: a block costs
//   its longest line and waits until the others' blocks leave room for it (a line as long as
//   the budget is worked on alone);
// - a thread keeps its buffers after a line of up to k_work_budget / jobs bytes, and frees
//   them after a longer one, so the buffers kept by all threads stay within the budget too;
// - the lines read and not yet written hold at most k_bytes_in_flight (plus one block), so
//   blocks are smaller with many jobs: 2 * jobs + 1 of them fill that much;
// - a free block keeps its buffers only while they are not much larger than a block;
// - freed buffers of k_large_block bytes or more go back to the system at once, rather than
//   stay in the C library's per-thread heaps.
constexpr std::size_t k_work_budget = std::size_t{2} * 1024 * 1024;
constexpr std::size_t k_bytes_in_flight = std::size_t{8} * 1024 * 1024;
constexpr std::size_t k_large_block = std::size_t{128} * 1024;

struct Block {
  struct Record {
    std::size_t offset;
    std::size_t size;
    std::size_t number;
    std::size_t too_long_bytes;
  };
  std::string bytes;
  std::vector<Record> records;
  std::string output;
  std::string diagnostics;
  std::size_t longest = 0; // the longest line's size
  BatchTally tally;
  bool done = false;

  // Empties the block for the next lines, freeing buffers that grew past `kept_bytes`.
  void clear(std::size_t kept_bytes)
  {
    release_if_larger(bytes, kept_bytes);
    release_if_larger(output, 2 * kept_bytes);
    diagnostics.clear();
    records.clear();
    longest = 0;
    tally = BatchTally{};
    done = false;
  }

private:
  static void release_if_larger(std::string& buffer, std::size_t kept_bytes)
  {
    if (buffer.capacity() > kept_bytes) {
      std::string().swap(buffer);
    } else {
      buffer.clear();
    }
  }
};

// The bytes of lines being worked on, shared by the threads.
class WorkBudget
{
public:
  explicit WorkBudget(std::size_t limit) noexcept : m_limit(limit)
  {
  }

  // Waits until `bytes` (at most the whole budget) fit; returns what was taken.
  std::size_t take(std::size_t bytes)
  {
    const std::size_t taken = std::min(bytes, m_limit);
    std::unique_lock lock(m_mutex);
    m_room.wait(lock, [&] { return m_used + taken <= m_limit; });
    m_used += taken;
    return taken;
  }

  void give_back(std::size_t taken)
  {
    {
      const std::lock_guard lock(m_mutex);
      m_used -= taken;
    }
    m_room.notify_all();
  }

private:
  std::size_t m_limit;
  std::size_t m_used = 0;
  std::mutex m_mutex;
  std::condition_variable m_room;
};

// `keep_after`: the longest line after which the handler may keep the buffers it grew.
void process(LineHandler& handler, Block& block, std::size_t keep_after)
{
  const std::string_view bytes(block.bytes);
  for (const Block::Record& record : block.records) {
    LineOutcome outcome{&block.output, std::nullopt, {}, &block.diagnostics};
    handler.handle(bytes.substr(record.offset, record.size), record.number, record.too_long_bytes, outcome);
    if (record.size > keep_after) {
      handler.release_buffers();
    }
    ++block.tally.lines;
    if (outcome.failure) {
      ++block.tally.failures[*outcome.failure];
      if (!block.tally.first_failure) {
        block.tally.first_failure = outcome.failure;
        block.tally.first_message = std::move(outcome.message);
      }
    } else {
      ++block.tally.passed;
    }
  }
}

// A block's output to standard output and its diagnostics to standard error.
void write_block(const Block& block)
{
  static_cast<void>(std::fwrite(block.output.data(), 1, block.output.size(), stdout));
  if (!block.diagnostics.empty()) {
    // Flushed first, so that a terminal shows each message near its line.
    static_cast<void>(std::fflush(stdout));
    static_cast<void>(std::fwrite(block.diagnostics.data(), 1, block.diagnostics.size(), stderr));
  }
}

void merge(BatchTally& total, const BatchTally& part)
{
  total.lines += part.lines;
  total.passed += part.passed;
  for (const auto& [kind, count] : part.failures) {
    total.failures[kind] += count;
  }
  if (!total.first_failure) {
    total.first_failure = part.first_failure;
    total.first_message = part.first_message;
  }
}

// Fills a block from the reader with lines up to `block_bytes` (or one longer line); false when
// the input had no more lines.
bool fill_block(util::LineReader& reader, Block& block, std::size_t block_bytes)
{
  util::LineReader::Line line;
  while (block.records.size() < k_block_lines && block.bytes.size() < block_bytes && reader.next(line)) {
    block.records.push_back(Block::Record{block.bytes.size(), line.text.size(), line.number, line.too_long ? line.length : 0});
    block.bytes.append(line.text);
    block.longest = std::max(block.longest, line.text.size());
  }
  return !block.records.empty();
}

class InputFile
{
public:
  explicit InputFile(int fd) noexcept : m_fd(fd)
  {
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  InputFile(InputFile&&) = delete;
  InputFile& operator=(InputFile&&) = delete;
  ~InputFile()
  {
    if (m_fd > STDERR_FILENO) {
      ::close(m_fd);
    }
  }
  int get() const noexcept
  {
    return m_fd;
  }

private:
  int m_fd;
};

// The blocks being worked on by the threads, handed out and collected in input order.
class Pipeline
{
public:
  Pipeline(std::vector<std::unique_ptr<LineHandler>>& handlers, bool write_output)
    : m_write_output(write_output),
      m_limit(handlers.size() * 2 + 1),
      m_block_bytes(std::min(k_block_bytes, k_bytes_in_flight / m_limit)),
      m_keep_after(k_work_budget / handlers.size()),
      m_budget(k_work_budget)
  {
    for (auto& handler : handlers) {
      m_threads.emplace_back([this, &handler] { work(*handler); });
    }
  }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;
  Pipeline(Pipeline&&) = delete;
  Pipeline& operator=(Pipeline&&) = delete;
  ~Pipeline()
  {
    {
      const std::lock_guard lock(m_mutex);
      m_closing = true;
    }
    m_work.notify_all();
    for (auto& thread : m_threads) {
      thread.join();
    }
  }

  // A block to fill: a used one when there is one, so buffers are reused.
  std::unique_ptr<Block> take_block()
  {
    if (m_free.empty()) {
      return std::make_unique<Block>();
    }
    auto block = std::move(m_free.back());
    m_free.pop_back();
    block->clear(2 * m_block_bytes);
    return block;
  }

  // How many bytes of lines a block takes.
  std::size_t block_bytes() const noexcept
  {
    return m_block_bytes;
  }

  void submit(std::unique_ptr<Block> block, BatchTally& tally)
  {
    m_bytes_in_flight += block->bytes.size();
    {
      const std::lock_guard lock(m_mutex);
      m_queue.push_back(block.get());
    }
    m_in_order.push_back(std::move(block));
    m_work.notify_one();
    // Bounded: past either limit, wait for the oldest block and write it out.
    while (m_in_order.size() >= m_limit || m_bytes_in_flight > k_bytes_in_flight) {
      write_oldest(tally);
    }
  }

  void finish(BatchTally& tally)
  {
    while (!m_in_order.empty()) {
      write_oldest(tally);
    }
  }

private:
  void work(LineHandler& handler)
  {
    for (;;) {
      Block* block = nullptr;
      {
        std::unique_lock lock(m_mutex);
        m_work.wait(lock, [this] { return m_closing || !m_queue.empty(); });
        if (m_queue.empty()) {
          return;
        }
        block = m_queue.front();
        m_queue.pop_front();
      }
      const std::size_t taken = m_budget.take(block->longest);
      process(handler, *block, m_keep_after);
      m_budget.give_back(taken);
      {
        const std::lock_guard lock(m_mutex);
        block->done = true;
      }
      m_done.notify_all();
    }
  }

  void write_oldest(BatchTally& tally)
  {
    Block& block = *m_in_order.front();
    {
      std::unique_lock lock(m_mutex);
      m_done.wait(lock, [&block] { return block.done; });
    }
    if (m_write_output) {
      write_block(block);
    }
    merge(tally, block.tally);
    m_bytes_in_flight -= block.bytes.size();
    m_free.push_back(std::move(m_in_order.front()));
    m_in_order.pop_front();
  }

  bool m_write_output;
  std::size_t m_limit; // blocks in flight
  std::size_t m_block_bytes;
  std::size_t m_keep_after;
  std::size_t m_bytes_in_flight = 0; // lines of the blocks in m_in_order
  WorkBudget m_budget;
  std::mutex m_mutex;
  std::condition_variable m_work;
  std::condition_variable m_done;
  std::deque<Block*> m_queue;                     // blocks waiting for a thread
  std::deque<std::unique_ptr<Block>> m_in_order;  // blocks submitted, oldest first
  std::vector<std::unique_ptr<Block>> m_free;
  bool m_closing = false;
  std::vector<std::thread> m_threads; // last: started after everything they use
};

} // namespace

jwt::Result<BatchTally> run_batch(const BatchOptions& options,
                                  std::size_t max_line,
                                  const HandlerFactory& make_handler,
                                  bool write_output)
{
  int fd = STDIN_FILENO;
  if (!options.input.empty() && options.input != "-") {
    fd = ::open(options.input.c_str(), O_RDONLY | O_CLOEXEC); // NOLINT(cppcoreguidelines-pro-type-vararg): POSIX open
    if (fd < 0) {
      return jwt::make_error(jwt::ErrorKind::io, fmt::format("--input {}: {}", options.input, std::strerror(errno)));
    }
  } else if (util::is_terminal(STDIN_FILENO)) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           "--batch reads one item per line from standard input, which is a terminal: "
                           "pipe the lines in, or give --input FILE");
  }
  const InputFile input(fd);
  util::LineReader reader(input.get(), max_line);
  util::return_large_blocks_when_freed(k_large_block);

  std::vector<std::unique_ptr<LineHandler>> handlers;
  for (unsigned i = 0; i < options.jobs; ++i) {
    auto handler = make_handler();
    if (!handler) {
      return std::move(handler).error();
    }
    handlers.push_back(std::move(handler).value());
  }

  BatchTally tally;
  if (options.jobs == 1) {
    // One thread: no hand-over at all.
    Block block;
    while (fill_block(reader, block, k_block_bytes)) {
      process(*handlers.front(), block, k_work_budget);
      if (write_output) {
        write_block(block);
      }
      merge(tally, block.tally);
      block.clear(2 * k_block_bytes);
    }
  } else {
    Pipeline pipeline(handlers, write_output);
    for (;;) {
      auto block = pipeline.take_block();
      if (!fill_block(reader, *block, pipeline.block_bytes())) {
        break;
      }
      pipeline.submit(std::move(block), tally);
    }
    pipeline.finish(tally);
  }
  if (!reader.error().empty()) {
    return jwt::make_error(jwt::ErrorKind::io,
                           fmt::format("{}: {}", options.input.empty() || options.input == "-" ? "standard input" : "--input " + options.input, reader.error()));
  }
  return tally;
}

std::string batch_summary(const BatchTally& tally, std::string_view noun, std::string_view passed)
{
  std::string out = fmt::format("{} {}{}: {} {}", tally.lines, noun, tally.lines == 1 ? "" : "s", tally.passed, passed);
  const std::size_t refused = tally.lines - tally.passed;
  if (refused > 0) {
    out += fmt::format(", {} refused (", refused);
    bool first = true;
    for (const auto& [kind, count] : tally.failures) {
      out += fmt::format("{}{} {}", first ? "" : ", ", count, jwt::to_string(kind));
      first = false;
    }
    out += ')';
  }
  return out;
}

jwt::Status batch_status(const BatchTally& tally, std::string summary)
{
  if (tally.first_failure) {
    return jwt::make_error(*tally.first_failure, std::move(summary));
  }
  return jwt::Ok{};
}

void append_json_string(std::string& out, std::string_view text)
{
  constexpr std::string_view k_hex = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      out += "\\u00";
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0x0f];
    } else {
      out += c;
    }
  }
  out += '"';
}

} // namespace cli
