// The GLFW window with an OpenGL 3.3 core context and the ImGui GLFW/OpenGL3 backends on it.
// Create the ImGui context first; the window owns GLFW and the backends, not the context.
#pragma once

#include <memory>

#include <imgui.h>

#include "core/util/result.h"

struct GLFWwindow;

namespace trustdesk {

class GlWindow {
 public:
  static Result<std::unique_ptr<GlWindow>> Create(int width, int height, const char* title);
  ~GlWindow();
  GlWindow(const GlWindow&) = delete;
  GlWindow& operator=(const GlWindow&) = delete;

  bool ShouldClose() const;
  // Sleeps until an event arrives, `timeout_s` passes or Wake() is called from any thread.
  void WaitEvents(double timeout_s);
  void PollEvents();
  // Thread-safe: wakes WaitEvents (SnapshotStore wake callback, settings writer, row and
  // certificate workers). Does nothing once the window is destroyed.
  static void Wake();

  // Monitor content scale (1 on a normal display, 2 at 200%).
  float ContentScale() const;
  void FramebufferSize(int* width, int* height) const;

  void BeginFrame();
  // Renders the ImGui draw data into the back buffer (no swap, so it can be read back).
  void Render(const ImVec4& clear_color);
  void Swap();
  // Re-uploads the font atlas after it was rebuilt.
  void ReloadFontsTexture();

 private:
  explicit GlWindow(GLFWwindow* window) : window_(window) {}
  GLFWwindow* window_;
};

}  // namespace trustdesk
