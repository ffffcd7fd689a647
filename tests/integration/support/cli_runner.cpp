#include "tests/integration/support/cli_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace trustdesk::testing {
namespace {

struct Pipe {
  int fd[2] = {-1, -1};
  Pipe() {
    if (::pipe2(fd, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  }
  ~Pipe() {
    for (int f : fd) {
      if (f >= 0) ::close(f);
    }
  }
  void Close(int i) {
    if (fd[i] >= 0) ::close(fd[i]);
    fd[i] = -1;
  }
};

}  // namespace

std::filesystem::path CliBinary() {
  return std::filesystem::path(TRUSTDESK_BIN_DIR) / "trustdesk-cli";
}

CliResult RunCli(const CliRun& run) { return RunProgram(CliBinary(), run); }

CliResult RunProgram(const std::filesystem::path& program, const CliRun& run) {
  const std::string binary = program.string();
  std::vector<std::string> argv_text{binary};
  argv_text.insert(argv_text.end(), run.args.begin(), run.args.end());
  std::vector<std::string> env_text{"PATH=/usr/bin:/bin", "HOME=" + run.home.string()};
  for (const auto& [k, v] : run.env) env_text.push_back(k + "=" + v);
  std::vector<char*> argv, envp;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);

  Pipe in, out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn " + binary + " failed");
  in.Close(0);
  out.Close(1);
  err.Close(1);

  // Feed stdin (small), then read both outputs until they close.
  std::size_t written = 0;
  while (written < run.stdin_text.size()) {
    const ssize_t n =
        ::write(in.fd[1], run.stdin_text.data() + written, run.stdin_text.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  in.Close(1);
  CliResult result;
  pollfd fds[2] = {{out.fd[0], POLLIN, 0}, {err.fd[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      } else {
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace trustdesk::testing
