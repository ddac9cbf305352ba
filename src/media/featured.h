// A post's featured image (store::Post::featured_media_id) as lists, OpenGraph and feeds show
// it: the URL path of the upload's variant of the asked size, with its size and alt text.
//
//   auto image = media::FeaturedImageOf(store, post.featured_media_id, "large");
//   if (image && *image) og_image = settings.home_url + (*image)->url_path;
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/media.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::media {

struct FeaturedImage {
  std::string url_path;  // "/wp-content/uploads/2026/11/cat-1024x683.jpg"
  std::string mime_type;
  int width = 0, height = 0;
  std::string alt;  // the upload's alt text ("" when none was written)
};

// The image to show for `media` at `size` ("thumbnail", "medium", "medium_large", "large",
// "full"): that variant when it was made, else the original (an image is never enlarged, so a
// missing size means the original is smaller than it). nullopt when `media` is not an image.
std::optional<FeaturedImage> ImageOf(const store::Media& media, std::string_view size);

// ImageOf for the upload with this id; nullopt for id 0 or an unknown upload.
Result<std::optional<FeaturedImage>> FeaturedImageOf(store::Store& store, int64_t media_id,
                                                     std::string_view size = "large");

}  // namespace quire::media
