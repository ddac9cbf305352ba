// Resized variants of uploaded images (libvips), WordPress's sizes: "thumbnail" (a square crop),
// "medium" and "large" (fit in a square box), "medium_large" (a width). An image is never
// enlarged: a size the image is not larger than is skipped. Each variant, and the full-size
// image unless it is WebP already, also gets a WebP copy ("webp:thumbnail" ... "webp:full").
// CPU-heavy: call it from a worker thread, never from the server's I/O threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "media/storage.h"
#include "store/media.h"
#include "store/settings.h"
#include "util/status.h"

namespace quire::media {

// The sizes in pixels (0: that size is not made), from Settings.
struct ImageSizes {
  int thumbnail = 150;
  int medium = 300;
  int medium_large = 768;
  int large = 1024;

  static ImageSizes From(const store::Settings& settings);
};

struct ImageInfo {
  int width = 0;
  int height = 0;
};

// One variant to make: its size name, the box it fits, whether it is cropped to the box.
struct VariantPlan {
  std::string name;
  int width = 0;
  int height = 0;
  bool crop = false;
};

// Images larger than this many pixels are refused (a decompression bomb).
inline constexpr int64_t kMaxImagePixels = 100'000'000;

// The size of an image as it is shown (EXIF orientation applied). kInvalid when libvips cannot
// read it or it has more than kMaxImagePixels.
Result<ImageInfo> ReadImageInfo(std::string_view bytes);

// The variants an image of `info`'s size gets (see the top of this file), in size order.
std::vector<VariantPlan> PlanVariants(const ImageInfo& info, const ImageSizes& sizes);

// Makes the variants of the stored image `file` (its `bytes`, of type `mime_type`) and their
// WebP copies, writing them beside it through `storage`. On error, what was written is removed.
Result<std::vector<store::MediaVariant>> MakeVariants(const Storage& storage, std::string_view file,
                                                      std::string_view bytes,
                                                      std::string_view mime_type,
                                                      const ImageSizes& sizes);

}  // namespace quire::media
