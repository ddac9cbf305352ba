// Resized variants of uploaded images (libvips), WordPress's sizes: "thumbnail" (a square crop),
// "medium" and "large" (fit in a square box), "medium_large" (a width). An image is never
// enlarged: a size the image is not larger than is skipped. Each variant, and the full-size
// image unless it is WebP already or larger than kMaxFullWebpPixels (HasFullWebp), also gets a
// WebP copy ("webp:thumbnail" ... "webp:full").
// CPU-heavy: call it from a worker thread, never from the server's I/O threads.
#pragma once

#include <cstdint>
#include <memory>
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

// Images with more pixels than this (all frames of an animation counted) are refused from
// their header, before anything is decoded: a 9,999 × 9,999 PNG of a few hundred kilobytes
// decodes to 300 MB. 50 megapixels holds the photos of today's phones and cameras (a 48 MP
// sensor gives 8,064 × 6,048); decoded, it takes at most 200 MB (4 bands of 8 bits).
inline constexpr int64_t kMaxImagePixels = 50'000'000;
// The full-size WebP copy is made only for images up to this many pixels (4,096 × 4,096): libwebp
// holds the whole picture several times over (a 49-megapixel image took 660 MB and half the
// CPU of its upload, bench/media_upload.cc), and no page shows a larger one.
inline constexpr int64_t kMaxFullWebpPixels = 4096 * 4096;
// The WebP format's largest width or height.
inline constexpr int kMaxWebpSide = 16383;
// The quality of a JPEG or WebP original re-encoded to remove its private metadata.
inline constexpr int kOriginalQuality = 90;

// The size of an image as it is shown (EXIF orientation applied), from its header. kInvalid
// when libvips cannot read it; kTooLarge, saying the size and the limit, past kMaxImagePixels.
Result<ImageInfo> ReadImageInfo(std::string_view bytes);

// An image read for upload: its header checked (size, budget) and its metadata judged
// (media/metadata.h). Its pixels are decoded at full size at most once, only when the cleaned
// original (orientation applied, private metadata removed) or the full-size WebP copy needs
// them; the resized variants are decoded with shrink-on-load (MakeVariants). Variants keep the
// colour profile. Copies share the pixels; the bytes given to Decode must outlive every copy.
class DecodedImage {
 public:
  struct Pixels;  // the file, its metadata's verdict and, once decoded, its full-size pixels

  // Checks the header (ReadImageInfo's errors) before decoding the first frame into memory.
  static Result<DecodedImage> Decode(std::string_view bytes);

  const ImageInfo& info() const { return info_; }
  // Whether the file carried private metadata.
  bool had_private_metadata() const;

  // What to keep and serve as the original of `bytes` (the bytes this was decoded from, of type
  // `mime_type`): `bytes` themselves when they carry no private metadata, else the image
  // re-encoded without it (every frame of an animation; the colour profile kept, the
  // orientation applied; JPEG and WebP at kOriginalQuality).
  Result<std::string> CleanOriginal(std::string_view bytes, std::string_view mime_type) const;

  // The variants (see the top of this file) of the stored image `file`, written beside it
  // through `storage`; on error, what was written is removed.
  Result<std::vector<store::MediaVariant>> MakeVariants(const Storage& storage,
                                                        std::string_view file,
                                                        std::string_view mime_type,
                                                        const ImageSizes& sizes) const;

 private:
  DecodedImage(std::shared_ptr<const Pixels> pixels, ImageInfo info)
      : pixels_(std::move(pixels)), info_(info) {}

  std::shared_ptr<const Pixels> pixels_;
  ImageInfo info_;
};

// Whether an image of `info`'s size and type gets a full-size WebP copy ("webp:full").
bool HasFullWebp(const ImageInfo& info, std::string_view mime_type);

// The variants an image of `info`'s size gets (see the top of this file), in size order.
std::vector<VariantPlan> PlanVariants(const ImageInfo& info, const ImageSizes& sizes);

// DecodedImage::Decode(bytes), then its MakeVariants: for a file stored as it came (an import).
Result<std::vector<store::MediaVariant>> MakeVariants(const Storage& storage, std::string_view file,
                                                      std::string_view bytes,
                                                      std::string_view mime_type,
                                                      const ImageSizes& sizes);

}  // namespace quire::media
