// WordPress's core shortcodes in imported content, rendered as plain, safe HTML:
//   [caption id="" align="" width="" caption=""]<a><img /></a> Text[/caption]
//       → <figure class="wp-caption ALIGN"><a><img /></a><figcaption>Text</figcaption></figure>
//   [gallery ids="1,2,3" columns="3"] → a list of links to the images (ids looked up by the
//       caller's MediaLookup; unknown ids are skipped, nothing at all when none is found)
//   [embed]URL[/embed] → a link to the URL (no third-party embed is fetched)
//   [audio src="…"] / [video src="…" poster="…"] (or mp3=, ogg=, mp4=, webm= …)
//       → <audio controls> / <video controls> with the escaped source and a fallback link
// Unknown shortcodes stay as they were written (visible as text); [[caption]] is the escaped
// form and gives "[caption]". Nothing inside <pre>, <code>, tags' attributes or HTML comments
// is touched. Attribute values are entity-decoded, checked (URLs: content::IsSafeUrl, sizes:
// digits) and escaped in the output, so the result is safe whatever the attributes hold; the
// HTML between an enclosing shortcode's tags is kept as it was given.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace quire::content {

// An image of a gallery as the caller knows it.
struct GalleryItem {
  std::string url;            // the full-size image (the link's target)
  std::string thumbnail_url;  // "" : the link shows the caption or alt text instead
  std::string alt;
  std::string caption;        // plain text
  int width = 0, height = 0;  // of the thumbnail (0: unknown)
};
// Looks an attachment id up; nullopt when there is no such image. Called once per id.
using MediaLookup = std::function<std::optional<GalleryItem>(int64_t id)>;

// The HTML with its known shortcodes rendered. `lookup` empty: galleries render nothing.
std::string RenderShortcodes(std::string_view html, const MediaLookup& lookup = {});

}  // namespace quire::content
