#include "app/support/ui_harness.h"

#include <cstdint>

#include "app/ui/theme.h"

namespace trustdesk::test {

UiHarness::UiHarness(std::function<void()> draw, std::function<void()> after_frame,
                     ImVec2 display)
    : draw_(std::move(draw)), after_frame_(std::move(after_frame)), context_(ImGui::CreateContext()) {
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = display;
  io.DeltaTime = 1.0f / 60.0f;
  // Keyboard map for the keys tests press (any distinct indices into KeysDown work).
  for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;
  fonts_ = BuildFonts(*io.Fonts, FontSources{}, kBaseFontPixels);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
  AttachItemLog(&log_);
  io.MousePos = ImVec2(-1, -1);
  ApplyTheme(Theme::Dark, 1.0f);
}

UiHarness::~UiHarness() { ImGui::DestroyContext(context_); }

void UiHarness::Step(int frames) {
  for (int i = 0; i < frames; ++i) {
    ImGui::SetCurrentContext(context_);
    log_.BeginFrame();
    ImGui::NewFrame();
    draw_();
    ImGui::Render();
    if (after_frame_) after_frame_();
  }
}

const LoggedItem* UiHarness::Visible(std::string_view label) const {
  for (const auto& item : log_.items()) {
    if (item.label == label && item.max.x > item.min.x && item.max.y > item.min.y) return &item;
  }
  return nullptr;
}

bool UiHarness::Hover(std::string_view label) {
  const LoggedItem* item = Visible(label);
  if (item == nullptr) return false;
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2((item->min.x + item->max.x) * 0.5f, (item->min.y + item->max.y) * 0.5f);
  Step(2);
  return true;
}

bool UiHarness::Click(std::string_view label) {
  if (!Hover(label)) return false;
  ImGuiIO& io = ImGui::GetIO();
  io.MouseDown[0] = true;
  Step();
  io.MouseDown[0] = false;
  Step();
  Step();  // let the state changed by the click show up in the next frame
  return true;
}

bool UiHarness::CtrlClick(std::string_view label) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyCtrl = true;
  const bool clicked = Click(label);
  io.KeyCtrl = false;
  Step();
  return clicked;
}

void UiHarness::Type(std::string_view text) {
  ImGuiIO& io = ImGui::GetIO();
  for (char c : text) {
    io.AddInputCharacter(static_cast<unsigned char>(c));
    Step();
  }
  Step();
}

void UiHarness::PressKey(ImGuiKey key) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[io.KeyMap[key]] = true;
  Step();
  io.KeysDown[io.KeyMap[key]] = false;
  Step();
}

}  // namespace trustdesk::test
