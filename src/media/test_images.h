// For media/ tests only: small images made with libvips in memory.
#pragma once

#include <glib.h>
#include <vips/vips.h>

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

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

// What a phone photo carries: GPS coordinates, the camera's make, model and serial number and the
// software (EXIF; JPEG and WebP), an XMP packet with the place, a PNG text chunk, an sRGB colour
// profile and, when `orientation` is not 1, that EXIF orientation (6: shown turned 90° right).
inline std::string MakePhoto(int width, int height, std::string_view format = "jpg",
                             int orientation = 1) {
  std::string plain = MakeImage(width, height, format);
  VipsImage* loaded = vips_image_new_from_buffer(plain.data(), plain.size(), "", nullptr);
  if (loaded == nullptr) return {};
  VipsImage* image = nullptr;
  int rc = vips_copy(loaded, &image, nullptr);
  g_object_unref(loaded);
  if (rc != 0) return {};
  vips_image_set_string(image, "exif-ifd0-Make", "Quirecam");
  vips_image_set_string(image, "exif-ifd0-Model", "QC-1 Pro");
  vips_image_set_string(image, "exif-ifd0-Software", "QuireOS 1.2");
  vips_image_set_string(image, "exif-ifd2-BodySerialNumber", "SN-4815162342");
  vips_image_set_string(image, "exif-ifd3-GPSLatitudeRef", "N");
  vips_image_set_string(image, "exif-ifd3-GPSLatitude", "51/1 30/1 2628/100");
  vips_image_set_string(image, "exif-ifd3-GPSLongitudeRef", "W");
  vips_image_set_string(image, "exif-ifd3-GPSLongitude", "0/1 7/1 3948/100");
  const char* xmp =
      "<x:xmpmeta><Iptc4xmpCore:Location>12 Quire Lane</Iptc4xmpCore:Location>"
      "</x:xmpmeta>";
  vips_image_set_blob_copy(image, "xmp-data", xmp, std::strlen(xmp));
  vips_image_set_string(image, "png-comment-0-Location", "51.5073N 0.1277W, at home");
  VipsBlob* profile = nullptr;
  if (vips_profile_load("srgb", &profile, nullptr) == 0) {
    size_t length = 0;
    const void* data = vips_blob_get(profile, &length);
    vips_image_set_blob_copy(image, "icc-profile-data", data, length);
    vips_area_unref(VIPS_AREA(profile));
  }
  if (orientation != 1) vips_image_set_int(image, "orientation", orientation);
  void* buffer = nullptr;
  size_t length = 0;
  std::string suffix = "." + std::string(format);
  rc = vips_image_write_to_buffer(image, suffix.c_str(), &buffer, &length, nullptr);
  g_object_unref(image);
  if (rc != 0) return {};
  std::string out(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return out;
}

// The names of the metadata fields libvips reads from `bytes` (empty when it cannot read it).
inline std::vector<std::string> FieldsOf(std::string_view bytes) {
  std::vector<std::string> names;
  VipsImage* image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  if (image == nullptr) return names;
  gchar** fields = vips_image_get_fields(image);
  for (gchar** field = fields; *field != nullptr; ++field) names.emplace_back(*field);
  g_strfreev(fields);
  g_object_unref(image);
  return names;
}

}  // namespace quire::media::testing
