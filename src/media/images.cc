#include "media/images.h"

#include <spdlog/spdlog.h>
#include <vips/vips.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace quire::media {
namespace {

// A box height that never limits: "medium_large" is a width only.
constexpr int kUnbounded = VIPS_MAX_COORD;
constexpr int kJpegQuality = 82;
constexpr int kWebpQuality = 80;

struct ImageDeleter {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using ImagePtr = std::unique_ptr<VipsImage, ImageDeleter>;

struct BufferDeleter {
  void operator()(void* buffer) const { g_free(buffer); }
};

// libvips starts once per process; its operation cache is off (every upload is new).
bool StartVips() {
  static const bool started = [] {
    if (VIPS_INIT("quire") != 0) {
      spdlog::error("libvips failed to start: {}", vips_error_buffer());
      return false;
    }
    vips_cache_set_max(0);
    return true;
  }();
  return started;
}

Error VipsError(std::string_view doing) {
  std::string message = std::string(doing) + ": " + vips_error_buffer();
  vips_error_clear();
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return Error{ErrorKind::kInvalid, std::move(message)};
}

// The image of `bytes` fitted into the plan's box (cropped to it when plan.crop), never
// enlarged, EXIF orientation applied.
Result<ImagePtr> Resize(std::string_view bytes, const VariantPlan& plan) {
  VipsImage* out = nullptr;
  void* data = const_cast<char*>(bytes.data());  // vips reads it only
  int rc = plan.crop ? vips_thumbnail_buffer(data, bytes.size(), &out, plan.width, "height",
                                             plan.height, "crop", VIPS_INTERESTING_CENTRE, "size",
                                             VIPS_SIZE_DOWN, nullptr)
                     : vips_thumbnail_buffer(data, bytes.size(), &out, plan.width, "height",
                                             plan.height, "size", VIPS_SIZE_DOWN, nullptr);
  if (rc != 0) return std::unexpected(VipsError("cannot resize the image"));
  ImagePtr resized(out);
  // Decoded once into memory: it is encoded twice (its own type and WebP).
  VipsImage* memory = vips_image_copy_memory(resized.get());
  if (memory == nullptr) {
    return std::unexpected(VipsError("cannot resize the image"));
  }
  return ImagePtr(memory);
}

// The image encoded as `mime_type` (JPEG, PNG, GIF or WebP).
Result<std::string> Encode(VipsImage* image, std::string_view mime_type) {
  void* buffer = nullptr;
  size_t length = 0;
  int rc = -1;
  if (mime_type == "image/jpeg") {
    rc = vips_jpegsave_buffer(image, &buffer, &length, "Q", kJpegQuality, "strip", TRUE, nullptr);
  } else if (mime_type == "image/png") {
    rc = vips_pngsave_buffer(image, &buffer, &length, "strip", TRUE, nullptr);
  } else if (mime_type == "image/gif") {
    rc = vips_gifsave_buffer(image, &buffer, &length, nullptr);
  } else if (mime_type == "image/webp") {
    rc = vips_webpsave_buffer(image, &buffer, &length, "Q", kWebpQuality, "strip", TRUE, nullptr);
  } else {
    return Fail(ErrorKind::kInvalid, "cannot write images of type " + std::string(mime_type));
  }
  if (rc != 0) return std::unexpected(VipsError("cannot encode the image"));
  std::unique_ptr<void, BufferDeleter> owned(buffer);
  return std::string(static_cast<const char*>(buffer), length);
}

// Writes one encoded variant and describes it.
Result<store::MediaVariant> WriteVariant(const Storage& storage, VipsImage* image, std::string name,
                                         std::string file, std::string_view mime_type) {
  Result<std::string> encoded = Encode(image, mime_type);
  if (!encoded) return std::unexpected(encoded.error());
  if (Status put = storage.Put(file, *encoded); !put) return std::unexpected(put.error());
  return store::MediaVariant{.name = std::move(name),
                             .file = std::move(file),
                             .mime_type = std::string(mime_type),
                             .width = vips_image_get_width(image),
                             .height = vips_image_get_height(image),
                             .bytes = static_cast<int64_t>(encoded->size())};
}

// A variant in the original's type, and its WebP copy unless the original is WebP.
Status AddVariant(const Storage& storage, std::string_view file, std::string_view bytes,
                  std::string_view mime_type, const VariantPlan& plan,
                  std::vector<store::MediaVariant>& out) {
  Result<ImagePtr> image = Resize(bytes, plan);
  if (!image) return std::unexpected(image.error());
  const bool full = plan.name == "full";
  const std::string sized = full ? std::string(file)
                                 : Storage::VariantFile(file, vips_image_get_width(image->get()),
                                                        vips_image_get_height(image->get()));
  if (!full) {
    auto variant = WriteVariant(storage, image->get(), plan.name, sized, mime_type);
    if (!variant) return std::unexpected(variant.error());
    out.push_back(std::move(*variant));
  }
  if (mime_type == "image/webp") return {};
  auto webp =
      WriteVariant(storage, image->get(), "webp:" + plan.name, sized + ".webp", "image/webp");
  if (!webp) return std::unexpected(webp.error());
  out.push_back(std::move(*webp));
  return {};
}

}  // namespace

ImageSizes ImageSizes::From(const store::Settings& settings) {
  return ImageSizes{.thumbnail = settings.thumbnail_size,
                    .medium = settings.medium_size,
                    .medium_large = settings.medium_large_size,
                    .large = settings.large_size};
}

Result<ImageInfo> ReadImageInfo(std::string_view bytes) {
  if (!StartVips()) return Fail(ErrorKind::kInternal, "libvips is not available");
  VipsImage* loaded = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "access",
                                                 VIPS_ACCESS_SEQUENTIAL, nullptr);
  if (loaded == nullptr) return std::unexpected(VipsError("The file is not a readable image"));
  ImagePtr image(loaded);
  ImageInfo info{vips_image_get_width(loaded), vips_image_get_height(loaded)};
  int orientation = 1;
  if (vips_image_get_typeof(loaded, VIPS_META_ORIENTATION) != 0 &&
      vips_image_get_int(loaded, VIPS_META_ORIENTATION, &orientation) == 0 && orientation >= 5 &&
      orientation <= 8) {
    std::swap(info.width, info.height);  // rotated by 90 or 270 degrees when shown
  }
  if (info.width <= 0 || info.height <= 0 || int64_t{info.width} * info.height > kMaxImagePixels) {
    return Fail(ErrorKind::kInvalid, "The image is too large (" + std::to_string(info.width) + "×" +
                                         std::to_string(info.height) + " pixels).");
  }
  return info;
}

std::vector<VariantPlan> PlanVariants(const ImageInfo& info, const ImageSizes& sizes) {
  std::vector<VariantPlan> plans;
  const int longest = std::max(info.width, info.height);
  if (sizes.thumbnail > 0 && longest > sizes.thumbnail) {
    plans.push_back({"thumbnail", std::min(sizes.thumbnail, info.width),
                     std::min(sizes.thumbnail, info.height), true});
  }
  if (sizes.medium > 0 && longest > sizes.medium) {
    plans.push_back({"medium", sizes.medium, sizes.medium, false});
  }
  if (sizes.medium_large > 0 && info.width > sizes.medium_large) {
    plans.push_back({"medium_large", sizes.medium_large, kUnbounded, false});
  }
  if (sizes.large > 0 && longest > sizes.large) {
    plans.push_back({"large", sizes.large, sizes.large, false});
  }
  return plans;
}

Result<std::vector<store::MediaVariant>> MakeVariants(const Storage& storage, std::string_view file,
                                                      std::string_view bytes,
                                                      std::string_view mime_type,
                                                      const ImageSizes& sizes) {
  Result<ImageInfo> info = ReadImageInfo(bytes);
  if (!info) return std::unexpected(info.error());
  std::vector<VariantPlan> plans = PlanVariants(*info, sizes);
  plans.push_back({"full", info->width, info->height, false});
  std::vector<store::MediaVariant> variants;
  for (const VariantPlan& plan : plans) {
    if (Status made = AddVariant(storage, file, bytes, mime_type, plan, variants); !made) {
      store::Media written{.variants = variants};
      storage.Remove(written);
      return std::unexpected(made.error());
    }
  }
  return variants;
}

}  // namespace quire::media
