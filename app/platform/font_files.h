// Finds and reads the font files once at start-up (Inter, DejaVu Sans for missing symbols).
#pragma once

#include "app/ui/fonts.h"

namespace trustdesk {

// Never fails: with no font found, the sources are empty and the built-in font is used.
FontSources LoadFontSources();

}  // namespace trustdesk
