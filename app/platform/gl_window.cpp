#include "app/platform/gl_window.h"

#include <glad/gl.h>
// glad before GLFW: GLFW must not include the system GL header.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <cstdio>
#include <mutex>

namespace trustdesk {
namespace {

void PrintGlfwError(int code, const char* description) {
  std::fprintf(stderr, "trustdesk: GLFW error %d: %s\n", code, description);
}

// Wake() comes from worker threads that may finish after the window is gone (a row derive, a
// certificate parse); posting an event to a terminated GLFW is undefined. The window's life is
// therefore guarded: Wake() posts only while it is alive, and termination waits for a post
// in flight.
std::mutex g_wake_mutex;
bool g_window_alive = false;  // guarded by g_wake_mutex

}  // namespace

Result<std::unique_ptr<GlWindow>> GlWindow::Create(int width, int height, const char* title) {
  glfwSetErrorCallback(PrintGlfwError);
  if (!glfwInit()) {
    return Error(ErrorCode::Unsupported,
                 "cannot open a window: no display available (is DISPLAY set? For a headless "
                 "run use xvfb-run)");
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);  // required on macOS
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);       // HiDPI on Windows/X11
  GLFWwindow* window = glfwCreateWindow(width, height, title, nullptr, nullptr);
  if (window == nullptr) {
    glfwTerminate();
    return Error(ErrorCode::Unsupported, "cannot create an OpenGL 3.3 core window");
  }
  glfwMakeContextCurrent(window);
  if (gladLoadGL(glfwGetProcAddress) == 0) {
    glfwDestroyWindow(window);
    glfwTerminate();
    return Error(ErrorCode::Unsupported, "cannot load OpenGL 3.3 functions");
  }
  glfwSwapInterval(1);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  {
    std::lock_guard lock(g_wake_mutex);
    g_window_alive = true;
  }
  return std::unique_ptr<GlWindow>(new GlWindow(window));
}

GlWindow::~GlWindow() {
  {
    std::lock_guard lock(g_wake_mutex);
    g_window_alive = false;
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool GlWindow::ShouldClose() const { return glfwWindowShouldClose(window_) != 0; }
void GlWindow::WaitEvents(double timeout_s) { glfwWaitEventsTimeout(timeout_s); }
void GlWindow::PollEvents() { glfwPollEvents(); }
void GlWindow::Wake() {
  std::lock_guard lock(g_wake_mutex);
  if (g_window_alive) glfwPostEmptyEvent();
}

float GlWindow::ContentScale() const {
  float x = 1.0f, y = 1.0f;
  glfwGetWindowContentScale(window_, &x, &y);
  return x > 0.0f ? x : 1.0f;
}

void GlWindow::FramebufferSize(int* width, int* height) const {
  glfwGetFramebufferSize(window_, width, height);
}

void GlWindow::BeginFrame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void GlWindow::Render(const ImVec4& clear) {
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(clear.x, clear.y, clear.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void GlWindow::Swap() { glfwSwapBuffers(window_); }

void GlWindow::ReloadFontsTexture() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace trustdesk
