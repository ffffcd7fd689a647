// Fonts: a text face (Inter, else DejaVu Sans, else ImGui's built-in font) with the symbols the UI
// uses (— … → · ✓ ⚠ ⋮ ▲ ▼) merged in from a second face when the first lacks them (Inter has no
// ⋮). The font files are read once at start-up (FontSources); rebuilding the atlas for a new size
// uses those bytes and does no I/O.
#pragma once

#include <string>

#include <imgui.h>

namespace trustdesk {

struct FontSources {
  std::string regular;      // bytes of the text face; empty = use the built-in font
  std::string semibold;     // headings; empty = regular
  std::string symbols;      // face merged in for symbols the text face lacks; may be empty
  std::string description;  // e.g. "Inter + DejaVu Sans symbols", for --version / diagnostics
};

struct FontSet {
  ImFont* body = nullptr;
  ImFont* heading = nullptr;  // larger semibold, page titles and empty-state titles
  float body_size = 0;        // pixels
};

// Body text size in pixels at 100% for a content scale of 1.
inline constexpr float kBaseFontPixels = 15.0f;

// Clears `atlas` and adds the fonts at `body_pixels`. The caller builds/uploads the texture.
FontSet BuildFonts(ImFontAtlas& atlas, const FontSources& sources, float body_pixels);

}  // namespace trustdesk
