// The keeper of one script run (POSIX, internal to core/scripts). RunScript forks a keeper; the
// keeper forks the script and stays its parent until the script and everything it started are
// gone. On Linux the keeper is a child subreaper (PR_SET_CHILD_SUBREAPER): a descendant that
// leaves the script's process group or session (setsid, double fork) is re-parented to the keeper
// instead of init, so the keeper can still find it and kill it. The keeper kills the whole tree
// when the script exits, when TrustDesk asks (timeout, cancel) and when TrustDesk goes away.
//
// Everything here runs in a child forked from a multi-threaded process: only async-signal-safe
// calls (raw system calls), no allocation, no locks, no C++ library.
#pragma once

#ifndef _WIN32

#include <cstdint>

namespace trustdesk::script_keeper {

// What the keeper tells RunScript on the report pipe: one or two fixed-size records.
enum class ReportKind : int32_t {
  SetupFailed = 1,  // value: errno of the keeper's own set-up (subreaper, fork)
  ChdirFailed = 2,  // value: errno of chdir(working directory)
  ExecFailed = 3,   // value: errno of execve
  Exited = 4,       // value: the script's wait status (after the whole tree was killed)
};
struct Report {
  ReportKind kind;
  int32_t value;
};

// Commands RunScript sends on the control socket. End of file means TrustDesk is gone: kill now.
inline constexpr char kTerminate = 'T';  // SIGTERM, then SIGKILL after the long grace
inline constexpr char kCancel = 'C';     // SIGTERM, then SIGKILL after the short grace
inline constexpr int kTerminateGraceMs = 1500;
inline constexpr int kCancelGraceMs = 200;

// Everything prepared before fork(): the keeper and the script only read it.
struct Plan {
  const char* path = nullptr;               // absolute executable
  char* const* argv = nullptr;              // argv[0] = path, null-terminated
  char* const* envp = nullptr;              // the complete environment, null-terminated
  const char* working_directory = nullptr;  // null = inherit
  int stdout_fd = -1;                       // write ends of the output pipes
  int stderr_fd = -1;
  int control_fd = -1;  // the keeper's end of the control socket
  int report_fd = -1;   // write end of the report pipe
};

// Runs the keeper in the freshly forked child. Never returns.
[[noreturn]] void RunKeeper(const Plan& plan);

}  // namespace trustdesk::script_keeper

#endif  // !_WIN32
