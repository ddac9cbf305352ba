#include "media/metadata.h"

#include <glib.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>

namespace quire::media {
namespace {

// Fields that describe how to read or show the pixels (libvips 8.14's loaders for JPEG, PNG,
// GIF and WebP). The header fields (width, height, bands, ...) are not in an image's metadata
// table and cannot be removed; they are listed so that every field libvips reports is known.
constexpr std::array kKeptFields = {
    // header
    std::string_view("width"), std::string_view("height"), std::string_view("bands"),
    std::string_view("format"), std::string_view("coding"), std::string_view("interpretation"),
    std::string_view("xoffset"), std::string_view("yoffset"), std::string_view("xres"),
    std::string_view("yres"), std::string_view("filename"),
    // loading and the pixels themselves
    std::string_view("vips-loader"), std::string_view("vips-sequential"),
    std::string_view("icc-profile-data"), std::string_view("orientation"),
    std::string_view("resolution-unit"), std::string_view("jpeg-multiscan"),
    std::string_view("jpeg-chroma-subsample"), std::string_view("bits-per-sample"),
    std::string_view("palette-bit-depth"), std::string_view("interlaced"),
    // animation
    std::string_view("n-pages"), std::string_view("page-height"), std::string_view("loop"),
    std::string_view("delay"), std::string_view("gif-loop"), std::string_view("gif-delay"),
    std::string_view("gif-palette"), std::string_view("background"),
    // the EXIF block is judged by its tags, below
    std::string_view("exif-data")};

// EXIF tags (libexif's names, in the IFD libvips names them by) that describe the pixels.
constexpr std::array kKeptExifTags = {std::string_view("exif-ifd0-XResolution"),
                                      std::string_view("exif-ifd0-YResolution"),
                                      std::string_view("exif-ifd0-ResolutionUnit"),
                                      std::string_view("exif-ifd0-Orientation"),
                                      std::string_view("exif-ifd0-YCbCrPositioning"),
                                      std::string_view("exif-ifd2-ExifVersion"),
                                      std::string_view("exif-ifd2-FlashpixVersion"),
                                      std::string_view("exif-ifd2-ColorSpace"),
                                      std::string_view("exif-ifd2-ComponentsConfiguration"),
                                      std::string_view("exif-ifd2-PixelXDimension"),
                                      std::string_view("exif-ifd2-PixelYDimension"),
                                      std::string_view("exif-ifd4-InteroperabilityIndex"),
                                      std::string_view("exif-ifd4-InteroperabilityVersion")};

bool Contains(const auto& list, std::string_view name) {
  for (std::string_view item : list) {
    if (item == name) return true;
  }
  return false;
}

struct FieldsDeleter {
  void operator()(gchar** fields) const { g_strfreev(fields); }
};

// JPEG markers (ITU T.81 B.1.1.3, and the APPn segments' usual identifiers).
constexpr unsigned char kMarker = 0xFF;
constexpr unsigned char kStartOfImage = 0xD8;
constexpr unsigned char kStartOfScan = 0xDA;
constexpr unsigned char kApp0 = 0xE0, kApp1 = 0xE1, kApp2 = 0xE2, kApp14 = 0xEE;

// Whether a segment (its marker and data) is one HasPrivateMetadata can judge or that only
// serves decoding.
bool IsKnownJpegSegment(unsigned char marker, std::string_view data) {
  if (marker == kApp0) {  // JFIF: ID, version, units, densities, then the thumbnail's size
    return data.starts_with(std::string_view("JFIF\0", 5)) && data.size() >= 14 && data[12] == 0 &&
           data[13] == 0;
  }
  if (marker == kApp1) return data.starts_with(std::string_view("Exif\0\0", 6));
  if (marker == kApp2) return data.starts_with(std::string_view("ICC_PROFILE\0", 12));
  if (marker == kApp14) return data.starts_with("Adobe");
  // Quantisation and Huffman tables, restart interval, arithmetic conditioning, frame headers.
  return marker == 0xDB || marker == 0xC4 || marker == 0xDD || marker == 0xCC ||
         (marker >= 0xC0 && marker <= 0xCF && marker != 0xC8);
}

uint16_t BigEndian16(std::string_view bytes, size_t at) {
  return static_cast<uint16_t>((static_cast<unsigned char>(bytes[at]) << 8) |
                               static_cast<unsigned char>(bytes[at + 1]));
}

constexpr std::string_view kPngSignature = "\x89PNG\r\n\x1a\n";
constexpr std::array kKnownPngChunks = {
    std::string_view("IHDR"), std::string_view("PLTE"), std::string_view("IDAT"),
    std::string_view("IEND"), std::string_view("tRNS"), std::string_view("gAMA"),
    std::string_view("cHRM"), std::string_view("sRGB"), std::string_view("iCCP"),
    std::string_view("sBIT"), std::string_view("bKGD"), std::string_view("pHYs"),
    std::string_view("acTL"), std::string_view("fcTL"), std::string_view("fdAT"),
    std::string_view("eXIf"), std::string_view("tEXt"), std::string_view("zTXt"),
    std::string_view("iTXt")};

uint32_t BigEndian32(std::string_view bytes, size_t at) {
  return (uint32_t{BigEndian16(bytes, at)} << 16) | BigEndian16(bytes, at + 2);
}

}  // namespace

bool PngHasUnreadChunks(std::string_view bytes) {
  if (!bytes.starts_with(kPngSignature)) return true;
  size_t at = kPngSignature.size();
  while (at + 12 <= bytes.size()) {  // length, type, data, CRC
    const size_t length = BigEndian32(bytes, at);
    const std::string_view type = bytes.substr(at + 4, 4);
    if (!Contains(kKnownPngChunks, type)) return true;
    if (type == "IEND") return false;
    if (length > bytes.size() - at - 12) return true;
    at += 12 + length;
  }
  return true;
}

bool JpegHasUnreadSegments(std::string_view bytes) {
  if (bytes.size() < 4 || static_cast<unsigned char>(bytes[0]) != kMarker ||
      static_cast<unsigned char>(bytes[1]) != kStartOfImage) {
    return true;
  }
  size_t at = 2;
  while (at + 2 <= bytes.size()) {
    if (static_cast<unsigned char>(bytes[at]) != kMarker) return true;
    const auto marker = static_cast<unsigned char>(bytes[at + 1]);
    if (marker == kMarker) {  // fill byte
      ++at;
      continue;
    }
    if (marker == kStartOfScan) return false;  // the image data: no metadata after it is read
    if (at + 4 > bytes.size()) return true;
    const size_t length = BigEndian16(bytes, at + 2);  // counts itself, not the marker
    if (length < 2 || at + 2 + length > bytes.size()) return true;
    if (!IsKnownJpegSegment(marker, bytes.substr(at + 4, length - 2))) return true;
    at += 2 + length;
  }
  return true;
}

bool IsKeptField(std::string_view name) {
  return Contains(kKeptFields, name) || Contains(kKeptExifTags, name);
}

bool HasPrivateMetadata(VipsImage* image) {
  std::unique_ptr<gchar*, FieldsDeleter> fields(vips_image_get_fields(image));
  for (gchar** field = fields.get(); *field != nullptr; ++field) {
    if (!IsKeptField(*field)) return true;
  }
  return false;
}

void RemovePrivateMetadata(VipsImage* image) {
  std::unique_ptr<gchar*, FieldsDeleter> fields(vips_image_get_fields(image));
  for (gchar** field = fields.get(); *field != nullptr; ++field) {
    const std::string_view name = *field;
    if (!Contains(kKeptFields, name) || name.starts_with("exif-")) {
      vips_image_remove(image, *field);
    }
  }
}

}  // namespace quire::media
