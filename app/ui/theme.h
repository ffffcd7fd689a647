// Dark and light themes: the ImGui style plus a palette of colours that carry meaning the same
// way everywhere (green ok, amber warning, red error, blue link/accent, grey secondary text).
#pragma once

#include <imgui.h>

#include "core/settings/settings.h"

namespace trustdesk {

struct Palette {
  ImVec4 text;
  ImVec4 muted;     // secondary text, "No action", hints
  ImVec4 accent;    // selection, primary button
  ImVec4 link;      // clickable text
  ImVec4 ok;        // Up to date, Valid, Compatible
  ImVec4 warning;   // Can renew, Expiring soon, Offline
  ImVec4 error;     // Failed, Expired, Revoked, Incompatible
  ImVec4 nav_bg;    // left navigation background
  ImVec4 status_bg; // status bar background
};

// What a piece of status text means; mapped to a palette colour by ToneColor.
enum class Tone { Neutral, Muted, Ok, Warning, Error };

// Constant palettes; safe to keep references to.
const Palette& PaletteFor(Theme theme);

const ImVec4& ToneColor(const Palette& palette, Tone tone);

// Replaces the current ImGui style with the theme, with sizes scaled by `scale` (content scale).
void ApplyTheme(Theme theme, float scale);

}  // namespace trustdesk
