// The keeper and the script's side of fork (script_keeper_posix.h). Sections: descriptors ·
// finding the keeper's children · the script child · the keeper.
#ifndef _WIN32

#include "core/scripts/script_keeper_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

namespace trustdesk::script_keeper {
namespace {

void WriteReport(int fd, ReportKind kind, int value) {
  const Report report{kind, value};
  while (write(fd, &report, sizeof report) < 0 && errno == EINTR) {
  }
}

[[noreturn]] void Fail(int report_fd, ReportKind kind, int error) {
  WriteReport(report_fd, kind, error);
  _exit(127);
}

int64_t MonotonicMs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

// --- Descriptors ---------------------------------------------------------------------------------

bool Kept(int fd, const int* keep, int count) {
  for (int i = 0; i < count; ++i) {
    if (keep[i] == fd) return true;
  }
  return false;
}

// Digits only, no sign: the names of /proc entries that are processes or descriptors.
int ParseNumber(const char* text) {
  if (*text == '\0') return -1;
  int value = 0;
  for (; *text != '\0'; ++text) {
    if (*text < '0' || *text > '9' || value > 100'000'000) return -1;
    value = value * 10 + (*text - '0');
  }
  return value;
}

#ifdef __linux__
// The record getdents64 returns; glibc declares no type for it.
struct LinuxDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[1];
};

// Calls `visit(number)` for every numeric entry of the directory `path`; false when it cannot be
// opened. The directory's own descriptor is passed too so that a caller can skip it.
template <typename Visit>
bool ForEachNumericEntry(const char* path, Visit visit) {
  const int dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return false;
  alignas(8) char buffer[2048];
  while (true) {
    const long got = syscall(SYS_getdents64, dir, buffer, sizeof buffer);
    if (got <= 0) break;
    for (long offset = 0; offset < got;) {
      const auto* entry = reinterpret_cast<const LinuxDirent64*>(buffer + offset);
      const int number = ParseNumber(entry->d_name);
      if (number >= 0) visit(number, dir);
      offset += entry->d_reclen;
    }
  }
  close(dir);
  return true;
}
#endif

// Closes every descriptor that is not in `keep`: close_range over the gaps when the kernel has it,
// else each entry of /proc/self/fd, else every number up to the descriptor limit.
void CloseAllExcept(int* keep, int count) {
  for (int i = 1; i < count; ++i) {  // insertion sort: the gaps between kept descriptors
    for (int j = i; j > 0 && keep[j - 1] > keep[j]; --j) {
      const int t = keep[j];
      keep[j] = keep[j - 1];
      keep[j - 1] = t;
    }
  }
#if defined(__linux__) && defined(SYS_close_range)
  bool ranges_ok = true;
  unsigned first = 0;
  for (int i = 0; i < count && ranges_ok; ++i) {
    const auto kept = static_cast<unsigned>(keep[i]);
    if (kept > first && syscall(SYS_close_range, first, kept - 1, 0) != 0) ranges_ok = false;
    first = kept + 1;
  }
  if (ranges_ok && syscall(SYS_close_range, first, ~0U, 0) != 0) ranges_ok = false;
  if (ranges_ok) return;
#endif
#ifdef __linux__
  if (ForEachNumericEntry("/proc/self/fd", [&](int fd, int dir) {
        if (fd != dir && !Kept(fd, keep, count)) close(fd);
      })) {
    return;
  }
#endif
  rlimit limit{};
  rlim_t top = 65536;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      limit.rlim_cur < (1u << 20)) {
    top = limit.rlim_cur;
  }
  for (rlim_t fd = 0; fd < top; ++fd) {
    if (!Kept(static_cast<int>(fd), keep, count)) close(static_cast<int>(fd));
  }
}

// --- The keeper's children -----------------------------------------------------------------------

#ifdef __linux__
// The parent pid from /proc/<pid>/stat ("pid (comm) S ppid ..."; comm may hold ')' and spaces,
// so the last ')' ends it), or -1.
int ParentOf(int pid) {
  char path[40] = "/proc/";
  char digits[16];
  int n = 0;
  for (int v = pid; v > 0 && n < 15; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
  int at = 6;
  while (n > 0) path[at++] = digits[--n];
  for (const char* s = "/stat"; *s != '\0'; ++s) path[at++] = *s;
  path[at] = '\0';
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buffer[512];
  const ssize_t got = read(fd, buffer, sizeof buffer - 1);
  close(fd);
  if (got <= 0) return -1;
  int paren = -1;
  for (ssize_t i = 0; i < got; ++i) {
    if (buffer[i] == ')') paren = static_cast<int>(i);
  }
  if (paren < 0 || paren + 3 >= got) return -1;
  int ppid = 0;
  for (ssize_t i = paren + 4; i < got && buffer[i] >= '0' && buffer[i] <= '9'; ++i) {
    ppid = ppid * 10 + (buffer[i] - '0');
  }
  return ppid;
}
#endif

// Sends `signal` to every child of the keeper: the script and every orphan of its tree that was
// re-parented here. A child stays a zombie until the keeper reaps it, so its pid cannot be reused
// by an unrelated process between the scan and kill().
void SignalChildren(int signal) {
#ifdef __linux__
  const int self = static_cast<int>(getpid());
  ForEachNumericEntry("/proc", [&](int pid, int) {
    if (ParentOf(pid) == self) kill(pid, signal);
  });
#else
  (void)signal;  // no subreaper: the process group kill is all there is
#endif
}

// True once the script has exited. WNOWAIT leaves it a zombie so that its pid, which is also its
// process group id, stays reserved while the keeper still signals the group.
bool HasExited(pid_t pid) {
  siginfo_t info{};
  if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return errno == ECHILD;
  }
  return info.si_pid == pid;
}

// --- The script child ----------------------------------------------------------------------------

[[noreturn]] void RunScriptChild(const Plan& plan, int out, int err, int report) {
#ifdef __linux__
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // the keeper killed outright takes the script with it
#endif
  setpgid(0, 0);
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  sigemptyset(&defaults.sa_mask);
  for (int s = 1; s < NSIG; ++s) {
    if (s != SIGKILL && s != SIGSTOP) sigaction(s, &defaults, nullptr);
  }
  // 0, 1 and 2 are free (the keeper closed them), so /dev/null opens as 0 without close-on-exec.
  const int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd < 0) Fail(report, ReportKind::SetupFailed, errno);
  if ((null_fd != 0 && dup2(null_fd, 0) < 0) || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
    Fail(report, ReportKind::SetupFailed, errno);
  }
  int keep[] = {0, 1, 2, report};  // report is close-on-exec: the script never sees it
  CloseAllExcept(keep, 4);
  if (plan.working_directory != nullptr && chdir(plan.working_directory) != 0) {
    Fail(report, ReportKind::ChdirFailed, errno);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(plan.path, plan.argv, plan.envp);
  Fail(report, ReportKind::ExecFailed, errno);
}

}  // namespace

// --- The keeper ----------------------------------------------------------------------------------

[[noreturn]] void RunKeeper(const Plan& plan) {
  // Only SIGKILL stops the keeper: a terminal's Ctrl-C or a stray SIGTERM must not orphan the tree.
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, nullptr);
  // Above 2, so that the script's dup2 onto 0, 1 and 2 never overwrites one of them.
  const int report = fcntl(plan.report_fd, F_DUPFD_CLOEXEC, 3);
  const int control = fcntl(plan.control_fd, F_DUPFD_CLOEXEC, 3);
  const int out = fcntl(plan.stdout_fd, F_DUPFD_CLOEXEC, 3);
  const int err = fcntl(plan.stderr_fd, F_DUPFD_CLOEXEC, 3);
  if (report < 0) _exit(127);
  if (control < 0 || out < 0 || err < 0) Fail(report, ReportKind::SetupFailed, errno);
  int keep[] = {report, control, out, err};
  CloseAllExcept(keep, 4);
#ifdef __linux__
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) Fail(report, ReportKind::SetupFailed, errno);
#endif
  const pid_t child = fork();
  if (child < 0) Fail(report, ReportKind::SetupFailed, errno);
  if (child == 0) RunScriptChild(plan, out, err, report);
  close(out);
  close(err);
  int pidfd = -1;
#if defined(__linux__) && defined(SYS_pidfd_open)
  pidfd = static_cast<int>(syscall(SYS_pidfd_open, child, 0));
#endif

  bool stopping = false;
  int64_t kill_at = 0;
  while (!HasExited(child)) {
    const int64_t now = MonotonicMs();
    if (stopping && now >= kill_at) break;
    pollfd fds[2] = {{control, POLLIN, 0}, {pidfd, POLLIN, 0}};
    int wait_ms = pidfd >= 0 ? -1 : 20;  // without a pidfd, look at the script every 20 ms
    if (stopping) {
      const int left = static_cast<int>(kill_at - now);
      wait_ms = wait_ms < 0 || left < wait_ms ? left : wait_ms;
    }
    if (poll(fds, pidfd >= 0 ? 2 : 1, wait_ms) <= 0 || fds[0].revents == 0) continue;
    char command = 0;
    const ssize_t got = read(control, &command, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // TrustDesk is gone: nobody waits for a grace period
    if (!stopping && (command == kTerminate || command == kCancel)) {
      stopping = true;
      kill_at = MonotonicMs() + (command == kTerminate ? kTerminateGraceMs : kCancelGraceMs);
      kill(-child, SIGTERM);
      SignalChildren(SIGTERM);
    }
  }

  // Whatever is left of the tree dies now. Killing a process re-parents its children here, so
  // the sweep repeats until no child remains: then nothing the script started is running.
  kill(-child, SIGKILL);
  int status = 0;
  bool swept = false;  // the /proc scan is the slow part: only when a child is still alive
  while (true) {
    int st = 0;
    const pid_t reaped = waitpid(-1, &st, swept ? 0 : WNOHANG);
    if (reaped == child) status = st;
    swept = false;
    if (reaped > 0 || (reaped < 0 && errno == EINTR)) continue;
    if (reaped < 0) break;  // ECHILD: nothing of the tree is left
    SignalChildren(SIGKILL);
    swept = true;
  }
  WriteReport(report, ReportKind::Exited, status);
  _exit(0);
}

}  // namespace trustdesk::script_keeper

#endif  // !_WIN32
