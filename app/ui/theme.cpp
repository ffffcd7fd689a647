#include "app/ui/theme.h"

namespace trustdesk {
namespace {

ImVec4 Rgb(int hex, float alpha = 1.0f) {
  return ImVec4(((hex >> 16) & 0xff) / 255.0f, ((hex >> 8) & 0xff) / 255.0f, (hex & 0xff) / 255.0f,
                alpha);
}

const Palette kDark = {
    .text = Rgb(0xE6E8EB),
    .muted = Rgb(0x8E96A3),
    .accent = Rgb(0x4A86E8),
    .link = Rgb(0x78AEFF),
    .ok = Rgb(0x5CC983),
    .warning = Rgb(0xE8B04B),
    .error = Rgb(0xF0706A),
    .nav_bg = Rgb(0x1D2025),
    .status_bg = Rgb(0x1D2025),
};

const Palette kLight = {
    .text = Rgb(0x1F2328),
    .muted = Rgb(0x5F6773),
    .accent = Rgb(0x2F6FDB),
    .link = Rgb(0x1F5FC8),
    .ok = Rgb(0x1A7F45),
    .warning = Rgb(0x9A6200),
    .error = Rgb(0xC23531),
    .nav_bg = Rgb(0xEBEDF0),
    .status_bg = Rgb(0xEBEDF0),
};

void SetSizes(ImGuiStyle& s) {
  s.WindowPadding = ImVec2(14, 12);
  s.FramePadding = ImVec2(10, 6);
  s.CellPadding = ImVec2(8, 6);
  s.ItemSpacing = ImVec2(10, 8);
  s.ItemInnerSpacing = ImVec2(8, 6);
  s.IndentSpacing = 18;
  s.ScrollbarSize = 12;
  s.GrabMinSize = 10;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 0;
  s.PopupBorderSize = 1;
  s.FrameBorderSize = 0;
  s.WindowRounding = 6;
  s.ChildRounding = 0;
  s.FrameRounding = 5;
  s.PopupRounding = 6;
  s.ScrollbarRounding = 6;
  s.GrabRounding = 4;
  s.TabRounding = 5;
  s.WindowTitleAlign = ImVec2(0.0f, 0.5f);
  s.SelectableTextAlign = ImVec2(0.0f, 0.5f);
}

void SetDarkColors(ImVec4* c, const Palette& p) {
  c[ImGuiCol_Text] = p.text;
  c[ImGuiCol_TextDisabled] = p.muted;
  c[ImGuiCol_WindowBg] = Rgb(0x16181C);
  c[ImGuiCol_ChildBg] = Rgb(0x000000, 0.0f);
  c[ImGuiCol_PopupBg] = Rgb(0x22262C);
  c[ImGuiCol_Border] = Rgb(0x30353C);
  c[ImGuiCol_BorderShadow] = Rgb(0x000000, 0.0f);
  c[ImGuiCol_FrameBg] = Rgb(0x23272D);
  c[ImGuiCol_FrameBgHovered] = Rgb(0x2B3037);
  c[ImGuiCol_FrameBgActive] = Rgb(0x323840);
  c[ImGuiCol_TitleBg] = Rgb(0x1D2025);
  c[ImGuiCol_TitleBgActive] = Rgb(0x23272D);
  c[ImGuiCol_TitleBgCollapsed] = Rgb(0x1D2025);
  c[ImGuiCol_MenuBarBg] = Rgb(0x1D2025);
  c[ImGuiCol_ScrollbarBg] = Rgb(0x000000, 0.0f);
  c[ImGuiCol_ScrollbarGrab] = Rgb(0x3A4048);
  c[ImGuiCol_ScrollbarGrabHovered] = Rgb(0x474E58);
  c[ImGuiCol_ScrollbarGrabActive] = Rgb(0x545C68);
  c[ImGuiCol_CheckMark] = p.link;
  c[ImGuiCol_SliderGrab] = p.accent;
  c[ImGuiCol_SliderGrabActive] = p.link;
  c[ImGuiCol_Button] = Rgb(0x2A2F36);
  c[ImGuiCol_ButtonHovered] = Rgb(0x353B44);
  c[ImGuiCol_ButtonActive] = Rgb(0x3F4651);
  c[ImGuiCol_Header] = Rgb(0x4A86E8, 0.22f);
  c[ImGuiCol_HeaderHovered] = Rgb(0x4A86E8, 0.14f);
  c[ImGuiCol_HeaderActive] = Rgb(0x4A86E8, 0.30f);
  c[ImGuiCol_Separator] = Rgb(0x30353C);
  c[ImGuiCol_SeparatorHovered] = p.accent;
  c[ImGuiCol_SeparatorActive] = p.link;
  c[ImGuiCol_ResizeGrip] = Rgb(0x000000, 0.0f);
  c[ImGuiCol_ResizeGripHovered] = Rgb(0x4A86E8, 0.5f);
  c[ImGuiCol_ResizeGripActive] = p.accent;
  c[ImGuiCol_Tab] = Rgb(0x23272D);
  c[ImGuiCol_TabHovered] = Rgb(0x353B44);
  c[ImGuiCol_TabActive] = Rgb(0x2E343C);
  c[ImGuiCol_TabUnfocused] = Rgb(0x23272D);
  c[ImGuiCol_TabUnfocusedActive] = Rgb(0x2A2F36);
  c[ImGuiCol_PlotLines] = p.link;
  c[ImGuiCol_PlotLinesHovered] = p.warning;
  c[ImGuiCol_PlotHistogram] = p.accent;
  c[ImGuiCol_PlotHistogramHovered] = p.link;
  c[ImGuiCol_TableHeaderBg] = Rgb(0x1F2227);
  c[ImGuiCol_TableBorderStrong] = Rgb(0x30353C);
  c[ImGuiCol_TableBorderLight] = Rgb(0x262A30);
  c[ImGuiCol_TableRowBg] = Rgb(0x000000, 0.0f);
  c[ImGuiCol_TableRowBgAlt] = Rgb(0xFFFFFF, 0.025f);
  c[ImGuiCol_TextSelectedBg] = Rgb(0x4A86E8, 0.35f);
  c[ImGuiCol_DragDropTarget] = p.warning;
  c[ImGuiCol_NavHighlight] = p.accent;
  c[ImGuiCol_NavWindowingHighlight] = Rgb(0xFFFFFF, 0.7f);
  c[ImGuiCol_NavWindowingDimBg] = Rgb(0x000000, 0.4f);
  c[ImGuiCol_ModalWindowDimBg] = Rgb(0x000000, 0.55f);
}

void SetLightColors(ImVec4* c, const Palette& p) {
  c[ImGuiCol_Text] = p.text;
  c[ImGuiCol_TextDisabled] = p.muted;
  c[ImGuiCol_WindowBg] = Rgb(0xF7F8FA);
  c[ImGuiCol_ChildBg] = Rgb(0xFFFFFF, 0.0f);
  c[ImGuiCol_PopupBg] = Rgb(0xFFFFFF);
  c[ImGuiCol_Border] = Rgb(0xBFC6CF);
  c[ImGuiCol_BorderShadow] = Rgb(0x000000, 0.0f);
  c[ImGuiCol_FrameBg] = Rgb(0xFFFFFF);
  c[ImGuiCol_FrameBgHovered] = Rgb(0xF0F3F7);
  c[ImGuiCol_FrameBgActive] = Rgb(0xE6EBF2);
  c[ImGuiCol_TitleBg] = Rgb(0xEBEDF0);
  c[ImGuiCol_TitleBgActive] = Rgb(0xE1E5EA);
  c[ImGuiCol_TitleBgCollapsed] = Rgb(0xEBEDF0);
  c[ImGuiCol_MenuBarBg] = Rgb(0xEBEDF0);
  c[ImGuiCol_ScrollbarBg] = Rgb(0x000000, 0.0f);
  c[ImGuiCol_ScrollbarGrab] = Rgb(0xC4CAD2);
  c[ImGuiCol_ScrollbarGrabHovered] = Rgb(0xAEB5BF);
  c[ImGuiCol_ScrollbarGrabActive] = Rgb(0x98A0AB);
  c[ImGuiCol_CheckMark] = p.accent;
  c[ImGuiCol_SliderGrab] = p.accent;
  c[ImGuiCol_SliderGrabActive] = p.link;
  c[ImGuiCol_Button] = Rgb(0xE3E7EC);
  c[ImGuiCol_ButtonHovered] = Rgb(0xD6DCE3);
  c[ImGuiCol_ButtonActive] = Rgb(0xC9D0D9);
  c[ImGuiCol_Header] = Rgb(0x2F6FDB, 0.16f);
  c[ImGuiCol_HeaderHovered] = Rgb(0x2F6FDB, 0.09f);
  c[ImGuiCol_HeaderActive] = Rgb(0x2F6FDB, 0.24f);
  c[ImGuiCol_Separator] = Rgb(0xD3D8DE);
  c[ImGuiCol_SeparatorHovered] = p.accent;
  c[ImGuiCol_SeparatorActive] = p.link;
  c[ImGuiCol_ResizeGrip] = Rgb(0x000000, 0.0f);
  c[ImGuiCol_ResizeGripHovered] = Rgb(0x2F6FDB, 0.5f);
  c[ImGuiCol_ResizeGripActive] = p.accent;
  c[ImGuiCol_Tab] = Rgb(0xE3E7EC);
  c[ImGuiCol_TabHovered] = Rgb(0xD6DCE3);
  c[ImGuiCol_TabActive] = Rgb(0xFFFFFF);
  c[ImGuiCol_TabUnfocused] = Rgb(0xE3E7EC);
  c[ImGuiCol_TabUnfocusedActive] = Rgb(0xF0F3F7);
  c[ImGuiCol_PlotLines] = p.accent;
  c[ImGuiCol_PlotLinesHovered] = p.warning;
  c[ImGuiCol_PlotHistogram] = p.accent;
  c[ImGuiCol_PlotHistogramHovered] = p.link;
  c[ImGuiCol_TableHeaderBg] = Rgb(0xEEF0F3);
  c[ImGuiCol_TableBorderStrong] = Rgb(0xD3D8DE);
  c[ImGuiCol_TableBorderLight] = Rgb(0xE3E7EC);
  c[ImGuiCol_TableRowBg] = Rgb(0x000000, 0.0f);
  c[ImGuiCol_TableRowBgAlt] = Rgb(0x000000, 0.025f);
  c[ImGuiCol_TextSelectedBg] = Rgb(0x2F6FDB, 0.25f);
  c[ImGuiCol_DragDropTarget] = p.warning;
  c[ImGuiCol_NavHighlight] = p.accent;
  c[ImGuiCol_NavWindowingHighlight] = Rgb(0x000000, 0.7f);
  c[ImGuiCol_NavWindowingDimBg] = Rgb(0x000000, 0.2f);
  c[ImGuiCol_ModalWindowDimBg] = Rgb(0x000000, 0.3f);
}

}  // namespace

const Palette& PaletteFor(Theme theme) { return theme == Theme::Light ? kLight : kDark; }

const ImVec4& ToneColor(const Palette& p, Tone tone) {
  switch (tone) {
    case Tone::Muted: return p.muted;
    case Tone::Ok: return p.ok;
    case Tone::Warning: return p.warning;
    case Tone::Error: return p.error;
    case Tone::Neutral: break;
  }
  return p.text;
}

void ApplyTheme(Theme theme, float scale) {
  ImGuiStyle style;
  SetSizes(style);
  if (theme == Theme::Light) {
    SetLightColors(style.Colors, kLight);
    // White fields on a near-white page: without an outline a checkbox or an empty text field
    // cannot be seen.
    style.FrameBorderSize = 1;
  } else {
    SetDarkColors(style.Colors, kDark);
  }
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace trustdesk
