#include "content/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/body_cache.h"
#include "content/sanitize.h"
#include "content/shortcodes.h"
#include "util/mutex.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace quire::content {
namespace {

// GitHub's extensions, in the order GitHub attaches them.
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink", "tagfilter",
                                       "tasklist"};
// Raw HTML is kept (tagfilter still neutralises <script>, <iframe>, <style> and the like);
// RenderBody sanitises the output for writers without unfiltered_html. Invalid UTF-8 becomes
// U+FFFD. Quotes stay as typed. Footnotes ([^1]) are on.
constexpr int kOptions = CMARK_OPT_UNSAFE | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES;

// cmark-gfm 0.29.0.gfm.6 adds each attached extension's special characters to a process-wide
// table while it parses inlines and removes them afterwards, so two parses at once can make
// each other miss strikethrough or autolinks. Parses are therefore serialised; rendering the
// tree runs in parallel.
util::Mutex& ParseMutex() {
  static util::Mutex mutex;
  return mutex;
}

void EnsureExtensionsRegistered() {
  // The library's own guard is a plain static int; a magic static makes it thread-safe.
  static const bool registered = [] {
    cmark_gfm_core_extensions_ensure_registered();
    return true;
  }();
  (void)registered;
}

struct ParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct CmarkStringDeleter {
  void operator()(char* text) const { cmark_get_default_mem_allocator()->free(text); }
};

std::unique_ptr<cmark_parser, ParserDeleter> NewParser() {
  EnsureExtensionsRegistered();
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(kOptions));
  for (const char* name : kExtensions) {
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), extension);
    }
  }
  return parser;
}

// ---- Plain text ----

bool IsBlankLine(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::string NormalizeNewlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

void AppendParagraph(std::string& out, const std::vector<std::string_view>& lines) {
  out += "<p>";
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "<br />\n";
    util::AppendHtmlEscaped(out, lines[i]);
  }
  out += "</p>\n";
}

// ---- Excerpts: HTML to plain text ----

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Tags whose element content is not text at all.
constexpr std::string_view kSkippedElements[] = {"script", "style", "template", "noscript"};
// Tags that separate words (blocks and line breaks); inline tags join what surrounds them.
constexpr std::string_view kBreakingTags[] = {
    "address", "article",    "aside",  "blockquote", "br", "caption", "dd", "div", "dl",
    "dt",      "figcaption", "figure", "footer",     "h1", "h2",      "h3", "h4",  "h5",
    "h6",      "header",     "hr",     "img",        "li", "nav",     "ol", "p",   "pre",
    "section", "table",      "td",     "th",         "tr", "ul"};

template <size_t N>
bool Contains(const std::string_view (&names)[N], std::string_view name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

// The lowercase name of the tag starting at html[pos] ('<'), e.g. "p" for "</P >".
std::string TagName(std::string_view html, size_t pos) {
  size_t i = pos + 1;
  if (i < html.size() && html[i] == '/') ++i;
  size_t end = i;
  while (end < html.size() && (IsAsciiAlpha(html[end]) || (html[end] >= '0' && html[end] <= '9'))) {
    ++end;
  }
  return util::ToLower(html.substr(i, end - i));
}

bool StartsTag(std::string_view html, size_t pos) {
  if (pos + 1 >= html.size()) return false;
  char next = html[pos + 1];
  return IsAsciiAlpha(next) || next == '/' || next == '!' || next == '?';
}

// The text of the HTML: tags removed (block tags become spaces), script and style contents
// dropped. Entities are left for DecodeHtmlEntities.
std::string StripTags(std::string_view html) {
  std::string text;
  text.reserve(html.size());
  size_t pos = 0;
  while (pos < html.size()) {
    if (html[pos] != '<' || !StartsTag(html, pos)) {
      text += html[pos++];
      continue;
    }
    size_t end = util::HtmlTagEnd(html, pos);
    if (end == std::string_view::npos) break;
    std::string name = TagName(html, pos);
    bool closing = html[pos + 1] == '/';
    if (!closing && Contains(kSkippedElements, name)) {
      size_t close = util::ToLower(html.substr(end)).find("</" + name);
      if (close == std::string::npos) break;
      end = util::HtmlTagEnd(html, end + close);
      if (end == std::string_view::npos) break;
      name.clear();
    }
    if (Contains(kBreakingTags, name)) text += ' ';
    pos = end;
  }
  return text;
}

struct NamedEntity {
  std::string_view name;
  uint32_t code_point;
};
constexpr NamedEntity kNamedEntities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},    {"nbsp", ' '},     {"hellip", 0x2026}, {"mdash", 0x2014},
    {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"laquo", 0x00AB}, {"raquo", 0x00BB},  {"copy", 0x00A9}};

// The code point of a numeric reference body ("#39", "#x2014"), if it names a valid one.
std::optional<uint32_t> NumericReference(std::string_view body) {
  bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
  std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 7) return std::nullopt;
  uint32_t value = 0;
  for (char c : digits) {
    int digit = c >= '0' && c <= '9'          ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
    if (digit < 0) return std::nullopt;
    value = value * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
  }
  bool valid = value != 0 && value <= 0x10FFFF && (value < 0xD800 || value > 0xDFFF);
  return valid ? std::optional<uint32_t>(value) : std::nullopt;
}

std::optional<uint32_t> EntityCodePoint(std::string_view body) {
  if (!body.empty() && body[0] == '#') return NumericReference(body);
  for (const NamedEntity& entity : kNamedEntities) {
    if (entity.name == body) return entity.code_point;
  }
  return std::nullopt;
}

}  // namespace

std::string DecodeHtmlEntities(std::string_view text) {
  constexpr size_t kLongestEntity = 10;
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t semicolon = text[pos] == '&' ? text.find(';', pos) : std::string_view::npos;
    if (semicolon != std::string_view::npos && semicolon - pos <= kLongestEntity) {
      if (auto code_point = EntityCodePoint(text.substr(pos + 1, semicolon - pos - 1))) {
        util::AppendUtf8(out, *code_point);
        pos = semicolon + 1;
        continue;
      }
    }
    out += text[pos++];
  }
  return out;
}

namespace {

size_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;  // a stray byte counts as one character
}

// The first words of the text, single-spaced, at most max_characters UTF-8 characters (spaces
// included), followed by " […]" when anything was left out.
std::string FirstWords(std::string_view text, size_t max_words, size_t max_characters) {
  std::string out;
  size_t word_count = 0, characters = 0, pos = 0;
  while (pos < text.size()) {
    if (IsSpace(text[pos])) {
      ++pos;
      continue;
    }
    if (word_count == max_words || characters >= max_characters) return out + " [\u2026]";
    if (word_count++ > 0) {
      out += ' ';
      ++characters;
    }
    while (pos < text.size() && !IsSpace(text[pos]) && characters < max_characters) {
      size_t length =
          std::min(Utf8SequenceLength(static_cast<unsigned char>(text[pos])), text.size() - pos);
      out.append(text, pos, length);
      pos += length;
      ++characters;
    }
  }
  return out;
}

}  // namespace

std::string MarkdownToHtml(std::string_view markdown) {
  auto parser = NewParser();
  std::unique_ptr<cmark_node, NodeDeleter> root;
  {
    util::MutexLock lock(ParseMutex());
    cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
    root.reset(cmark_parser_finish(parser.get()));
  }
  std::unique_ptr<char, CmarkStringDeleter> html(
      cmark_render_html(root.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get())));
  return std::string(html.get());
}

std::string TextToHtml(std::string_view text) {
  std::string normalized = NormalizeNewlines(text);
  std::string out;
  std::vector<std::string_view> paragraph;
  for (std::string_view line : util::Split(normalized, '\n')) {
    if (IsBlankLine(line)) {
      if (!paragraph.empty()) AppendParagraph(out, paragraph);
      paragraph.clear();
    } else {
      paragraph.push_back(line);
    }
  }
  if (!paragraph.empty()) AppendParagraph(out, paragraph);
  return out;
}

std::string RenderBody(std::string_view body, store::PostFormat format, bool unfiltered,
                       const MediaLookup& lookup) {
  switch (format) {
    case store::PostFormat::kMarkdown: {
      std::string html = MarkdownToHtml(body);
      return unfiltered ? html : SanitizeHtml(html);
    }
    case store::PostFormat::kHtml:
      return RenderShortcodes(unfiltered ? std::string(body) : SanitizeHtml(body), lookup);
    case store::PostFormat::kText: return TextToHtml(body);
  }
  return TextToHtml(body);
}

std::string RenderBody(std::string_view body, store::PostFormat format) {
  return RenderBody(body, format, true);
}

std::string RenderBody(const store::Post& post, const MediaLookup& lookup) {
  return BodyCache::Shared().Get(post.body, post.format, post.unfiltered, [&] {
    return RenderBody(post.body, post.format, post.unfiltered, lookup);
  });
}

std::string Excerpt(const store::Post& post, int words) {
  std::string_view written = util::Trim(post.excerpt);
  if (!written.empty()) return std::string(written);
  // Words are also capped in characters, so that text without spaces (Chinese, Japanese, a
  // long URL) still gives a short excerpt.
  constexpr size_t kMaxCharactersPerWord = 12;
  const size_t max_words = static_cast<size_t>(std::max(words, 1));
  return BodyCache::Shared().Excerpt(post.body, post.format, post.unfiltered, words, [&] {
    return FirstWords(DecodeHtmlEntities(StripTags(RenderBody(post))), max_words,
                      max_words * kMaxCharactersPerWord);
  });
}

std::string HtmlToText(std::string_view html) {
  constexpr size_t kAll = std::numeric_limits<size_t>::max();
  return FirstWords(DecodeHtmlEntities(StripTags(html)), kAll, kAll);
}

}  // namespace quire::content
