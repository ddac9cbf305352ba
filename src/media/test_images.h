// For media/ tests only: small images made with libvips in memory.
#pragma once

#include <glib.h>
#include <vips/vips.h>

#include <string>
#include <string_view>

namespace quire::media::testing {

// A width × height RGB image (a gradient) encoded as "jpg", "png", "gif" or "webp"; "" on error.
inline std::string MakeImage(int width, int height, std::string_view format = "jpg") {
  if (VIPS_INIT("quire-test") != 0) return {};
  VipsImage* gradient = nullptr;
  if (vips_xyz(&gradient, width, height, nullptr) != 0) return {};
  VipsImage* rgb = nullptr;
  VipsImage* bands[3] = {gradient, gradient, gradient};
  int rc = vips_bandjoin(bands, &rgb, 2, nullptr);  // x, y as two bands
  g_object_unref(gradient);
  if (rc != 0) return {};
  VipsImage* three = nullptr;
  rc = vips_bandjoin_const1(rgb, &three, 128, nullptr);
  g_object_unref(rgb);
  if (rc != 0) return {};
  VipsImage* bytes = nullptr;
  rc = vips_cast_uchar(three, &bytes, nullptr);
  g_object_unref(three);
  if (rc != 0) return {};
  void* buffer = nullptr;
  size_t length = 0;
  std::string suffix = "." + std::string(format);
  rc = vips_image_write_to_buffer(bytes, suffix.c_str(), &buffer, &length, nullptr);
  g_object_unref(bytes);
  if (rc != 0) return {};
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

}  // namespace quire::media::testing
