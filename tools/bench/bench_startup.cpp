// Start-up benchmark: from "TrustDesk starts" to the first frame that shows a cached snapshot of
// 10,000 profiles, for a person whose session is remembered and whose server cannot be reached
// (the offline start: everything comes from the local cache). Each run, in this process:
//   1. builds the ImGui context and the font atlas from the real font files,
//   2. opens the Workspace on the data directory (settings, session file, inventory, Activity,
//      job journal), which resumes the remembered session and loads the offline cache,
//   3. waits until the 10,000 profiles are published,
//   4. draws the first whole frame of the profiles page, which hands the 10,000 rows to the page's
//      row worker and says "Loading 10,000 profiles…" while it derives them,
//   5. waits for the worker (the app is woken by it the same way) and draws the frame that shows
//      the rows. The figure that counts is start to this frame: the person sees their profiles.
// Not included: exec, the GLFW window and GL context (measured apart with the real binary:
// `trustdesk --no-demo --screenshot`). Medians of several runs, one process, same machine load.
// The shared test helpers assert with doctest; this provides doctest's runtime (not its main).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <imgui.h>

#include "app/platform/font_files.h"
#include "app/ui/commands.h"
#include "app/ui/theme.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"
#include "app/views/app_frame.h"
#include "core/support/fake_backend.h"
#include "core/support/memory_secret_store.h"
#include "core/workspace/workspace.h"

using namespace trustdesk;
using trustdesk::testing::FakeBackend;
using trustdesk::testing::MemorySecretStore;
using BenchClock = std::chrono::steady_clock;

namespace {

constexpr int kProfiles = 10'000;
constexpr int kRuns = 7;

double Ms(BenchClock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

WorkspaceOptions Options(const std::filesystem::path& dir, std::shared_ptr<SecretStore> secrets) {
  WorkspaceOptions o;
  o.data_dir = dir;
  o.secrets = std::move(secrets);
  o.flags.monitor = false;
  o.flags.scheduled_background_actions = false;
  o.flags.background_after_sign_in = false;
  o.http.connect_timeout = std::chrono::seconds(2);
  o.log = [](std::string_view) {};
  return o;
}

struct Run {
  double fonts_ms = 0;     // ImGui context + font atlas
  double cached_ms = 0;    // Workspace::Open → 10,000 cached profiles published
  double frame_ms = 0;     // the first frame of the profiles page ("Loading…" or the rows)
  double rows_ms = 0;      // first frame → the frame that shows the rows
  double total_ms = 0;     // start → the frame that shows the rows
  int vertices = 0;
};

Run StartOnce(const std::filesystem::path& dir, const std::shared_ptr<SecretStore>& secrets,
              const FontSources& sources) {
  Run r;
  const auto t0 = BenchClock::now();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  const FontSet fonts = BuildFonts(*io.Fonts, sources, kBaseFontPixels);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
  ApplyTheme(Theme::Dark, 1.0f);
  const auto t1 = BenchClock::now();

  WorkspaceOptions options = Options(dir, secrets);
  options.flags.resume_session = true;
  auto opened = Workspace::Open(std::move(options));
  if (!opened) {
    std::fprintf(stderr, "bench_startup: %s\n", opened.error().message.c_str());
    std::exit(1);
  }
  std::shared_ptr<const Snapshot> snapshot;
  const auto deadline = BenchClock::now() + std::chrono::seconds(60);
  for (;;) {
    snapshot = (*opened)->Current();
    if (snapshot->profiles.size() == kProfiles) break;
    if (BenchClock::now() > deadline) {
      std::fprintf(stderr, "bench_startup: the cached profiles never appeared (%zu)\n",
                   snapshot->profiles.size());
      std::exit(1);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  const auto t2 = BenchClock::now();

  Settings settings;
  UiState ui;
  Commands commands;
  io.DeltaTime = 1.0f / 60.0f;
  ImGui::NewFrame();
  const ViewContext ctx{*snapshot, settings, PaletteFor(settings.theme), fonts,
                        SystemClock::Instance().Now(), 1.0f};
  DrawAppFrame(ctx, ui, commands);
  ImGui::Render();
  const auto t3 = BenchClock::now();

  if (!ui.profiles.rows.WaitForRows(std::chrono::seconds(60))) {
    std::fprintf(stderr, "bench_startup: the profile rows were never derived\n");
    std::exit(1);
  }
  ImGui::NewFrame();
  DrawAppFrame(ctx, ui, commands);
  ImGui::Render();
  const auto t4 = BenchClock::now();
  if (ui.profiles.rows.rows().size() != kProfiles) {
    std::fprintf(stderr, "bench_startup: the frame shows %zu rows, not %d\n",
                 ui.profiles.rows.rows().size(), kProfiles);
    std::exit(1);
  }
  r.vertices = ImGui::GetDrawData()->TotalVtxCount;

  r.fonts_ms = Ms(t1 - t0);
  r.cached_ms = Ms(t2 - t1);
  r.frame_ms = Ms(t3 - t2);
  r.rows_ms = Ms(t4 - t3);
  r.total_ms = Ms(t4 - t0);
  opened->reset();  // stops the engine (it is retrying the unreachable server)
  ImGui::DestroyContext();
  return r;
}

}  // namespace

int main() {
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("trustdesk-bench-startup-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  auto secrets = std::make_shared<MemorySecretStore>();

  // A first run: sign in (remembered) and sync 10,000 profiles into the offline cache.
  FakeBackend backend;
  {
    std::vector<nlohmann::json> profiles;
    profiles.reserve(kProfiles);
    char id[32];
    for (int i = 0; i < kProfiles; ++i) {
      std::snprintf(id, sizeof id, "p-%05d", i);
      profiles.push_back(FakeBackend::MakeProfile(id, 1, std::string("Profile ") + id));
    }
    backend.SetProfiles(std::move(profiles));
    auto ws = Workspace::Open(Options(dir, secrets));
    SignInRequest in;
    in.server_url = backend.url();
    in.ca_file = backend.ca_file();
    in.account_id = FakeBackend::MakeAccount().at("id").get<std::string>();
    in.username = "alice";
    in.password = backend.password;
    in.remember = true;
    auto outcome = ws ? (*ws)->SignIn(in) : Result<SignInOutcome>(ws.error());
    if (!outcome) {
      std::fprintf(stderr, "bench_startup: sign-in failed: %s\n",
                   outcome.error().message.c_str());
      return 1;
    }
    const SyncAttempt first = (*ws)->WaitForSync(outcome->sync_ticket);
    if ((*ws)->Current()->profiles.size() != kProfiles) {
      std::fprintf(stderr, "bench_startup: first sync failed: %s\n", first.message.c_str());
      return 1;
    }
  }
  backend.GoDown();  // the offline start: connection refused, the cache is all there is

  const FontSources sources = LoadFontSources();
  std::printf("Start to first frame, offline with a cached snapshot of %d profiles\n", kProfiles);
  std::printf("fonts: %s; %d runs in one process\n\n", sources.description.c_str(), kRuns);
  std::vector<double> fonts, cached, frame, rows, total;
  for (int i = 0; i < kRuns; ++i) {
    const Run r = StartOnce(dir, secrets, sources);
    std::printf("run %d: fonts %.1f ms, workspace + cache %.1f ms, first frame %.1f ms, "
                "rows shown %.1f ms later (%d vertices), total %.1f ms\n",
                i + 1, r.fonts_ms, r.cached_ms, r.frame_ms, r.rows_ms, r.vertices, r.total_ms);
    fonts.push_back(r.fonts_ms);
    cached.push_back(r.cached_ms);
    frame.push_back(r.frame_ms);
    rows.push_back(r.rows_ms);
    total.push_back(r.total_ms);
  }
  std::printf("\nmedian: fonts %.1f ms, workspace + cache %.1f ms, first frame %.1f ms, "
              "rows shown %.1f ms later\n",
              Median(fonts), Median(cached), Median(frame), Median(rows));
  std::printf("median start to the first frame showing the profiles: %.1f ms "
              "(target < 500 ms: %s)\n",
              Median(total), Median(total) < 500.0 ? "met" : "NOT met");
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
