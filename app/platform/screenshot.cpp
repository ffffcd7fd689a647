#include "app/platform/screenshot.h"

#include <glad/gl.h>

#include <string>
#include <vector>

#include <stb_image_write.h>

#include "core/util/atomic_file.h"

namespace trustdesk {

Status SaveBackBufferPng(const std::filesystem::path& path, int width, int height) {
  if (width <= 0 || height <= 0) {
    return Error(ErrorCode::InvalidInput, "screenshot: the framebuffer is empty");
  }
  const std::size_t stride = static_cast<std::size_t>(width) * 4;
  std::vector<unsigned char> pixels(stride * static_cast<std::size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  if (glGetError() != GL_NO_ERROR) {
    return Error(ErrorCode::Internal, "screenshot: glReadPixels failed");
  }
  // GL rows start at the bottom; PNG rows at the top. The window is opaque: force alpha to 255.
  std::vector<unsigned char> flipped(pixels.size());
  for (int y = 0; y < height; ++y) {
    const unsigned char* src = pixels.data() + static_cast<std::size_t>(height - 1 - y) * stride;
    unsigned char* dst = flipped.data() + static_cast<std::size_t>(y) * stride;
    for (std::size_t i = 0; i < stride; i += 4) {
      dst[i] = src[i];
      dst[i + 1] = src[i + 1];
      dst[i + 2] = src[i + 2];
      dst[i + 3] = 255;
    }
  }
  std::string png;
  auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                               static_cast<std::size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &png, width, height, 4, flipped.data(),
                              static_cast<int>(stride)) ||
      png.empty()) {
    return Error(ErrorCode::Internal, "screenshot: PNG encoding failed");
  }
  return WriteFileAtomic(path, png, kModePublic);
}

}  // namespace trustdesk
