#include "app/platform/font_files.h"

#include <filesystem>
#include <initializer_list>

#include "core/util/atomic_file.h"

namespace trustdesk {
namespace {

constexpr std::size_t kMaxFontBytes = 32u * 1024 * 1024;

std::string FirstReadable(std::initializer_list<const char*> candidates, std::string* found) {
  for (const char* path : candidates) {
    auto bytes = ReadFileLimited(path, kMaxFontBytes);
    if (bytes && !bytes->empty()) {
      if (found != nullptr) *found = std::filesystem::path(path).filename().string();
      return std::move(*bytes);
    }
  }
  return {};
}

}  // namespace

FontSources LoadFontSources() {
  FontSources s;
  std::string regular_name, symbols_name;
  // Inter first (Debian fonts-inter, Homebrew/macOS user fonts), then DejaVu Sans.
  s.regular = FirstReadable({"/usr/share/fonts/opentype/inter/Inter-Regular.otf",
                             "/usr/share/fonts/truetype/inter/Inter-Regular.ttf",
                             "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                             "/Library/Fonts/Inter-Regular.otf",
                             "C:\\Windows\\Fonts\\segoeui.ttf"},
                            &regular_name);
  if (regular_name.rfind("Inter", 0) == 0) {
    s.semibold = FirstReadable({"/usr/share/fonts/opentype/inter/Inter-SemiBold.otf",
                                "/usr/share/fonts/truetype/inter/Inter-SemiBold.ttf",
                                "/Library/Fonts/Inter-SemiBold.otf"},
                               nullptr);
  } else if (regular_name == "DejaVuSans.ttf") {
    s.semibold = FirstReadable({"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}, nullptr);
  }
  // DejaVu Sans covers ⋮ ✓ ⚠ ▲ ▼, which Inter lacks.
  s.symbols = FirstReadable({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                             "C:\\Windows\\Fonts\\seguisym.ttf"},
                            &symbols_name);
  if (s.regular.empty()) {
    s.description = "built-in font";
  } else {
    s.description = regular_name + (s.symbols.empty() ? "" : " + " + symbols_name + " symbols");
  }
  return s;
}

}  // namespace trustdesk
