// POSIX implementation of RunScript: fork a keeper (script_keeper_posix.h) that starts the script
// with execve (no shell) in its own process group with only descriptors 0, 1 and 2, and kills the
// script's whole tree, setsid escapees included, when it exits, at the timeout, on cancel and when
// TrustDesk goes away. This side reads the output and the keeper's report.
#ifndef _WIN32

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include "core/scripts/script_keeper_posix.h"
#include "core/scripts/script_runner.h"

namespace trustdesk {
namespace {

namespace keeper = script_keeper;
using Ms = std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

constexpr Ms kPollSlice{50};
// Once the keeper is done the tree is dead; a descriptor passed elsewhere must not hang us.
constexpr Ms kPipeGraceAfterExit{2000};

struct Fd {
  int fd = -1;
  Fd() = default;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  void Close() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

// Both ends close-on-exec: no other child of TrustDesk inherits them.
bool MakePipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  read_end.fd = fds[0];
  write_end.fd = fds[1];
  return true;
}

// Reads what is available; keeps at most `limit` bytes, drains and drops the rest.
void Drain(Fd& pipe, std::string& text, bool& truncated, std::size_t limit) {
  char buf[8192];
  ssize_t n = read(pipe.fd, buf, sizeof buf);
  if (n > 0) {
    std::size_t room = text.size() < limit ? limit - text.size() : 0;
    std::size_t keep = std::min<std::size_t>(room, static_cast<std::size_t>(n));
    text.append(buf, keep);
    if (keep < static_cast<std::size_t>(n)) truncated = true;
  } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
    pipe.Close();
  }
}

// Collects the keeper's fixed-size records.
struct ReportReader {
  char bytes[sizeof(keeper::Report)];
  std::size_t have = 0;
  std::optional<keeper::Report> start_failure;
  std::optional<int> wait_status;

  void Read(Fd& pipe) {
    ssize_t n = read(pipe.fd, bytes + have, sizeof bytes - have);
    if (n <= 0) {
      if (n == 0 || errno != EINTR) pipe.Close();
      return;
    }
    have += static_cast<std::size_t>(n);
    if (have < sizeof bytes) return;
    have = 0;
    keeper::Report report;
    std::memcpy(&report, bytes, sizeof report);
    if (report.kind == keeper::ReportKind::Exited) {
      wait_status = report.value;
    } else if (!start_failure) {
      start_failure = report;
    }
  }
};

void SendCommand(Fd& control, char command) {
  // MSG_NOSIGNAL: a keeper that already exited must not kill TrustDesk with SIGPIPE.
  while (send(control.fd, &command, 1, MSG_NOSIGNAL) < 0 && errno == EINTR) {
  }
}

std::string StartFailure(const ScriptInvocation& inv, const keeper::Report& report) {
  const std::string what =
      report.kind == keeper::ReportKind::ChdirFailed
          ? "cannot enter the working directory " + inv.working_directory.string() + ": "
          : std::string("could not start: ");
  return "script " + inv.command.string() + ": " + what + std::strerror(report.value);
}

}  // namespace

Result<ScriptOutcome> RunScript(const ScriptInvocation& inv, const std::atomic<bool>* cancel) {
  if (!inv.command.is_absolute()) {
    return Error{ErrorCode::InvalidInput,
                 "script command: \"" + inv.command.string() + "\" is not an absolute path"};
  }
  if (access(inv.command.c_str(), X_OK) != 0) {
    return Error{ErrorCode::NotFound,
                 "script command: " + inv.command.string() + ": " + std::strerror(errno)};
  }

  Fd out_read, out_write, err_read, err_write, report_read, report_write, control, keeper_control;
  if (!MakePipe(out_read, out_write) || !MakePipe(err_read, err_write) ||
      !MakePipe(report_read, report_write)) {
    return Error{ErrorCode::Io, std::string("script: pipe failed: ") + std::strerror(errno)};
  }
  int sockets[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
    return Error{ErrorCode::Io, std::string("script: socketpair failed: ") + std::strerror(errno)};
  }
  control.fd = sockets[0];
  keeper_control.fd = sockets[1];

  // Everything the keeper and the script use is built before fork: the child allocates nothing.
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
  const std::string working_directory = inv.working_directory.string();

  keeper::Plan plan;
  plan.path = argv[0];
  plan.argv = argv.data();
  plan.envp = envp.data();
  plan.working_directory = working_directory.empty() ? nullptr : working_directory.c_str();
  plan.stdout_fd = out_write.fd;
  plan.stderr_fd = err_write.fd;
  plan.control_fd = keeper_control.fd;
  plan.report_fd = report_write.fd;

  const auto started = SteadyClock::now();
  const pid_t keeper_pid = fork();
  if (keeper_pid < 0) {
    return Error{ErrorCode::Io,
                 "script " + inv.command.string() + ": could not start: " + std::strerror(errno)};
  }
  if (keeper_pid == 0) keeper::RunKeeper(plan);
  out_write.Close();
  err_write.Close();
  report_write.Close();
  keeper_control.Close();

  ScriptOutcome outcome;
  ReportReader report;
  const auto deadline = started + inv.timeout;
  bool asked_to_stop = false;
  std::optional<SteadyClock::time_point> keeper_done_at;
  while (true) {
    if (report_read.fd < 0 && !keeper_done_at) keeper_done_at = SteadyClock::now();
    if (keeper_done_at && SteadyClock::now() - *keeper_done_at > kPipeGraceAfterExit) {
      out_read.Close();
      err_read.Close();
    }
    if (report_read.fd < 0 && out_read.fd < 0 && err_read.fd < 0) break;
    if (!asked_to_stop && !keeper_done_at) {
      if (SteadyClock::now() >= deadline) {
        outcome.timed_out = true;
        asked_to_stop = true;
        SendCommand(control, keeper::kTerminate);
      } else if (cancel != nullptr && cancel->load()) {
        outcome.cancelled = true;
        asked_to_stop = true;
        SendCommand(control, keeper::kCancel);
      }
    }
    pollfd pfds[3];
    Fd* fds[3];
    int n = 0;
    for (Fd* f : {&out_read, &err_read, &report_read}) {
      if (f->fd >= 0) {
        pfds[n] = {f->fd, POLLIN, 0};
        fds[n++] = f;
      }
    }
    if (poll(pfds, static_cast<nfds_t>(n), static_cast<int>(kPollSlice.count())) <= 0) continue;
    for (int i = 0; i < n; ++i) {
      if (pfds[i].revents == 0) continue;
      if (fds[i] == &report_read) {
        report.Read(report_read);
      } else if (fds[i] == &out_read) {
        Drain(out_read, outcome.stdout_text, outcome.stdout_truncated, inv.max_output_bytes);
      } else {
        Drain(err_read, outcome.stderr_text, outcome.stderr_truncated, inv.max_output_bytes);
      }
    }
  }
  control.Close();
  int keeper_status = 0;
  while (waitpid(keeper_pid, &keeper_status, 0) < 0 && errno == EINTR) {
  }
  outcome.duration = std::chrono::duration_cast<Ms>(SteadyClock::now() - started);

  if (report.start_failure) {
    return Error{report.start_failure->kind == keeper::ReportKind::ExecFailed ||
                         report.start_failure->kind == keeper::ReportKind::ChdirFailed
                     ? ErrorCode::Io
                     : ErrorCode::Internal,
                 StartFailure(inv, *report.start_failure)};
  }
  if (!report.wait_status) {
    return Error{ErrorCode::Internal, "script " + inv.command.string() +
                                          ": the process watching it ended without a result"};
  }
  const int status = *report.wait_status;
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.term_signal = WTERMSIG(status);
  return outcome;
}

}  // namespace trustdesk

#endif  // !_WIN32
