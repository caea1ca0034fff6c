// jwtool_race: presents each token of a file to two processes at the same moment.
//
//   jwtool_race TOKENS OUTDIR COMMAND ARGS...
//
// For the Nth line of TOKENS, two children are forked; both block on one pipe until the parent
// closes it, so they are released together, then each runs COMMAND ARGS... TOKEN with its
// standard output and error in OUTDIR/N.a.out, N.a.err (N.b.* for the other). One line per
// token is printed: the two exit codes ("0 6"). A test helper: POSIX only, no jwtool code.

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

// Opens `path` for writing onto `fd`, in the child; false on failure.
bool redirect(const std::string& path, int fd)
{
  const int file = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (file < 0) {
    return false;
  }
  const bool ok = dup2(file, fd) >= 0;
  close(file);
  return ok;
}

// The child: waits for the barrier to open (EOF on `gate`), then becomes the command.
[[noreturn]] void run_child(int gate, const std::vector<std::string>& command, const std::string& token,
                            const std::string& output_prefix)
{
  char byte = 0;
  while (read(gate, &byte, 1) < 0 && errno == EINTR) {
  }
  close(gate);
  if (!redirect(output_prefix + ".out", STDOUT_FILENO) || !redirect(output_prefix + ".err", STDERR_FILENO)) {
    _exit(120);
  }
  std::vector<std::string> args = command;
  args.push_back(token);
  std::vector<char*> argv;
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  _exit(127);
}

int exit_code(pid_t pid)
{
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

int main(int argc, char** argv)
{
  if (argc < 4) {
    std::cerr << "usage: jwtool_race TOKENS OUTDIR COMMAND ARGS...\n";
    return 2;
  }
  std::ifstream tokens(argv[1]);
  if (!tokens) {
    std::cerr << "jwtool_race: cannot read " << argv[1] << "\n";
    return 2;
  }
  const std::string outdir = argv[2];
  const std::vector<std::string> command(argv + 3, argv + argc);
  std::string token;
  for (int attempt = 1; std::getline(tokens, token); ++attempt) {
    int gate[2];
    if (pipe(gate) != 0) {
      std::perror("jwtool_race: pipe");
      return 2;
    }
    pid_t children[2] = {-1, -1};
    for (int i = 0; i < 2; ++i) {
      children[i] = fork();
      if (children[i] < 0) {
        std::perror("jwtool_race: fork");
        return 2;
      }
      if (children[i] == 0) {
        close(gate[1]);
        run_child(gate[0], command, token, outdir + "/" + std::to_string(attempt) + (i == 0 ? ".a" : ".b"));
      }
    }
    close(gate[0]);
    close(gate[1]); // both children are released at once
    const int first = exit_code(children[0]);
    const int second = exit_code(children[1]);
    std::cout << first << ' ' << second << '\n';
  }
  return 0;
}
