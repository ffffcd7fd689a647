// Sync benchmark (figures, not a test): a 10,000-profile full sync and a 304 sync through the
// real SyncEngine over TLS on 127.0.0.1, and how long a 1 kHz reader waits for the snapshot lock
// while 1,000 snapshots of that size are published. Medians and percentiles of one run.
// The shared test helpers assert with doctest; this provides doctest's runtime (not its main).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "core/model/json_mapping.h"
#include "core/support/fake_backend.h"
#include "core/sync/sync_engine.h"

using namespace trustdesk;
using BenchClock = std::chrono::steady_clock;
using trustdesk::testing::FakeBackend;

namespace {

double Ms(BenchClock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
double Us(BenchClock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

template <class T>
T Percentile(std::vector<T> v, double p) {
  if (v.empty()) return T{};
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  return v[i];
}

std::vector<nlohmann::json> Profiles(int n) {
  std::vector<nlohmann::json> out;
  out.reserve(n);
  char id[32];
  for (int i = 0; i < n; ++i) {
    std::snprintf(id, sizeof id, "p-%05d", i);
    out.push_back(FakeBackend::MakeProfile(id, 1, std::string("Profile ") + id));
  }
  return out;
}

}  // namespace

int main() {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are measured
  constexpr int kProfiles = 10'000;
  FakeBackend backend;
  const auto profiles = Profiles(kProfiles);
  backend.SetProfiles(profiles);

  SnapshotStore store;
  SyncEngineOptions options;
  options.log = [](std::string_view) {};
  SyncEngine engine(store, SystemClock::Instance(), options);
  engine.Start();
  HttpOptions http;
  http.server_url = backend.url();
  http.ca_file = backend.ca_file();
  SyncSession session;
  session.api = std::move(ApiClient::Create(http).value());
  session.token = backend.token;
  session.server_url = backend.url();
  session.username = "alice";
  session.account = *AccountFromJson(FakeBackend::MakeAccount());
  const SyncAttempt first = engine.Wait(engine.Attach(session));
  if (first.result != SyncState::Updated || store.Current()->profiles.size() != kProfiles) {
    std::fprintf(stderr, "bench_sync: first sync failed: %s\n", first.message.c_str());
    return 1;
  }
  std::printf("profile list: %d profiles, %.1f MB\n", kProfiles, first.bytes / 1e6);

  // Full sync: a new revision each time, so every run fetches, parses, builds and publishes.
  std::vector<double> full;
  for (int i = 0; i < 7; ++i) {
    backend.SetProfiles(profiles);
    const auto t0 = BenchClock::now();
    const SyncAttempt a = engine.SyncNow();
    full.push_back(Ms(BenchClock::now() - t0));
    if (a.http_status != 200) return 1;
  }
  std::vector<double> not_modified;
  for (int i = 0; i < 31; ++i) {
    const auto t0 = BenchClock::now();
    const SyncAttempt a = engine.SyncNow();
    not_modified.push_back(Ms(BenchClock::now() - t0));
    if (a.http_status != 304) return 1;
  }
  std::printf("full sync (fetch + parse + build + publish), median of %zu: %.1f ms\n", full.size(),
              Percentile(full, 0.5));
  std::printf("304 sync, median of %zu: %.2f ms (%.0fx cheaper)\n", not_modified.size(),
              Percentile(not_modified, 0.5), Percentile(full, 0.5) / Percentile(not_modified, 0.5));
  engine.Stop();

  // Snapshot lock: a reader at 1 kHz times each Current() while 1,000 publishes of the
  // 10,000-profile snapshot run back to back.
  std::atomic<bool> done{false};
  std::vector<double> waits;
  waits.reserve(100'000);
  std::thread reader([&] {
    auto next = BenchClock::now();
    while (!done.load()) {
      const auto t0 = BenchClock::now();
      auto snap = store.Current();
      waits.push_back(Us(BenchClock::now() - t0));
      next += std::chrono::milliseconds(1);
      std::this_thread::sleep_until(next);
    }
  });
  // Each publish replaces the 10,000-profile list with a fresh copy, as a sync that changed it
  // does (a status-only publish shares the list and costs next to nothing).
  const auto t0 = BenchClock::now();
  for (int i = 0; i < 1000; ++i) {
    store.Update([&](Snapshot& s) {
      auto profiles = s.profiles.Copy();
      s.profiles = std::move(profiles);
      s.sync.changed_profiles = i;
    });
  }
  const double publish_ms = Ms(BenchClock::now() - t0);
  done = true;
  reader.join();
  std::printf("snapshot lock wait of a 1 kHz reader during 1,000 publishes (%.0f ms, %zu reads): "
              "p50 %.2f us, p99 %.2f us, max %.2f us (p99 limit 50 us: %s)\n",
              publish_ms, waits.size(), Percentile(waits, 0.5), Percentile(waits, 0.99),
              Percentile(waits, 1.0), Percentile(waits, 0.99) < 50.0 ? "met" : "NOT met");
  return Percentile(waits, 0.99) < 50.0 ? 0 : 2;
}
