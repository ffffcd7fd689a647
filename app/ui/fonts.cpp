#include "app/ui/fonts.h"

#include <algorithm>
#include <cmath>

namespace trustdesk {
namespace {

// Latin-1 plus the punctuation and symbols the views print.
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 (· is U+00B7)
    0x2010, 0x2027,  // dashes, quotes, bullet •, ellipsis …
    0x2030, 0x203A,  // per mille, angle quotes
    0x2190, 0x2193,  // arrows ← ↑ → ↓
    0x21BB, 0x21BB,  // ↻
    0x2212, 0x2212,  // minus
    0x22EE, 0x22EE,  // ⋮ quick actions
    0x25B2, 0x25BC,  // ▲ ▼
    0x25CF, 0x25CF,  // ●
    0x26A0, 0x26A0,  // ⚠
    0x2713, 0x2717,  // ✓ ✗
    0,
};

ImFont* AddFace(ImFontAtlas& atlas, const std::string& bytes, const std::string& symbols,
                float pixels) {
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // FontSources keeps the bytes alive
  config.OversampleH = 2;
  config.OversampleV = 1;
  ImFont* font = atlas.AddFontFromMemoryTTF(const_cast<char*>(bytes.data()),
                                            static_cast<int>(bytes.size()), pixels, &config,
                                            kGlyphRanges);
  if (font != nullptr && !symbols.empty()) {
    // Merged glyphs only fill code points the first face does not have.
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.FontDataOwnedByAtlas = false;
    merge.OversampleH = 2;
    merge.OversampleV = 1;
    atlas.AddFontFromMemoryTTF(const_cast<char*>(symbols.data()),
                               static_cast<int>(symbols.size()), pixels, &merge, kGlyphRanges);
  }
  return font;
}

}  // namespace

FontSet BuildFonts(ImFontAtlas& atlas, const FontSources& sources, float body_pixels) {
  atlas.Clear();
  FontSet set;
  const float body = std::round(body_pixels);
  const float heading = std::round(body_pixels * 1.35f);
  if (!sources.regular.empty()) {
    set.body = AddFace(atlas, sources.regular, sources.symbols, body);
    const std::string& head = sources.semibold.empty() ? sources.regular : sources.semibold;
    set.heading = AddFace(atlas, head, sources.symbols, heading);
  }
  if (set.body == nullptr) {
    // The built-in font is a 13 px bitmap; scale it by whole steps so it stays crisp.
    ImFontConfig config;
    config.SizePixels = std::max(13.0f, 13.0f * std::floor(body / 13.0f + 0.25f));
    set.body = atlas.AddFontDefault(&config);
    set.heading = set.body;
  }
  set.body_size = set.body->FontSize;
  return set;
}

}  // namespace trustdesk
