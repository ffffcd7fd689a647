// TrustDesk GUI entry point: parse options, open the window, run the event-driven frame loop.
// The loop sleeps in WaitEvents when nothing happens; input, a published snapshot or a settings
// write error wakes it, and it then draws a few frames so hover and layout settle.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <imgui.h>

#include "app/platform/command_line.h"
#include "app/platform/font_files.h"
#include "app/platform/gl_window.h"
#include "app/platform/screenshot.h"
#include "app/platform/settings_writer.h"
#include "app/services/workspace_host.h"
#include "app/ui/controller.h"
#include "app/ui/fonts.h"
#include "app/ui/theme.h"
#include "app/ui/view_context.h"
#include "app/views/app_frame.h"
#include "app/views/toasts.h"
#include "core/settings/settings.h"
#include "core/util/clock.h"
#include "core/util/paths.h"
#include "core/workspace/workspace_paths.h"

namespace {

using namespace trustdesk;

constexpr int kFramesAfterWake = 3;       // frames drawn after any event before sleeping again
constexpr int kScreenshotFrames = 4;      // frames before reading back (layout needs two)
constexpr double kIdleWakeSeconds = 20.0; // refresh relative times ("3 minutes ago")
constexpr double kTypingWakeSeconds = 0.5;  // blink the text cursor while typing

// Theme and font size follow settings and content scale; rebuilt only when they change.
struct Appearance {
  Theme theme = Theme::Dark;
  float pixels = 0;
  float scale = 0;
};

void ApplyAppearance(const Settings& settings, float content_scale, const FontSources& sources,
                     FontSet& fonts, Appearance& applied, GlWindow& window) {
  const float scale = content_scale * settings.font_scale;
  const Appearance want{settings.theme, kBaseFontPixels * scale, scale};
  if (want.pixels != applied.pixels) {
    fonts = BuildFonts(*ImGui::GetIO().Fonts, sources, want.pixels);
    ImGui::GetIO().Fonts->Build();
    // The first upload happens in the renderer's first NewFrame.
    if (applied.pixels != 0) window.ReloadFontsTexture();
  }
  if (want.theme != applied.theme || want.scale != applied.scale) ApplyTheme(want.theme, scale);
  applied = want;
}

// The workspace is "settled" for a screenshot once start-up, sign-in and the first sync are over.
bool Settled(const WorkspaceHost& host, const Snapshot& s) {
  if (!host.ready() || s.session_op.busy) return false;
  if (!s.account) return true;  // signed out: the sign-in screen is what there is to show
  return s.sync.state != SyncState::NeverSynced && s.sync.state != SyncState::Syncing;
}

int Run(const CommandLine& cl) {
  auto paths = PrepareWorkspacePaths(cl.data_dir);
  if (!paths) {
    std::fprintf(stderr, "trustdesk: %s\n", paths.error().message.c_str());
    return 1;
  }
  const UserDirs* dirs = &paths->dirs;
  SettingsFile settings_file(paths->settings_file);
  settings_file.Load();
  Settings settings = settings_file.settings();
  UiState ui;
  ui.settings_page.config_dir = dirs->config.string();
  if (settings_file.load_error()) {
    ui.settings_page.load_error = settings_file.load_error()->message;
    std::fprintf(stderr, "trustdesk: %s\n", ui.settings_page.load_error.c_str());
  }
  if (cl.advanced) settings.advanced_mode = true;
  ui.nav.page = cl.page.value_or(PageFromId(settings.last_page).value_or(Page::Profiles));

  const bool screenshot = !cl.screenshot_path.empty();
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  // Screenshots must not depend on (or change) the user's saved layout.
  const std::string ini_path = (dirs->config / "imgui.ini").string();
  io.IniFilename = screenshot ? nullptr : ini_path.c_str();

  int exit_code = 0;
  {
    auto window = GlWindow::Create(cl.width, cl.height, "TrustDesk");
    if (!window) {
      std::fprintf(stderr, "trustdesk: %s\n", window.error().message.c_str());
      ImGui::DestroyContext();
      return 1;
    }
    WorkspaceHost host({cl.data_dir, nullptr, cl.demo, &GlWindow::Wake});
    // The certificate viewer's parses finish on a worker thread; the next frame shows them.
    ui.issued.details->SetWake(&GlWindow::Wake);
    // Rows of big lists are derived on worker threads too.
    ui.issued.rows.SetWake(&GlWindow::Wake);
    ui.profiles.rows.SetWake(&GlWindow::Wake);
    SettingsWriter writer(settings_file, &GlWindow::Wake);
    auto persist = [&](const Settings& s) {
      if (Workspace* ws = host.workspace()) ws->ApplySettings(s);
      if (!screenshot) writer.Save(s);
    };
    auto clipboard = [](const std::string& text) { ImGui::SetClipboardText(text.c_str()); };
    UiController controller(settings, ui, persist, clipboard,
                            [&](Command c) { host.Forward(std::move(c)); });
    const auto started = std::chrono::steady_clock::now();

    const FontSources font_sources = LoadFontSources();
    FontSet fonts;
    Appearance applied;
    int frames_left = kFramesAfterWake;
    int frame = 0;
    while (!(*window)->ShouldClose()) {
      if (screenshot || frames_left > 0) {
        (*window)->PollEvents();
      } else {
        double timeout = io.WantTextInput ? kTypingWakeSeconds : kIdleWakeSeconds;
        // A toast goes away on its own: wake when it is due.
        if (auto left = SecondsUntilToastExpires(ui.toasts, SystemClock::Instance().Now())) {
          timeout = std::min(timeout, static_cast<double>(*left) + 0.05);
        }
        (*window)->WaitEvents(timeout);
        frames_left = kFramesAfterWake;
      }
      ApplyAppearance(settings, (*window)->ContentScale(), font_sources, fonts, applied, **window);

      const std::shared_ptr<const Snapshot> snapshot = host.Current();
      (*window)->BeginFrame();
      const ViewContext ctx{*snapshot, settings, PaletteFor(settings.theme), fonts,
                            SystemClock::Instance().Now(), applied.scale};
      Commands commands;
      DrawAppFrame(ctx, ui, commands);
      (*window)->Render(ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);

      // A screenshot shows the settled workspace: wait (bounded) for start-up and the first sync.
      if (screenshot && frame == 0 && !Settled(host, *snapshot) &&
          std::chrono::steady_clock::now() - started <
              std::chrono::seconds(cl.screenshot_wait_seconds)) {
        (*window)->Swap();
        (*window)->WaitEvents(0.1);
        continue;
      }
      if (screenshot && ++frame == kScreenshotFrames) {
        int w = 0, h = 0;
        (*window)->FramebufferSize(&w, &h);
        const Status st = SaveBackBufferPng(cl.screenshot_path, w, h);
        if (!st) {
          std::fprintf(stderr, "trustdesk: %s\n", st.error().message.c_str());
          exit_code = 1;
        }
        break;
      }
      (*window)->Swap();
      if (controller.Execute(commands.TakeAll())) frames_left = kFramesAfterWake;
      --frames_left;
      ui.settings_page.save_error = writer.LastError();
    }
  }
  ImGui::DestroyContext();
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  auto cl = ParseCommandLine(argc, argv);
  if (!cl) {
    std::fprintf(stderr, "trustdesk: %s\n\n%s", cl.error().message.c_str(), UsageText());
    return 2;
  }
  if (cl->help) {
    std::fputs(UsageText(), stdout);
    return 0;
  }
  if (cl->version) {
    std::printf("TrustDesk %s\n", TRUSTDESK_VERSION);
    return 0;
  }
  return Run(*cl);
}
