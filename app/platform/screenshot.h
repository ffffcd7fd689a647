// Reads the current GL back buffer and saves it as a PNG (for tests and documentation).
#pragma once

#include <filesystem>

#include "core/util/result.h"

namespace trustdesk {

// Call after rendering and before swapping buffers. `width`/`height` are framebuffer pixels.
Status SaveBackBufferPng(const std::filesystem::path& path, int width, int height);

}  // namespace trustdesk
