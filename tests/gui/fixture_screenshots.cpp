#include "gui/fixture_screenshots.h"

#include <glad/gl.h>
// glad before GLFW: GLFW must not include the system GL header.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/platform/font_files.h"
#include "app/platform/screenshot.h"
#include "app/ui/item_log.h"
#include "app/ui/theme.h"
#include "app/ui/view_context.h"
#include "app/views/app_frame.h"

namespace trustdesk::test {
namespace {

constexpr int kMaxFrames = 120;

class Renderer {
 public:
  Renderer(GLFWwindow* window, int width, int height, float scale, const FontSources& fonts)
      : window_(window), width_(width), height_(height), scale_(scale), sources_(fonts) {}

  bool Capture(const FixtureShot& shot, Snapshot snapshot, Timestamp now,
               const std::filesystem::path& file) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(float(width_), float(height_));
    for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;
    const FontSet fonts = BuildFonts(*io.Fonts, sources_, kBaseFontPixels * scale_);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    ItemLog log;
    AttachItemLog(&log);

    Settings settings;
    UiState ui;
    if (shot.setup) shot.setup(snapshot, settings, ui);
    ApplyTheme(settings.theme, scale_);
    std::size_t next = 0;
    int frames_since_step = 0;
    bool pressed = false;
    ImVec2 last_centre(-1, -1);
    Status saved = Status{};
    for (int frame = 0; frame < kMaxFrames; ++frame) {
      io.DeltaTime = 1.0f / 60.0f;
      io.MouseDown[0] = pressed;
      if (pressed) pressed = false;  // held for one frame, released in the next
      // Run the next step once its item has stayed in one place for two frames (a popup's first
      // frame is laid out off screen). Typing needs no item: it goes to the focused field.
      if (next < shot.script.size() && frames_since_step >= 3) {
        const ScriptStep& step = shot.script[next];
        if (step.kind == ScriptStep::Type) {
          for (char c : step.text) io.AddInputCharacter(static_cast<unsigned char>(c));
          ++next;
          frames_since_step = 0;
        } else {
          const LoggedItem* item = log.Find(step.text);
          const ImVec2 centre =
              item ? ImVec2((item->min.x + item->max.x) / 2, (item->min.y + item->max.y) / 2)
                   : ImVec2(-1, -1);
          if (item != nullptr && centre.x == last_centre.x && centre.y == last_centre.y) {
            io.MousePos = centre;
            pressed = step.kind == ScriptStep::Click;
            ++next;
            frames_since_step = 0;
            last_centre = ImVec2(-1, -1);
          } else {
            last_centre = centre;
          }
        }
      }
      ++frames_since_step;
      if (next == shot.script.size() && shot.settle) shot.settle(ui);
      log.BeginFrame();
      ImGui_ImplOpenGL3_NewFrame();
      ImGui::NewFrame();
      const ViewContext ctx{snapshot, settings, PaletteFor(settings.theme), fonts, now, scale_};
      Commands commands;
      DrawAppFrame(ctx, ui, commands);
      ImGui::Render();
      glViewport(0, 0, width_, height_);
      const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
      glClearColor(clear.x, clear.y, clear.z, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      // Done when the script has run and a few frames let hover and popups settle.
      if (next == shot.script.size() && frames_since_step > 6) {
        saved = SaveBackBufferPng(file, width_, height_);
        glfwSwapBuffers(window_);
        break;
      }
      glfwSwapBuffers(window_);
    }
    AttachItemLog(nullptr);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
    if (next != shot.script.size()) {
      std::fprintf(stderr, "%s: step \"%s\" never found its item\n", shot.name.c_str(),
                   shot.script[next].text.c_str());
      return false;
    }
    if (!saved) {
      std::fprintf(stderr, "%s: %s\n", shot.name.c_str(), saved.error().message.c_str());
      return false;
    }
    std::printf("%s\n", file.string().c_str());
    return true;
  }

 private:
  GLFWwindow* window_;
  int width_, height_;
  float scale_;
  const FontSources& sources_;
};

}  // namespace

int RunFixtureScreenshots(int argc, char** argv, const std::function<Snapshot()>& base,
                          Timestamp now, const std::vector<FixtureShot>& shots) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR [WIDTHxHEIGHT] [SCALE]\n", argv[0]);
    return 2;
  }
  const std::filesystem::path out = argv[1];
  int width = 1280, height = 800;
  if (argc > 2 && std::sscanf(argv[2], "%dx%d", &width, &height) != 2) {
    std::fprintf(stderr, "bad size \"%s\", expected WIDTHxHEIGHT\n", argv[2]);
    return 2;
  }
  const float scale = argc > 3 ? float(std::atof(argv[3])) : 1.0f;
  if (width < 320 || height < 240 || scale < 0.5f || scale > 4.0f) {
    std::fprintf(stderr, "size or scale out of range\n");
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) {
    std::fprintf(stderr, "cannot create %s: %s\n", out.string().c_str(), ec.message().c_str());
    return 1;
  }
  if (!glfwInit()) {
    std::fprintf(stderr, "no display (run under xvfb-run)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
  GLFWwindow* window = glfwCreateWindow(width, height, "TrustDesk screenshots", nullptr, nullptr);
  if (window == nullptr) {
    glfwTerminate();
    std::fprintf(stderr, "cannot create an OpenGL 3.3 core window\n");
    return 1;
  }
  glfwMakeContextCurrent(window);
  int failures = 0;
  if (gladLoadGL(glfwGetProcAddress) == 0) {
    std::fprintf(stderr, "cannot load OpenGL 3.3 functions\n");
    failures = 1;
  } else {
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    const FontSources fonts = LoadFontSources();
    Renderer renderer(window, fb_w, fb_h, scale, fonts);
    const std::string suffix = "_" + std::to_string(fb_w) + "x" + std::to_string(fb_h) +
                               (scale != 1.0f ? "@" + std::to_string(int(scale * 100)) : "");
    for (const FixtureShot& shot : shots) {
      if (!renderer.Capture(shot, base(), now, out / (shot.name + suffix + ".png"))) ++failures;
    }
  }
  glfwDestroyWindow(window);
  glfwTerminate();
  return failures == 0 ? 0 : 1;
}

}  // namespace trustdesk::test
