// Checks that a screenshot is a real picture of the window: the expected size, not one flat
// colour, and several colours that each cover a real area (panels, text, accents).
// Usage: trustdesk_png_check FILE WIDTH HEIGHT
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <unordered_map>
#include <vector>

#include <stb_image.h>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s FILE WIDTH HEIGHT\n", argv[0]);
    return 2;
  }
  const int want_w = std::atoi(argv[2]);
  const int want_h = std::atoi(argv[3]);
  int w = 0, h = 0, channels = 0;
  std::unique_ptr<unsigned char, decltype(&stbi_image_free)> pixels(
      stbi_load(argv[1], &w, &h, &channels, 3), &stbi_image_free);
  if (!pixels) {
    std::fprintf(stderr, "FAIL: %s is not a readable image: %s\n", argv[1], stbi_failure_reason());
    return 1;
  }
  int failures = 0;
  if (w != want_w || h != want_h) {
    std::fprintf(stderr, "FAIL: size %dx%d, expected %dx%d\n", w, h, want_w, want_h);
    ++failures;
  }
  std::unordered_map<unsigned, long> counts;
  const long total = static_cast<long>(w) * h;
  for (long i = 0; i < total; ++i) {
    const unsigned char* p = pixels.get() + i * 3;
    ++counts[(unsigned(p[0]) << 16) | (unsigned(p[1]) << 8) | p[2]];
  }
  std::vector<long> sizes;
  for (const auto& [colour, n] : counts) sizes.push_back(n);
  std::sort(sizes.rbegin(), sizes.rend());
  const double dominant = total > 0 ? double(sizes.front()) / double(total) : 1.0;
  // Colours covering at least 0.2% of the picture: background, navigation, fields, status bar.
  const long area = total / 500;
  const long regions = std::count_if(sizes.begin(), sizes.end(), [&](long n) { return n >= area; });
  std::printf("%s: %dx%d, %zu distinct colours, dominant colour %.1f%%, %ld colours over 0.2%%\n",
              argv[1], w, h, counts.size(), dominant * 100.0, regions);
  if (counts.size() < 16) {
    std::fprintf(stderr, "FAIL: only %zu distinct colours (flat or blank image)\n", counts.size());
    ++failures;
  }
  if (dominant > 0.95) {
    std::fprintf(stderr, "FAIL: one colour covers %.1f%% of the image\n", dominant * 100.0);
    ++failures;
  }
  if (regions < 3) {
    std::fprintf(stderr, "FAIL: fewer than 3 colours cover a visible area\n");
    ++failures;
  }
  return failures == 0 ? 0 : 1;
}
