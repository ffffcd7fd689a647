// Windows implementation of RunScript: CreateProcessW with a literal, quoted command line and an
// explicit environment block, inside a Job object so that the timeout kills the whole tree.
#ifdef _WIN32

#include <windows.h>

#include <thread>

#include "core/scripts/script_runner.h"

namespace trustdesk {
namespace {

std::wstring Widen(const std::string& s) {
  if (s.empty()) return {};
  int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring w(static_cast<size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), w.data(), n);
  return w;
}

// Quotes one argument so CommandLineToArgvW gives it back unchanged (backslash rules included).
void AppendQuoted(std::wstring& line, const std::wstring& arg) {
  line += L'"';
  size_t backslashes = 0;
  for (wchar_t c : arg) {
    if (c == L'\\') { ++backslashes; continue; }
    if (c == L'"') line.append(backslashes * 2 + 1, L'\\');
    else line.append(backslashes, L'\\');
    backslashes = 0;
    line += c;
  }
  line.append(backslashes * 2, L'\\');
  line += L'"';
}

struct Handle {
  HANDLE h = nullptr;
  ~Handle() { if (h && h != INVALID_HANDLE_VALUE) CloseHandle(h); }
};

void ReadAvailable(HANDLE pipe, std::string& text, bool& truncated, size_t limit) {
  DWORD avail = 0;
  while (PeekNamedPipe(pipe, nullptr, 0, nullptr, &avail, nullptr) && avail > 0) {
    char buf[8192];
    DWORD got = 0;
    if (!ReadFile(pipe, buf, std::min<DWORD>(avail, sizeof buf), &got, nullptr) || got == 0) return;
    size_t room = text.size() < limit ? limit - text.size() : 0;
    size_t keep = std::min<size_t>(room, got);
    text.append(buf, keep);
    if (keep < got) truncated = true;
  }
}

}  // namespace

Result<ScriptOutcome> RunScript(const ScriptInvocation& inv, const std::atomic<bool>* cancel) {
  if (!inv.command.is_absolute()) {
    return Error{ErrorCode::InvalidInput,
                 "script command: \"" + inv.command.string() + "\" is not an absolute path"};
  }
  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  Handle out_r, out_w, err_r, err_w, job;
  if (!CreatePipe(&out_r.h, &out_w.h, &inherit, 0) || !CreatePipe(&err_r.h, &err_w.h, &inherit, 0)) {
    return Error{ErrorCode::Io, "script: CreatePipe failed"};
  }
  SetHandleInformation(out_r.h, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(err_r.h, HANDLE_FLAG_INHERIT, 0);
  job.h = CreateJobObjectW(nullptr, nullptr);
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  SetInformationJobObject(job.h, JobObjectExtendedLimitInformation, &limits, sizeof limits);

  std::wstring line;
  AppendQuoted(line, inv.command.wstring());
  for (const auto& a : inv.arguments) { line += L' '; AppendQuoted(line, Widen(a)); }
  std::wstring env_block;
  for (const auto& [name, value] : inv.environment) env_block += Widen(name + "=" + value) + L'\0';
  env_block += L'\0';

  STARTUPINFOW si{};
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdOutput = out_w.h;
  si.hStdError = err_w.h;
  si.hStdInput = nullptr;
  PROCESS_INFORMATION pi{};
  std::wstring cwd = inv.working_directory.wstring();
  auto started = std::chrono::steady_clock::now();
  if (!CreateProcessW(inv.command.wstring().c_str(), line.data(), nullptr, nullptr, TRUE,
                      CREATE_UNICODE_ENVIRONMENT | CREATE_SUSPENDED | CREATE_NO_WINDOW,
                      env_block.data(), cwd.empty() ? nullptr : cwd.c_str(), &si, &pi)) {
    return Error{ErrorCode::Io, "script " + inv.command.string() + ": could not start (error " +
                                    std::to_string(GetLastError()) + ")"};
  }
  Handle process{pi.hProcess}, thread{pi.hThread};
  AssignProcessToJobObject(job.h, process.h);
  ResumeThread(thread.h);
  CloseHandle(out_w.h); out_w.h = nullptr;
  CloseHandle(err_w.h); err_w.h = nullptr;

  ScriptOutcome outcome;
  auto deadline = started + inv.timeout;
  while (WaitForSingleObject(process.h, 50) == WAIT_TIMEOUT) {
    ReadAvailable(out_r.h, outcome.stdout_text, outcome.stdout_truncated, inv.max_output_bytes);
    ReadAvailable(err_r.h, outcome.stderr_text, outcome.stderr_truncated, inv.max_output_bytes);
    if (std::chrono::steady_clock::now() >= deadline) { outcome.timed_out = true; break; }
    if (cancel && cancel->load()) { outcome.cancelled = true; break; }
  }
  TerminateJobObject(job.h, 1);
  WaitForSingleObject(process.h, 5000);
  ReadAvailable(out_r.h, outcome.stdout_text, outcome.stdout_truncated, inv.max_output_bytes);
  ReadAvailable(err_r.h, outcome.stderr_text, outcome.stderr_truncated, inv.max_output_bytes);
  DWORD code = 1;
  GetExitCodeProcess(process.h, &code);
  outcome.exit_code = static_cast<int>(code);
  outcome.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return outcome;
}

}  // namespace trustdesk

#endif  // _WIN32
