// Idle CPU benchmark: starts the trustdesk window (on the DISPLAY it inherits), lets it settle,
// then measures the CPU time it uses over 10 s from /proc/PID/stat (utime + stime). A child that
// spins for the same 10 s is measured the same way as the "one full core" baseline, in the same
// run, because this machine is shared and noisy. Prints the median of 3 runs of each.
// Usage: trustdesk_bench_idle PATH_TO_TRUSTDESK [seconds]
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// utime + stime of `pid` in clock ticks; empty when the process is gone.
std::optional<long long> CpuTicks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  // The command name (field 2) may contain spaces; fields after the last ')' are fixed.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; i <= 15; ++i) {
    if (!(rest >> field)) return std::nullopt;
    if (i == 14) utime = std::atoll(field.c_str());
    if (i == 15) stime = std::atoll(field.c_str());
  }
  return utime + stime;
}

// Percent of one core used by `pid` over `seconds`, or a negative value if it exited.
double MeasurePercent(pid_t pid, double seconds) {
  const auto t0 = Clock::now();
  const auto c0 = CpuTicks(pid);
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  const auto c1 = CpuTicks(pid);
  const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!c0 || !c1) return -1;
  return 100.0 * double(*c1 - *c0) / double(sysconf(_SC_CLK_TCK)) / elapsed;
}

void Stop(pid_t pid) {
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::string Join(const std::vector<double>& v) {
  std::string s;
  for (double x : v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%.2f", s.empty() ? "" : ", ", x);
    s += buf;
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PATH_TO_TRUSTDESK [seconds]\n", argv[0]);
    return 2;
  }
  const double seconds = argc > 2 ? std::atof(argv[2]) : 10.0;
  if (std::getenv("DISPLAY") == nullptr) {
    std::fprintf(stderr, "bench_idle: no DISPLAY; run it under xvfb-run -a\n");
    return 2;
  }
  // A private data directory: the benchmark must not read or change the user's settings.
  char tmpl[] = "/tmp/trustdesk-bench-idle-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return 1;
  setenv("TRUSTDESK_DATA_DIR", tmpl, 1);

  constexpr int kRuns = 3;
  std::vector<double> idle, busy;
  for (int run = 0; run < kRuns; ++run) {
    const pid_t app = fork();
    if (app == 0) {
      execl(argv[1], argv[1], static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::seconds(3));  // window up, first frames drawn
    const double p = MeasurePercent(app, seconds);
    Stop(app);
    if (p < 0) {
      std::fprintf(stderr, "bench_idle: trustdesk exited during the measurement\n");
      std::filesystem::remove_all(tmpl);
      return 1;
    }
    idle.push_back(p);

    const pid_t spinner = fork();
    if (spinner == 0) {
      volatile unsigned long long x = 0;
      for (;;) x = x + 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    busy.push_back(MeasurePercent(spinner, seconds));
    Stop(spinner);
    std::printf("run %d: idle %.2f%%, busy loop %.2f%% of one core\n", run + 1, idle.back(),
                busy.back());
    std::fflush(stdout);
  }
  std::filesystem::remove_all(tmpl);
  const double idle_median = Median(idle), busy_median = Median(busy);
  std::printf("\nidle window:   %6.2f%% of one core (median of %d x %.0f s: %s)\n", idle_median,
              kRuns, seconds, Join(idle).c_str());
  std::printf("busy baseline: %6.2f%% of one core (median of %d x %.0f s: %s)\n", busy_median,
              kRuns, seconds, Join(busy).c_str());
  std::printf("idle / busy:   %6.3f   (target: idle <= 2%% of one core: %s)\n",
              busy_median > 0 ? idle_median / busy_median : 0.0,
              idle_median <= 2.0 ? "met" : "NOT met");
  return 0;
}
