#include "content/shortcodes.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/markdown.h"
#include "content/sanitize.h"
#include "util/strings.h"

namespace quire::content {
namespace {

constexpr std::string_view kKnown[] = {"caption", "wp_caption", "gallery",
                                       "embed",   "audio",      "video"};
constexpr std::string_view kAudioSources[] = {"src", "mp3", "m4a", "ogg", "oga", "wav", "flac"};
constexpr std::string_view kVideoSources[] = {"src", "mp4", "m4v", "webm", "ogv", "mov"};
// Elements whose content is shown as written, shortcodes and all.
constexpr std::string_view kVerbatimElements[] = {"pre", "code", "script", "style", "textarea"};

template <size_t N>
bool Contains(const std::string_view (&names)[N], std::string_view name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

using Attributes = std::map<std::string, std::string, std::less<>>;

// One shortcode found in the text: where it starts and ends, its name, attributes and, when
// it encloses, the HTML between its tags.
struct Shortcode {
  std::string name;
  Attributes attributes;
  std::vector<std::string> positional;
  std::string_view content;
  size_t end = 0;  // one past the closing "]" (of [/name] when it encloses)
};

// ---- Reading ----

std::string_view ReadValue(std::string_view text, size_t& pos) {
  if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) {
    char quote = text[pos++];
    size_t close = text.find(quote, pos);
    if (close == std::string_view::npos) close = text.size();
    std::string_view value = text.substr(pos, close - pos);
    pos = std::min(close + 1, text.size());
    return value;
  }
  size_t start = pos;
  while (pos < text.size() && !IsSpace(text[pos])) ++pos;
  return text.substr(start, pos - start);
}

// WordPress's shortcode_parse_atts: name="v", name='v', name=v, "v", 'v' or v (positional).
void ParseAttributes(std::string_view text, Shortcode& shortcode) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (IsSpace(text[pos])) {
      ++pos;
      continue;
    }
    size_t name_end = pos;
    while (name_end < text.size() && IsNameChar(text[name_end])) ++name_end;
    size_t after = name_end;
    while (after < text.size() && IsSpace(text[after])) ++after;
    if (name_end > pos && after < text.size() && text[after] == '=') {
      std::string name = util::ToLower(text.substr(pos, name_end - pos));
      pos = after + 1;
      while (pos < text.size() && IsSpace(text[pos])) ++pos;
      shortcode.attributes[name] = DecodeHtmlEntities(ReadValue(text, pos));
    } else {
      shortcode.positional.push_back(DecodeHtmlEntities(ReadValue(text, pos)));
    }
  }
}

// The shortcode opening at text[pos] ('['), if it is one this file renders.
std::optional<Shortcode> ReadShortcode(std::string_view text, size_t pos) {
  size_t name_end = pos + 1;
  while (name_end < text.size() && IsNameChar(text[name_end])) ++name_end;
  std::string name = util::ToLower(text.substr(pos + 1, name_end - pos - 1));
  if (!Contains(kKnown, name) || name_end >= text.size()) return std::nullopt;
  char next = text[name_end];
  if (next != ']' && next != '/' && !IsSpace(next)) return std::nullopt;
  size_t close = text.find_first_of("[]", name_end);
  if (close == std::string_view::npos || text[close] == '[') return std::nullopt;
  Shortcode shortcode;
  shortcode.name = name;
  std::string_view inside = text.substr(name_end, close - name_end);
  bool self_closing = inside.ends_with('/');
  if (self_closing) inside.remove_suffix(1);
  ParseAttributes(inside, shortcode);
  shortcode.end = close + 1;
  if (self_closing) return shortcode;
  // It encloses when "[/name]" comes before another "[name" opens.
  std::string closing = "[/" + name + "]";
  size_t closing_at = util::ToLower(text.substr(shortcode.end)).find(closing);
  size_t next_open = util::ToLower(text.substr(shortcode.end)).find("[" + name);
  if (closing_at != std::string::npos && closing_at < next_open) {
    shortcode.content = text.substr(shortcode.end, closing_at);
    shortcode.end += closing_at + closing.size();
  }
  return shortcode;
}

// ---- Writing ----

std::string Get(const Shortcode& shortcode, std::string_view name) {
  auto it = shortcode.attributes.find(name);
  return it == shortcode.attributes.end() ? std::string() : it->second;
}

bool IsDigits(std::string_view text) {
  return !text.empty() && text.size() <= 6 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An attribute value that may become a class or id: letters, digits, '-' and '_' only.
std::string Token(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (IsNameChar(c)) out += c;
  }
  return out;
}

void AppendAttribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  util::AppendHtmlEscaped(out, value);
  out += '"';
}

// The image part at the start of a caption's content: <img …>, perhaps inside <a …>…</a>.
size_t CaptionImageEnd(std::string_view content) {
  std::string lower = util::ToLower(content);
  size_t pos = lower.find_first_not_of(" \t\r\n");
  if (pos == std::string::npos) return 0;
  bool linked = lower.compare(pos, 3, "<a ") == 0;
  if (linked) pos = lower.find('>', pos);
  if (pos == std::string::npos) return 0;
  size_t image = lower.find("<img", pos);
  if (image == std::string::npos) return 0;
  if (lower.substr(linked ? pos + 1 : pos, image - (linked ? pos + 1 : pos))
          .find_first_not_of(" \t\r\n") != std::string::npos) {
    return 0;
  }
  size_t end = lower.find('>', image);
  if (end == std::string::npos) return 0;
  ++end;
  if (!linked) return end;
  size_t close = lower.find("</a>", end);
  return close == std::string::npos ? 0 : close + 4;
}

std::string RenderCaption(const Shortcode& shortcode) {
  std::string_view content = shortcode.content;
  size_t image_end = CaptionImageEnd(content);
  std::string_view image = content.substr(0, image_end);
  std::string caption_html(util::Trim(content.substr(image_end)));
  std::string caption_attribute = Get(shortcode, "caption");
  if (!caption_attribute.empty()) caption_html = util::HtmlEscape(caption_attribute);
  std::string out = "<figure";
  std::string id = Token(Get(shortcode, "id"));
  if (!id.empty()) AppendAttribute(out, "id", id);
  std::string classes = "wp-caption";
  for (std::string_view extra : {Token(Get(shortcode, "align")), Token(Get(shortcode, "class"))}) {
    if (!extra.empty()) classes += " " + std::string(extra);
  }
  AppendAttribute(out, "class", classes);
  std::string width = Get(shortcode, "width");
  if (IsDigits(width)) AppendAttribute(out, "style", "width: " + width + "px");
  out += ">";
  out += image_end > 0 ? std::string(util::Trim(image)) : std::string();
  if (image_end == 0 && caption_attribute.empty()) return out + caption_html + "</figure>";
  out += "<figcaption class=\"wp-caption-text\">" + caption_html + "</figcaption></figure>";
  return out;
}

std::vector<int64_t> ParseIds(std::string_view text) {
  std::vector<int64_t> ids;
  for (std::string_view part : util::Split(text, ',')) {
    std::optional<int64_t> id = util::ParseInt(util::Trim(part));
    if (id && *id > 0) ids.push_back(*id);
  }
  return ids;
}

void AppendGalleryItem(std::string& out, const GalleryItem& item) {
  out += "<li class=\"gallery-item\"><a";
  AppendAttribute(out, "href", item.url);
  out += ">";
  if (!item.thumbnail_url.empty() && IsSafeUrl(item.thumbnail_url)) {
    out += "<img";
    AppendAttribute(out, "src", item.thumbnail_url);
    AppendAttribute(out, "alt", item.alt);
    if (item.width > 0) AppendAttribute(out, "width", std::to_string(item.width));
    if (item.height > 0) AppendAttribute(out, "height", std::to_string(item.height));
    out += " loading=\"lazy\" />";
  } else {
    std::string_view label = !item.caption.empty() ? item.caption
                             : !item.alt.empty()   ? item.alt
                                                   : item.url;
    util::AppendHtmlEscaped(out, label);
  }
  out += "</a>";
  if (!item.caption.empty()) {
    out += "<span class=\"gallery-caption\">";
    util::AppendHtmlEscaped(out, item.caption);
    out += "</span>";
  }
  out += "</li>";
}

std::string RenderGallery(const Shortcode& shortcode, const MediaLookup& lookup) {
  if (!lookup) return {};
  std::string ids = Get(shortcode, "ids");
  if (ids.empty()) ids = Get(shortcode, "include");
  std::string items;
  for (int64_t id : ParseIds(ids)) {
    std::optional<GalleryItem> item = lookup(id);
    if (item && IsSafeUrl(item->url)) AppendGalleryItem(items, *item);
  }
  if (items.empty()) return {};
  std::string columns = Get(shortcode, "columns");
  if (!IsDigits(columns)) columns = "3";
  return "<ul class=\"gallery gallery-columns-" + columns + "\">" + items + "</ul>";
}

bool IsWebUrl(std::string_view url) {
  std::string lower = util::ToLower(url);
  return (lower.starts_with("http://") || lower.starts_with("https://")) && IsSafeUrl(url);
}

std::string Link(std::string_view url) {
  std::string out = "<a";
  AppendAttribute(out, "href", url);
  out += ">";
  util::AppendHtmlEscaped(out, url);
  return out + "</a>";
}

std::string RenderEmbed(const Shortcode& shortcode) {
  std::string url(util::Trim(DecodeHtmlEntities(shortcode.content)));
  if (url.empty() && !shortcode.positional.empty()) url = shortcode.positional.front();
  if (!IsWebUrl(url)) return util::HtmlEscape(url);
  return Link(url);
}

template <size_t N>
std::string MediaSource(const Shortcode& shortcode, const std::string_view (&names)[N]) {
  for (std::string_view name : names) {
    std::string url(util::Trim(Get(shortcode, name)));
    if (!url.empty() && IsSafeUrl(url)) return url;
  }
  return {};
}

std::string RenderMedia(const Shortcode& shortcode) {
  bool video = shortcode.name == "video";
  std::string src =
      video ? MediaSource(shortcode, kVideoSources) : MediaSource(shortcode, kAudioSources);
  if (src.empty()) return {};
  std::string element = video ? "video" : "audio";
  std::string out = "<" + element;
  AppendAttribute(out, "class", "wp-" + element + "-shortcode");
  out += " controls";
  std::string preload = Get(shortcode, "preload");
  AppendAttribute(out, "preload", preload == "auto" || preload == "metadata" ? preload : "none");
  if (Get(shortcode, "loop") == "on" || Get(shortcode, "loop") == "true") out += " loop";
  if (video) {
    for (std::string_view size : {"width", "height"}) {
      std::string value = Get(shortcode, size);
      if (IsDigits(value)) AppendAttribute(out, size, value);
    }
    std::string poster = Get(shortcode, "poster");
    if (!poster.empty() && IsSafeUrl(poster)) AppendAttribute(out, "poster", poster);
  }
  AppendAttribute(out, "src", src);
  out += ">" + Link(src) + "</" + element + ">";
  return out;
}

std::string Render(const Shortcode& shortcode, const MediaLookup& lookup) {
  if (shortcode.name == "caption" || shortcode.name == "wp_caption") {
    return RenderCaption(shortcode);
  }
  if (shortcode.name == "gallery") return RenderGallery(shortcode, lookup);
  if (shortcode.name == "embed") return RenderEmbed(shortcode);
  return RenderMedia(shortcode);
}

// ---- Walking the HTML ----

std::string StartTagName(std::string_view html, size_t pos) {
  size_t end = pos + 1;
  while (end < html.size() && IsNameChar(html[end])) ++end;
  return util::ToLower(html.substr(pos + 1, end - pos - 1));
}

bool StartsMarkup(std::string_view html, size_t pos) {
  if (pos + 1 >= html.size()) return false;
  char next = html[pos + 1];
  return IsNameChar(next) || next == '/' || next == '!' || next == '?';
}

// Where the verbatim element opened by the tag ending at `from` ends (after its end tag).
size_t VerbatimEnd(std::string_view html, size_t from, const std::string& name) {
  size_t close = util::ToLower(html.substr(from)).find("</" + name);
  if (close == std::string::npos) return html.size();
  size_t end = util::HtmlTagEnd(html, from + close);
  return end == std::string_view::npos ? html.size() : end;
}

class Renderer {
 public:
  Renderer(std::string_view html, const MediaLookup& lookup) : html_(html), lookup_(lookup) {}

  std::string Run() {
    while (pos_ < html_.size()) {
      size_t next = html_.find_first_of("<[", pos_);
      if (next == std::string_view::npos) next = html_.size();
      out_.append(html_.substr(pos_, next - pos_));
      pos_ = next;
      if (pos_ >= html_.size()) break;
      if (html_[pos_] == '<') {
        Markup();
      } else {
        Bracket();
      }
    }
    return std::move(out_);
  }

 private:
  void Copy(size_t end) {
    out_.append(html_.substr(pos_, end - pos_));
    pos_ = end;
  }

  void Markup() {
    if (!StartsMarkup(html_, pos_)) return Copy(pos_ + 1);
    size_t end = util::HtmlTagEnd(html_, pos_);
    if (end == std::string_view::npos) return Copy(html_.size());
    std::string name = StartTagName(html_, pos_);
    if (Contains(kVerbatimElements, name)) end = VerbatimEnd(html_, end, name);
    Copy(end);
  }

  void Bracket() {
    // [[name …]] is the escaped form: the inner shortcode is shown as written.
    if (pos_ + 1 < html_.size() && html_[pos_ + 1] == '[') {
      std::optional<Shortcode> inner = ReadShortcode(html_, pos_ + 1);
      if (inner && inner->end < html_.size() && html_[inner->end] == ']') {
        out_.append(html_.substr(pos_ + 1, inner->end - pos_ - 1));
        pos_ = inner->end + 1;
        return;
      }
      return Copy(pos_ + 1);
    }
    std::optional<Shortcode> shortcode = ReadShortcode(html_, pos_);
    if (!shortcode) return Copy(pos_ + 1);
    out_ += Render(*shortcode, lookup_);
    pos_ = shortcode->end;
  }

  std::string_view html_;
  const MediaLookup& lookup_;
  size_t pos_ = 0;
  std::string out_;
};

}  // namespace

std::string RenderShortcodes(std::string_view html, const MediaLookup& lookup) {
  if (html.find('[') == std::string_view::npos) return std::string(html);
  return Renderer(html, lookup).Run();
}

}  // namespace quire::content
