// Permalink structures: the setting's validation, rendering a post's path under a structure and
// matching request paths against it. The input is "STRUCTURE\nPATH". A structure that
// validation accepts must give back, for a post, a path that matches the same post.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "content/permalink.h"
#include "content/site_zone.h"
#include "store/records.h"
#include "store/settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  std::string_view structure = input.substr(0, newline);
  std::string_view path = newline == std::string_view::npos ? "" : input.substr(newline + 1);

  (void)quire::content::MatchPostPath(path, structure);
  const bool valid =
      static_cast<bool>(quire::store::ValidateSetting("permalink_structure", structure));

  quire::store::Post post;
  post.id = 4242;
  post.slug = quire::content::Slugify(path.substr(0, 64));
  post.published_at = 1714557600;  // 2024-05-01T10:00:00Z
  const quire::content::SiteZone zone = quire::content::SiteZone::Utc();
  std::string rendered = quire::content::PostPath(post, structure, zone);
  auto match = quire::content::MatchPostPath(rendered, structure);
  if (valid) {
    // What the site links to must lead back to the post.
    if (!match) __builtin_trap();
    if (match->id != 0 && match->id != post.id) __builtin_trap();
    if (!match->slug.empty() && match->slug != post.slug) __builtin_trap();
  }
  return 0;
}
