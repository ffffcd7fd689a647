#include "tools/cli/cli_secrets.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#ifdef _WIN32
#include <io.h>
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

namespace trustdesk::cli {
namespace {

bool StdinIsTerminal() {
#ifdef _WIN32
  return _isatty(_fileno(stdin)) != 0;
#else
  return ::isatty(STDIN_FILENO) != 0;
#endif
}

// Turns terminal echo off for its lifetime.
class NoEcho {
 public:
  NoEcho() {
#ifdef _WIN32
    handle_ = ::GetStdHandle(STD_INPUT_HANDLE);
    if (::GetConsoleMode(handle_, &mode_)) {
      active_ = ::SetConsoleMode(handle_, mode_ & ~static_cast<DWORD>(ENABLE_ECHO_INPUT)) != 0;
    }
#else
    if (::tcgetattr(STDIN_FILENO, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
#endif
  }
  ~NoEcho() {
    if (!active_) return;
#ifdef _WIN32
    ::SetConsoleMode(handle_, mode_);
#else
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
#endif
    std::cerr << '\n';
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  bool active_ = false;
#ifdef _WIN32
  HANDLE handle_ = nullptr;
  DWORD mode_ = 0;
#else
  termios saved_{};
#endif
};

}  // namespace

bool SecretReader::Available(const char* env_var) const {
  const char* v = std::getenv(env_var);
  return (v != nullptr && *v != '\0') || !stdin_eof_;
}

std::optional<std::string> SecretReader::Read(const char* env_var, const std::string& prompt) {
  if (const char* v = std::getenv(env_var); v != nullptr && *v != '\0') return std::string(v);
  if (auto it = from_stdin_.find(env_var); it != from_stdin_.end()) return it->second;
  if (stdin_eof_) return std::nullopt;
  std::string line;
  bool got;
  if (StdinIsTerminal()) {
    std::cerr << prompt << std::flush;
    NoEcho quiet;
    got = static_cast<bool>(std::getline(std::cin, line));
  } else {
    got = static_cast<bool>(std::getline(std::cin, line));
  }
  if (!got) {
    stdin_eof_ = true;
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  from_stdin_[env_var] = line;
  return line;
}

}  // namespace trustdesk::cli
