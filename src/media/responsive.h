// Responsive images in rendered post bodies. Each <img> whose src is a local upload
// ("/wp-content/uploads/FILE", FILE an upload or one of its variants) known to the lookup gets,
// when it lacks them:
//   width and height  — of the file src names (so the page does not jump while loading);
//   srcset            — the original and its variants of the same type and proportions,
//                       with their widths ("… 300w, … 1024w");
//   sizes             — "(max-width: Wpx) 100vw, Wpx" for the shown width W;
//   loading="lazy" and decoding="async".
// Images of other sites, unknown files and everything else are copied unchanged.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "store/media.h"
#include "store/store.h"

namespace quire::media {

// The upload whose original file is `file` ("2026/11/cat.jpg"), or nullopt.
using MediaLookup = std::function<std::optional<store::Media>(std::string_view file)>;

// `html` with its local upload images made responsive (see above). The lookup is called at
// most twice per image (for a variant's src: the variant's name, then its original's).
std::string MakeResponsive(std::string_view html, const MediaLookup& lookup);

// A lookup through store::FindMediaByFile: one query per image; a store error reads as unknown.
MediaLookup StoreLookup(store::Store& store);

}  // namespace quire::media
