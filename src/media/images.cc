#include "media/images.h"

#include <spdlog/spdlog.h>
#include <vips/vips.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <variant>

#include "media/metadata.h"
#include "media/worker.h"

namespace quire::media {
namespace {

// A box height that never limits: "medium_large" is a width only.
constexpr int kUnbounded = VIPS_MAX_COORD;
constexpr int kJpegQuality = 82;
constexpr int kWebpQuality = 80;
// libvips's worker threads per image operation: image work takes one core at most, so that a
// large upload never takes the whole machine from the server's readers.
constexpr int kImageThreads = 1;

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
    vips_concurrency_set(kImageThreads);
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

// "9,999 × 9,999 pixels (100.0 megapixels)".
std::string Grouped(int64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

Error TooLarge(int64_t width, int64_t height, int64_t frames = 1) {
  const int64_t pixels = width * height * frames;
  const int64_t tenths = (pixels + 50'000) / 100'000;
  std::string size = Grouped(width) + " × " + Grouped(height) + " pixels";
  if (frames > 1) size += " × " + Grouped(frames) + " frames";
  return Error{ErrorKind::kTooLarge,
               "The image is too large: " + size + " (" + std::to_string(tenths / 10) + "." +
                   std::to_string(tenths % 10) + " megapixels); images may have at most " +
                   std::to_string(kMaxImagePixels / 1'000'000) + " megapixels."};
}

int IntField(VipsImage* image, const char* name, int fallback) {
  int value = fallback;
  if (vips_image_get_typeof(image, name) == 0 || vips_image_get_int(image, name, &value) != 0) {
    vips_error_clear();
    return fallback;
  }
  return value;
}

// The image's header only (nothing is decoded until pixels are asked for); `bytes` must outlive
// it. `options` as for vips_image_new_from_buffer ("n=-1": every frame).
Result<ImagePtr> Open(std::string_view bytes, const char* options = "") {
  VipsImage* image = vips_image_new_from_buffer(bytes.data(), bytes.size(), options, nullptr);
  if (image == nullptr) return std::unexpected(VipsError("The file is not a readable image"));
  return ImagePtr(image);
}

// `image` rendered into memory (its own copy, with a metadata table of its own).
Result<ImagePtr> InMemory(VipsImage* image, std::string_view doing) {
  VipsImage* memory = vips_image_copy_memory(image);
  if (memory == nullptr) return std::unexpected(VipsError(doing));
  return ImagePtr(memory);
}

enum class Purpose { kVariant, kOriginal };

// The image encoded as `mime_type` (JPEG, PNG, GIF or WebP) with the metadata it has (callers
// removed the private part): a variant at the variant quality, an original at
// kOriginalQuality, a palette PNG original as a palette PNG again.
Result<std::string> Encode(VipsImage* image, std::string_view mime_type, Purpose purpose) {
  const bool original = purpose == Purpose::kOriginal;
  void* buffer = nullptr;
  size_t length = 0;
  int rc = -1;
  if (mime_type == "image/jpeg") {
    rc = vips_jpegsave_buffer(image, &buffer, &length, "Q",
                              original ? kOriginalQuality : kJpegQuality, nullptr);
  } else if (mime_type == "image/png") {
    const int palette_depth = IntField(image, "palette-bit-depth", 0);
    rc = original && palette_depth > 0
             ? vips_pngsave_buffer(image, &buffer, &length, "palette", TRUE, "bitdepth",
                                   palette_depth, nullptr)
             : vips_pngsave_buffer(image, &buffer, &length, nullptr);
  } else if (mime_type == "image/gif") {
    rc = vips_gifsave_buffer(image, &buffer, &length, nullptr);
  } else if (mime_type == "image/webp") {
    rc = vips_webpsave_buffer(image, &buffer, &length, "Q",
                              original ? kOriginalQuality : kWebpQuality, nullptr);
  } else {
    return Fail(ErrorKind::kInvalid, "cannot write images of type " + std::string(mime_type));
  }
  if (rc != 0) return std::unexpected(VipsError("cannot encode the image"));
  std::unique_ptr<void, BufferDeleter> owned(buffer);
  return std::string(static_cast<const char*>(buffer), length);
}

// The image fitted into the plan's box (cropped to it when plan.crop), never enlarged, turned
// upright, in memory (it is encoded twice: its own type and WebP). `from` is either the file's
// bytes (decoded with shrink-on-load: a JPEG or WebP is decoded at 1/2, 1/4 or 1/8 of its size
// when that is enough) or a smaller image already made (a variant made from a larger one).
using Source = std::variant<std::string_view, VipsImage*>;

Result<ImagePtr> Resize(const Source& from, const VariantPlan& plan) {
  VipsImage* out = nullptr;
  int rc = -1;
  if (const auto* bytes = std::get_if<std::string_view>(&from)) {
    void* data = const_cast<char*>(bytes->data());  // vips reads it only
    rc = plan.crop ? vips_thumbnail_buffer(data, bytes->size(), &out, plan.width, "height",
                                           plan.height, "crop", VIPS_INTERESTING_CENTRE, "size",
                                           VIPS_SIZE_DOWN, nullptr)
                   : vips_thumbnail_buffer(data, bytes->size(), &out, plan.width, "height",
                                           plan.height, "size", VIPS_SIZE_DOWN, nullptr);
  } else {
    VipsImage* image = std::get<VipsImage*>(from);
    rc = plan.crop ? vips_thumbnail_image(image, &out, plan.width, "height", plan.height, "crop",
                                          VIPS_INTERESTING_CENTRE, "size", VIPS_SIZE_DOWN, nullptr)
                   : vips_thumbnail_image(image, &out, plan.width, "height", plan.height, "size",
                                          VIPS_SIZE_DOWN, nullptr);
  }
  if (rc != 0) return std::unexpected(VipsError("cannot resize the image"));
  ImagePtr resized(out);
  Result<ImagePtr> memory = InMemory(resized.get(), "cannot resize the image");
  if (!memory) return memory;
  RemovePrivateMetadata(memory->get());
  return memory;
}

// How much the plan scales an image of `info`'s size (1 or less: never enlarged).
double ScaleOf(const VariantPlan& plan, const ImageInfo& info) {
  const double across = static_cast<double>(plan.width) / info.width;
  const double down = static_cast<double>(plan.height) / info.height;
  return std::min(1.0, plan.crop ? std::max(across, down) : std::min(across, down));
}

// Writes one encoded variant and describes it.
Result<store::MediaVariant> WriteVariant(const Storage& storage, VipsImage* image, std::string name,
                                         std::string file, std::string_view mime_type) {
  Result<std::string> encoded = Encode(image, mime_type, Purpose::kVariant);
  if (!encoded) return std::unexpected(encoded.error());
  if (Status put = storage.Put(file, *encoded); !put) return std::unexpected(put.error());
  return store::MediaVariant{.name = std::move(name),
                             .file = std::move(file),
                             .mime_type = std::string(mime_type),
                             .width = vips_image_get_width(image),
                             .height = vips_image_get_height(image),
                             .bytes = static_cast<int64_t>(encoded->size())};
}

// Writes `image` as the plan's variant in the original's type and its WebP copy (unless the
// original is WebP); "full" is the original itself, which gets only its WebP copy.
Status AddVariant(const Storage& storage, VipsImage* image, std::string_view file,
                  std::string_view mime_type, const VariantPlan& plan,
                  std::vector<store::MediaVariant>& out) {
  const bool full = plan.name == "full";
  const std::string sized =
      full ? std::string(file)
           : Storage::VariantFile(file, vips_image_get_width(image), vips_image_get_height(image));
  if (!full) {
    auto variant = WriteVariant(storage, image, plan.name, sized, mime_type);
    if (!variant) return std::unexpected(variant.error());
    out.push_back(std::move(*variant));
  }
  if (mime_type == "image/webp") return {};
  auto webp = WriteVariant(storage, image, "webp:" + plan.name, sized + ".webp", "image/webp");
  if (!webp) return std::unexpected(webp.error());
  out.push_back(std::move(*webp));
  return {};
}

}  // namespace

// The first frame, decoded, turned upright, cleaned; held with a slot of the process's limit.
struct DecodedImage::Pixels {
  ImageSlot slot;          // first: taken before the pixels, given back after them
  std::string_view bytes;  // the file (the caller keeps it alive)
  mutable ImagePtr full;   // decoded when first needed (FullImage)
  bool had_private_metadata = false;
  int frames = 1;
};

bool HasFullWebp(const ImageInfo& info, std::string_view mime_type) {
  return mime_type != "image/webp" && info.width <= kMaxWebpSide && info.height <= kMaxWebpSide &&
         int64_t{info.width} * info.height <= kMaxFullWebpPixels;
}

ImageSizes ImageSizes::From(const store::Settings& settings) {
  return ImageSizes{.thumbnail = settings.thumbnail_size,
                    .medium = settings.medium_size,
                    .medium_large = settings.medium_large_size,
                    .large = settings.large_size};
}

Result<ImageInfo> ReadImageInfo(std::string_view bytes) {
  if (!StartVips()) return Fail(ErrorKind::kInternal, "libvips is not available");
  Result<ImagePtr> image = Open(bytes, "access=sequential");
  if (!image) return std::unexpected(image.error());
  VipsImage* loaded = image->get();
  ImageInfo info{vips_image_get_width(loaded), vips_image_get_height(loaded)};
  const int orientation = IntField(loaded, VIPS_META_ORIENTATION, 1);
  if (orientation >= 5 && orientation <= 8) {
    std::swap(info.width, info.height);  // rotated by 90 or 270 degrees when shown
  }
  if (info.width <= 0 || info.height <= 0) {
    return Fail(ErrorKind::kInvalid, "The file is not a readable image: it has no pixels.");
  }
  if (int64_t{info.width} * info.height > kMaxImagePixels) {
    return std::unexpected(TooLarge(info.width, info.height));
  }
  return info;
}

Result<DecodedImage> DecodedImage::Decode(std::string_view bytes) {
  Result<ImageInfo> info = ReadImageInfo(bytes);
  if (!info) return std::unexpected(info.error());
  auto pixels = std::make_shared<Pixels>();  // waits for a slot
  pixels->bytes = bytes;
  Result<ImagePtr> source = Open(bytes);
  if (!source) return std::unexpected(source.error());
  const bool jpeg = bytes.starts_with("\xFF\xD8\xFF");
  const bool png = bytes.starts_with("\x89PNG");
  pixels->had_private_metadata = HasPrivateMetadata(source->get()) ||
                                 (jpeg && JpegHasUnreadSegments(bytes)) ||
                                 (png && PngHasUnreadChunks(bytes));
  pixels->frames = std::max(1, IntField(source->get(), "n-pages", 1));
  return DecodedImage(std::move(pixels), *info);
}

// The first frame at full size, upright, without private metadata, in memory: decoded once, when
// the cleaned original or the full-size WebP copy first needs it.
static Result<VipsImage*> FullImage(const DecodedImage::Pixels& pixels) {
  if (pixels.full) return pixels.full.get();
  Result<ImagePtr> source = Open(pixels.bytes);
  if (!source) return std::unexpected(source.error());
  VipsImage* upright = nullptr;
  if (vips_autorot(source->get(), &upright, nullptr) != 0) {
    return std::unexpected(VipsError("The image cannot be decoded"));
  }
  ImagePtr turned(upright);
  Result<ImagePtr> memory = InMemory(turned.get(), "The image cannot be decoded");
  if (!memory) return std::unexpected(memory.error());
  RemovePrivateMetadata(memory->get());
  pixels.full = std::move(*memory);
  return pixels.full.get();
}

bool DecodedImage::had_private_metadata() const {
  return pixels_->had_private_metadata;
}

Result<std::string> DecodedImage::CleanOriginal(std::string_view bytes,
                                                std::string_view mime_type) const {
  if (!pixels_->had_private_metadata) return std::string(bytes);
  if (pixels_->frames == 1) {
    Result<VipsImage*> full = FullImage(*pixels_);
    if (!full) return std::unexpected(full.error());
    return Encode(*full, mime_type, Purpose::kOriginal);
  }
  // An animation: every frame, as one tall image of `frames` pages.
  const int64_t frames = pixels_->frames;
  if (int64_t{info_.width} * info_.height * frames > kMaxImagePixels) {
    return std::unexpected(TooLarge(info_.width, info_.height, frames));
  }
  Result<ImagePtr> all = Open(bytes, "n=-1");
  if (!all) return std::unexpected(all.error());
  VipsImage* copied = nullptr;
  if (vips_copy(all->get(), &copied, nullptr) != 0) {
    return std::unexpected(VipsError("The image cannot be decoded"));
  }
  ImagePtr own(copied);
  RemovePrivateMetadata(own.get());
  return Encode(own.get(), mime_type, Purpose::kOriginal);
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

Result<std::vector<store::MediaVariant>> DecodedImage::MakeVariants(const Storage& storage,
                                                                    std::string_view file,
                                                                    std::string_view mime_type,
                                                                    const ImageSizes& sizes) const {
  const std::vector<VariantPlan> plans = PlanVariants(info_, sizes);
  // The largest variant is made from the file (shrink-on-load), each other one from it when it
  // is large enough (a square thumbnail of a panorama may need more height), else from the file.
  // Measured with libvips 8.14 (bench/media_upload.cc): resizing the whole decoded image is
  // several times slower than this.
  const VariantPlan* largest = nullptr;
  for (const VariantPlan& plan : plans) {
    if (largest == nullptr || ScaleOf(plan, info_) > ScaleOf(*largest, info_)) largest = &plan;
  }
  ImagePtr base;
  std::vector<store::MediaVariant> variants;
  auto fail = [&storage, &variants](const Error& error) {
    store::Media written{.variants = variants};
    storage.Remove(written);
    return std::unexpected(error);
  };
  if (largest != nullptr) {
    Result<ImagePtr> made = Resize(pixels_->bytes, *largest);
    if (!made) return fail(made.error());
    base = std::move(*made);
  }
  for (const VariantPlan& plan : plans) {
    ImagePtr derived;
    if (&plan != largest) {
      const bool from_base = ScaleOf(*largest, info_) >= ScaleOf(plan, info_);
      Result<ImagePtr> made = from_base ? Resize(base.get(), plan) : Resize(pixels_->bytes, plan);
      if (!made) return fail(made.error());
      derived = std::move(*made);
    }
    VipsImage* image = &plan == largest ? base.get() : derived.get();
    if (Status added = AddVariant(storage, image, file, mime_type, plan, variants); !added) {
      return fail(added.error());
    }
  }
  if (!HasFullWebp(info_, mime_type)) return variants;
  Result<VipsImage*> image = FullImage(*pixels_);
  if (!image) return fail(image.error());
  const VariantPlan full{"full", info_.width, info_.height, false};
  if (Status added = AddVariant(storage, *image, file, mime_type, full, variants); !added) {
    return fail(added.error());
  }
  return variants;
}

Result<std::vector<store::MediaVariant>> MakeVariants(const Storage& storage, std::string_view file,
                                                      std::string_view bytes,
                                                      std::string_view mime_type,
                                                      const ImageSizes& sizes) {
  Result<DecodedImage> decoded = DecodedImage::Decode(bytes);
  if (!decoded) return std::unexpected(decoded.error());
  return decoded->MakeVariants(storage, file, mime_type, sizes);
}

}  // namespace quire::media
