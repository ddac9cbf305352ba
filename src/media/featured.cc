#include "media/featured.h"

#include "media/storage.h"
#include "util/strings.h"

namespace quire::media {

std::optional<FeaturedImage> ImageOf(const store::Media& media, std::string_view size) {
  if (!util::StartsWith(media.mime_type, "image/") || media.width <= 0) return std::nullopt;
  FeaturedImage image{.url_path = Storage::UrlPath(media.file),
                      .mime_type = media.mime_type,
                      .width = media.width,
                      .height = media.height,
                      .alt = media.alt};
  for (const store::MediaVariant& variant : media.variants) {
    if (variant.name != size) continue;
    image.url_path = Storage::UrlPath(variant.file);
    image.mime_type = variant.mime_type;
    image.width = variant.width;
    image.height = variant.height;
  }
  return image;
}

Result<std::optional<FeaturedImage>> FeaturedImageOf(store::Store& store, int64_t media_id,
                                                     std::string_view size) {
  if (media_id <= 0) return std::optional<FeaturedImage>();
  Result<std::optional<store::Media>> media = store::FindMedia(store, media_id);
  if (!media) return std::unexpected(media.error());
  if (!*media) return std::optional<FeaturedImage>();
  return ImageOf(**media, size);
}

}  // namespace quire::media
