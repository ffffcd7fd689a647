// POSIX implementation of RunScript: posix_spawn into a new process group, poll both pipes,
// kill the group on timeout/cancel and after the script itself exits (no orphans keep running).
#ifndef _WIN32

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "core/scripts/script_runner.h"

namespace trustdesk {
namespace {

using Ms = std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

constexpr Ms kPollSlice{50};
constexpr Ms kTermGrace{1500};
// A process that left the group (setsid) could hold our pipes open forever; stop reading then.
constexpr Ms kPipeGraceAfterExit{2000};

struct Pipe {
  int read_fd = -1;
  int write_fd = -1;
  ~Pipe() { CloseBoth(); }
  void CloseRead() { if (read_fd >= 0) { close(read_fd); read_fd = -1; } }
  void CloseWrite() { if (write_fd >= 0) { close(write_fd); write_fd = -1; } }
  void CloseBoth() { CloseRead(); CloseWrite(); }
};

struct SpawnFiles {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnFiles() { posix_spawn_file_actions_init(&actions); posix_spawnattr_init(&attr); }
  ~SpawnFiles() { posix_spawn_file_actions_destroy(&actions); posix_spawnattr_destroy(&attr); }
};

// Reads what is available; keeps at most `limit` bytes, drains and drops the rest.
void Drain(Pipe& pipe, std::string& text, bool& truncated, std::size_t limit) {
  char buf[8192];
  ssize_t n = read(pipe.read_fd, buf, sizeof buf);
  if (n > 0) {
    std::size_t room = text.size() < limit ? limit - text.size() : 0;
    std::size_t keep = std::min<std::size_t>(room, static_cast<std::size_t>(n));
    text.append(buf, keep);
    if (keep < static_cast<std::size_t>(n)) truncated = true;
  } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
    pipe.CloseRead();
  }
}

// True once the child has exited; leaves it a zombie (WNOWAIT) so its pid, which is also the
// process group id, cannot be reused while we still signal the group.
bool HasExited(pid_t pid) {
  siginfo_t info{};
  if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return errno == ECHILD;
  }
  return info.si_pid == pid;
}

void KillGroup(pid_t pid, Ms grace) {
  kill(-pid, SIGTERM);
  auto until = SteadyClock::now() + grace;
  while (SteadyClock::now() < until && !HasExited(pid)) std::this_thread::sleep_for(Ms(20));
  kill(-pid, SIGKILL);
}

}  // namespace

Result<ScriptOutcome> RunScript(const ScriptInvocation& inv, const std::atomic<bool>* cancel) {
  if (!inv.command.is_absolute()) {
    return Error{ErrorCode::InvalidInput,
                 "script command: \"" + inv.command.string() + "\" is not an absolute path"};
  }
  if (access(inv.command.c_str(), X_OK) != 0) {
    return Error{ErrorCode::NotFound, "script command: " + inv.command.string() + ": " +
                                          std::strerror(errno)};
  }

  Pipe out, err;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Error{ErrorCode::Io, "script: pipe failed"};
  out.read_fd = fds[0]; out.write_fd = fds[1];
  if (pipe2(fds, O_CLOEXEC) != 0) return Error{ErrorCode::Io, "script: pipe failed"};
  err.read_fd = fds[0]; err.write_fd = fds[1];

  SpawnFiles spawn;
  posix_spawn_file_actions_addopen(&spawn.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&spawn.actions, out.write_fd, 1);
  posix_spawn_file_actions_adddup2(&spawn.actions, err.write_fd, 2);
  if (!inv.working_directory.empty()) {
    posix_spawn_file_actions_addchdir_np(&spawn.actions, inv.working_directory.c_str());
  }
  sigset_t no_signals, default_signals;
  sigemptyset(&no_signals);
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  sigaddset(&default_signals, SIGINT);
  sigaddset(&default_signals, SIGTERM);
  posix_spawnattr_setflags(&spawn.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                            POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&spawn.attr, 0);
  posix_spawnattr_setsigmask(&spawn.attr, &no_signals);
  posix_spawnattr_setsigdefault(&spawn.attr, &default_signals);

  std::vector<std::string> argv_store;
  argv_store.push_back(inv.command.string());
  argv_store.insert(argv_store.end(), inv.arguments.begin(), inv.arguments.end());
  std::vector<char*> argv;
  for (auto& a : argv_store) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_store;
  for (const auto& [name, value] : inv.environment) env_store.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);

  auto started = SteadyClock::now();
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &spawn.actions, &spawn.attr, argv.data(), envp.data());
  if (rc != 0) {
    return Error{ErrorCode::Io, "script " + inv.command.string() + ": could not start: " +
                                    std::strerror(rc)};
  }
  out.CloseWrite();
  err.CloseWrite();

  ScriptOutcome outcome;
  auto deadline = started + inv.timeout;
  bool exited = false;
  SteadyClock::time_point exited_at{};
  while (true) {
    if (!exited && HasExited(pid)) {
      exited = true;
      exited_at = SteadyClock::now();
      kill(-pid, SIGKILL);  // leftovers of the script must not outlive it or hold our pipes
    }
    if (exited && SteadyClock::now() - exited_at > kPipeGraceAfterExit) {
      out.CloseRead();
      err.CloseRead();
    }
    if (exited && out.read_fd < 0 && err.read_fd < 0) break;
    if (!exited && SteadyClock::now() >= deadline) {
      outcome.timed_out = true;
      KillGroup(pid, kTermGrace);
      exited = true;
      exited_at = SteadyClock::now();
    } else if (!exited && cancel != nullptr && cancel->load()) {
      outcome.cancelled = true;
      KillGroup(pid, Ms(200));
      exited = true;
      exited_at = SteadyClock::now();
    }
    pollfd pfds[2];
    int n = 0;
    Pipe* pipes[2];
    for (Pipe* p : {&out, &err}) {
      if (p->read_fd >= 0) { pfds[n] = {p->read_fd, POLLIN, 0}; pipes[n++] = p; }
    }
    if (n == 0) { std::this_thread::sleep_for(Ms(5)); continue; }
    if (poll(pfds, n, static_cast<int>(kPollSlice.count())) <= 0) continue;
    for (int i = 0; i < n; ++i) {
      if (pfds[i].revents == 0) continue;
      bool is_out = pipes[i] == &out;
      Drain(*pipes[i], is_out ? outcome.stdout_text : outcome.stderr_text,
            is_out ? outcome.stdout_truncated : outcome.stderr_truncated, inv.max_output_bytes);
    }
  }

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  outcome.duration = std::chrono::duration_cast<Ms>(SteadyClock::now() - started);
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.term_signal = WTERMSIG(status);
  return outcome;
}

}  // namespace trustdesk

#endif  // !_WIN32
