#include "media/responsive.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "media/storage.h"
#include "util/strings.h"

namespace quire::media {
namespace {

constexpr std::string_view kUploadsPath = "/wp-content/uploads/";

struct Attribute {
  std::string name;  // lowercase
  std::string_view value;
};

// One <img ...> tag of the HTML.
struct ImgTag {
  size_t end = 0;        // one past its '>'
  size_t insert_at = 0;  // where added attributes go (before "/>" or ">")
  std::vector<Attribute> attributes;

  std::optional<std::string_view> Get(std::string_view name) const {
    for (const Attribute& attribute : attributes) {
      if (attribute.name == name) return attribute.value;
    }
    return std::nullopt;
  }
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// The <img> tag starting at html[pos] ('<'); nullopt when it is not one or does not end.
std::optional<ImgTag> ParseImg(std::string_view html, size_t pos) {
  if (pos + 4 >= html.size() || !util::IEquals(html.substr(pos, 4), "<img")) return std::nullopt;
  size_t i = pos + 4;
  if (!IsSpace(html[i]) && html[i] != '/' && html[i] != '>') return std::nullopt;
  ImgTag tag;
  while (i < html.size()) {
    while (i < html.size() && (IsSpace(html[i]) || html[i] == '/')) ++i;
    if (i >= html.size()) return std::nullopt;
    if (html[i] == '>') {
      size_t insert = i;
      while (insert > pos && (IsSpace(html[insert - 1]) || html[insert - 1] == '/')) --insert;
      tag.insert_at = insert;
      tag.end = i + 1;
      return tag;
    }
    size_t name_start = i;
    while (i < html.size() && !IsSpace(html[i]) && html[i] != '=' && html[i] != '>' &&
           html[i] != '/') {
      ++i;
    }
    Attribute attribute{util::ToLower(html.substr(name_start, i - name_start)), {}};
    while (i < html.size() && IsSpace(html[i])) ++i;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsSpace(html[i])) ++i;
      if (i >= html.size()) return std::nullopt;
      if (html[i] == '"' || html[i] == '\'') {
        size_t close = html.find(html[i], i + 1);
        if (close == std::string_view::npos) return std::nullopt;
        attribute.value = html.substr(i + 1, close - i - 1);
        i = close + 1;
      } else {
        size_t start = i;
        while (i < html.size() && !IsSpace(html[i]) && html[i] != '>') ++i;
        attribute.value = html.substr(start, i - start);
      }
    }
    tag.attributes.push_back(std::move(attribute));
  }
  return std::nullopt;
}

// The upload file a src names: "/wp-content/uploads/2026/11/cat.jpg?x" → "2026/11/cat.jpg".
std::optional<std::string_view> UploadFileOf(std::string_view src) {
  if (!util::StartsWith(src, kUploadsPath)) return std::nullopt;
  src.remove_prefix(kUploadsPath.size());
  src = src.substr(0, src.find_first_of("?#"));
  if (src.empty()) return std::nullopt;
  return src;
}

// The original a variant's name comes from: "a/cat-300x200.jpg" → "a/cat.jpg".
std::optional<std::string> OriginalOf(std::string_view file) {
  size_t dot = file.rfind('.');
  size_t dash = file.rfind('-', dot);
  if (dot == std::string_view::npos || dash == std::string_view::npos) return std::nullopt;
  std::string_view size = file.substr(dash + 1, dot - dash - 1);
  size_t x = size.find('x');
  if (x == std::string_view::npos || x == 0 || x + 1 == size.size()) return std::nullopt;
  auto digits = [](std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(size.substr(0, x)) || !digits(size.substr(x + 1))) return std::nullopt;
  return std::string(file.substr(0, dash)) + std::string(file.substr(dot));
}

// A file of an upload as srcset sees it.
struct Source {
  std::string file;
  std::string mime_type;
  int width = 0, height = 0;
};

// The original and variants of `media` as sources.
std::vector<Source> SourcesOf(const store::Media& media) {
  std::vector<Source> sources{{media.file, media.mime_type, media.width, media.height}};
  for (const store::MediaVariant& variant : media.variants) {
    sources.push_back({variant.file, variant.mime_type, variant.width, variant.height});
  }
  return sources;
}

// Whether two sizes have the same proportions (allowing a pixel of rounding).
bool SameProportions(const Source& a, const Source& b) {
  int64_t cross = int64_t{a.width} * b.height - int64_t{a.height} * b.width;
  return std::abs(cross) <= std::max<int64_t>({a.width, a.height, b.width, b.height});
}

// The attributes to add to an image showing `shown` of `media`.
std::string AddedAttributes(const ImgTag& tag, const store::Media& media, const Source& shown) {
  std::string added;
  auto add = [&](std::string_view name, const std::string& value) {
    if (tag.Get(name)) return;
    added += " " + std::string(name) + "=\"" + util::HtmlEscape(value) + "\"";
  };
  if (shown.width > 0 && shown.height > 0 && !tag.Get("width") && !tag.Get("height")) {
    add("width", std::to_string(shown.width));
    add("height", std::to_string(shown.height));
  }
  std::vector<Source> candidates;
  for (const Source& source : SourcesOf(media)) {
    if (source.mime_type != shown.mime_type || source.width <= 0) continue;
    if (!SameProportions(source, shown)) continue;
    bool seen = std::any_of(candidates.begin(), candidates.end(),
                            [&](const Source& c) { return c.width == source.width; });
    if (!seen) candidates.push_back(source);
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Source& a, const Source& b) { return a.width < b.width; });
  if (candidates.size() >= 2 && shown.width > 0) {
    std::string srcset;
    for (const Source& source : candidates) {
      if (!srcset.empty()) srcset += ", ";
      srcset += Storage::UrlPath(source.file) + " " + std::to_string(source.width) + "w";
    }
    add("srcset", srcset);
    std::string width = std::to_string(shown.width) + "px";
    add("sizes", "(max-width: " + width + ") 100vw, " + width);
  }
  add("loading", "lazy");
  add("decoding", "async");
  return added;
}

// The attributes to add to `tag`, "" when its src is not a known upload.
std::string Rewrite(const ImgTag& tag, const MediaLookup& lookup) {
  std::optional<std::string_view> src = tag.Get("src");
  if (!src) return {};
  std::optional<std::string_view> file = UploadFileOf(*src);
  if (!file) return {};
  std::optional<store::Media> media = lookup(*file);
  if (!media) {
    std::optional<std::string> original = OriginalOf(*file);
    if (original) media = lookup(*original);
  }
  if (!media) return {};
  for (const Source& source : SourcesOf(*media)) {
    if (source.file == *file) return AddedAttributes(tag, *media, source);
  }
  return {};
}

}  // namespace

std::string MakeResponsive(std::string_view html, const MediaLookup& lookup) {
  std::string out;
  out.reserve(html.size() + html.size() / 8);
  size_t copied = 0;
  for (size_t pos = html.find('<'); pos != std::string_view::npos; pos = html.find('<', pos + 1)) {
    std::optional<ImgTag> tag = ParseImg(html, pos);
    if (!tag) continue;
    std::string added = Rewrite(*tag, lookup);
    if (!added.empty()) {
      out.append(html.substr(copied, tag->insert_at - copied));
      out += added;
      copied = tag->insert_at;
    }
    pos = tag->end - 1;
  }
  out.append(html.substr(copied));
  return out;
}

MediaLookup StoreLookup(store::Store& store) {
  return [&store](std::string_view file) -> std::optional<store::Media> {
    Result<std::optional<store::Media>> media = store::FindMediaByFile(store, file);
    if (!media) return std::nullopt;
    return std::move(*media);
  };
}

}  // namespace quire::media
