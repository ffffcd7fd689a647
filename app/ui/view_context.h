// Everything a view reads besides its own state: the snapshot of the frame, the settings, the
// palette and fonts, and "now" for relative times. Built once per frame by the frame driver.
#pragma once

#include "app/ui/fonts.h"
#include "app/ui/theme.h"
#include "core/model/snapshot.h"
#include "core/model/timestamp.h"
#include "core/settings/settings.h"

namespace trustdesk {

struct ViewContext {
  const Snapshot& snapshot;
  const Settings& settings;
  const Palette& palette;
  const FontSet& fonts;
  Timestamp now;
  float scale = 1.0f;  // content scale × font scale; multiply fixed pixel sizes by it
};

}  // namespace trustdesk
