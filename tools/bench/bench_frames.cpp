// Frame benchmark: CPU time of one whole headless frame (NewFrame, the app frame, Render) with a
// page showing a big list, next to the same page with 10 rows, measured side by side in one run
// because this machine is shared and noisy. No window and no GL: ImGui builds the draw lists and
// they are dropped, which is the CPU part of a real frame. Real fonts are loaded, since text
// layout is most of the cost.
//
// Each page is one PageBench entry (see Benches()); adding a page is adding one function.
// Besides the steady frames it measures a snapshot change (the lists replaced, as after a sync):
// the CPU time of the frame that sees the change, and how long until a frame shows rows derived
// from the new lists (big lists derive on a worker thread; the bench waits for it the way the app
// sleeps until the worker wakes it).
// Usage: trustdesk_bench_frames [frames-per-round]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/platform/font_files.h"
#include "app/support/fixture_certs.h"
#include "app/support/fixture_profiles.h"
#include "app/ui/commands.h"
#include "app/ui/theme.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"
#include "app/views/app_frame.h"

namespace {

using namespace trustdesk;

struct PageBench {
  const char* name;
  Page page;
  std::size_t small_rows;
  std::size_t large_rows;
  std::function<Snapshot(std::size_t rows)> make_snapshot;
  // Waits until the page's rows are derived from the lists it was last given; false on timeout.
  std::function<bool(UiState&)> wait_rows;
};

PageBench ProfilesBench() {
  return {"Certificate profiles",
          Page::Profiles,
          10,
          10000,
          [](std::size_t rows) { return test::ManyProfilesSnapshot(rows); },
          [](UiState& ui) { return ui.profiles.rows.WaitForRows(std::chrono::seconds(120)); }};
}

// The Issued certificates page: a mix of statuses, installed and server-only rows, sorted by
// expiry (the fixture's 200,000-certificate account).
PageBench IssuedBench() {
  return {"Issued certificates",
          Page::Issued,
          10,
          200000,
          [](std::size_t rows) { return test::ManyCertificatesSnapshot(rows); },
          [](UiState& ui) { return ui.issued.rows.WaitForRows(std::chrono::seconds(120)); }};
}

std::vector<PageBench> Benches() { return {ProfilesBench(), IssuedBench()}; }

// CPU time of this thread: what the frame costs, not what other processes take from it.
double ThreadCpuMs() {
#if defined(CLOCK_THREAD_CPUTIME_ID)
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
#else
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
#endif
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * double(v.size())))];
}

// What a frame that sees new lists costs, and how long until the rows from them are on screen.
struct ChangeCost {
  double frame_ms = 0;  // CPU time of the frame that sees the new snapshot
  double shown_ms = 0;  // wall clock from that frame's start to the end of a frame showing them
};

// One page with one snapshot, kept alive between rounds (its UI state holds the derived rows).
class PageRun {
 public:
  PageRun(const PageBench& bench, std::size_t rows, const FontSet& fonts)
      : snapshot_(bench.make_snapshot(rows)), fonts_(fonts), wait_rows_(bench.wait_rows) {
    ui_.nav.page = bench.page;
  }

  // The first frame sees the snapshot; reported apart from the steady frames.
  ChangeCost First() { return Shown(); }

  // A sync replaced every list (same contents, new objects): the rows must be derived again.
  ChangeCost Change() {
    SharedList<ProfileEntry> profiles = snapshot_.profiles.Copy();
    SharedList<IssuedCertificate> issued = snapshot_.issued.Copy();
    SharedList<InventoryEntry> installed = snapshot_.installed.Copy();
    // Copying 200,000 certificates evicts every cache; a few frames bring the UI's data back,
    // as in the app, where the copy happens on the sync thread.
    for (int i = 0; i < 3; ++i) Frame();
    snapshot_.profiles = std::move(profiles);
    snapshot_.issued = std::move(issued);
    snapshot_.installed = std::move(installed);
    snapshot_.generation += 1;
    return Shown();
  }

  // Appends each frame's CPU time; returns the wall-clock time of the whole round.
  double Round(int frames, std::vector<double>& out) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < frames; ++i) out.push_back(Frame());
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
  }

  // Vertices the last frame produced: shows the frame really drew the page.
  static int Vertices() { return ImGui::GetDrawData() ? ImGui::GetDrawData()->TotalVtxCount : 0; }

 private:
  ChangeCost Shown() {
    ChangeCost cost;
    const auto start = std::chrono::steady_clock::now();
    cost.frame_ms = Frame();
    if (!wait_rows_(ui_)) std::printf("  (timed out waiting for the rows)\n");
    Frame();
    cost.shown_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return cost;
  }

  double Frame() {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    // The pointer rests over the table, as when a person reads it (hover effects included).
    io.MousePos = ImVec2(io.DisplaySize.x * 0.45f, io.DisplaySize.y * 0.5f);
    const double start = ThreadCpuMs();
    ImGui::NewFrame();
    const ViewContext ctx{snapshot_, settings_, PaletteFor(settings_.theme), fonts_,
                          test::kProfilesNow, 1.0f};
    Commands commands;
    DrawAppFrame(ctx, ui_, commands);
    ImGui::Render();
    return ThreadCpuMs() - start;
  }

  Snapshot snapshot_;
  Settings settings_;
  UiState ui_;
  const FontSet& fonts_;
  std::function<bool(UiState&)> wait_rows_;
};

}  // namespace

int main(int argc, char** argv) {
  const int frames = argc > 1 ? std::max(10, std::atoi(argv[1])) : 300;
  constexpr int kRounds = 5;

  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  const FontSources sources = LoadFontSources();
  const FontSet fonts = BuildFonts(*io.Fonts, sources, kBaseFontPixels);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
  ApplyTheme(Theme::Dark, 1.0f);

  std::printf("Headless frame CPU time, 1280x800, fonts: %s\n", sources.description.c_str());
  std::printf("%d rounds x %d frames per size, sizes interleaved\n\n", kRounds, frames);
  int failures = 0;
  constexpr int kChanges = 5;
  for (const PageBench& bench : Benches()) {
    PageRun small(bench, bench.small_rows, fonts);
    PageRun large(bench, bench.large_rows, fonts);
    const ChangeCost first_small = small.First();
    const ChangeCost first_large = large.First();
    std::vector<double> small_ms, large_ms;
    int small_vertices = 0, large_vertices = 0;
    double small_wall = 0, large_wall = 0;
    for (int round = 0; round < kRounds; ++round) {
      small_wall += small.Round(frames, small_ms);
      small_vertices = PageRun::Vertices();
      large_wall += large.Round(frames, large_ms);
      large_vertices = PageRun::Vertices();
    }
    std::vector<double> change_small, change_large, shown_small, shown_large;
    for (int i = 0; i < kChanges; ++i) {
      const ChangeCost s = small.Change();
      const ChangeCost l = large.Change();
      change_small.push_back(s.frame_ms);
      shown_small.push_back(s.shown_ms);
      change_large.push_back(l.frame_ms);
      shown_large.push_back(l.shown_ms);
    }
    const double ms = Median(small_ms);
    const double ml = Median(large_ms);
    const double ratio = ms > 0 ? ml / ms : 0;
    std::printf("%s\n", bench.name);
    std::printf(
        "  %6zu rows: median %.3f ms, p95 %.3f ms, %d vertices (first frame %.2f ms, "
        "rows shown after %.1f ms)\n",
        bench.small_rows, ms, Percentile(small_ms, 0.95), small_vertices, first_small.frame_ms,
        first_small.shown_ms);
    std::printf(
        "  %6zu rows: median %.3f ms, p95 %.3f ms, %d vertices (first frame %.2f ms, "
        "rows shown after %.1f ms)\n",
        bench.large_rows, ml, Percentile(large_ms, 0.95), large_vertices, first_large.frame_ms,
        first_large.shown_ms);
    std::printf("  wall clock per frame (mean): %.3f ms / %.3f ms\n",
                small_wall / double(small_ms.size()), large_wall / double(large_ms.size()));
    const bool ok = ml < 1.0 && ratio <= 2.0;
    std::printf("  ratio %.2fx; target median < 1 ms and <= 2x: %s\n", ratio,
                ok ? "met" : "NOT met");
    const double cs = Median(change_small);
    const double cl = Median(change_large);
    std::printf(
        "  snapshot change (lists replaced), median of %d: frame that sees it %.3f ms / "
        "%.3f ms (%.2fx a steady frame at %zu rows); new rows shown after %.1f ms / "
        "%.1f ms\n\n",
        kChanges, cs, cl, ml > 0 ? cl / ml : 0, bench.large_rows, Median(shown_small),
        Median(shown_large));
    if (!ok) ++failures;
  }
  ImGui::DestroyContext();
  return failures == 0 ? 0 : 1;
}
