// Post bodies to HTML. Markdown goes through cmark-gfm (tables, strikethrough, autolinks,
// tasklists, footnotes); HTML bodies get WordPress's shortcodes rendered; text becomes
// paragraphs. Bodies of writers without unfiltered_html (Post::unfiltered false) go through
// content::SanitizeHtml, as WordPress's kses treats authors and contributors.
#pragma once

#include <string>
#include <string_view>

#include "content/shortcodes.h"
#include "store/records.h"

namespace quire::content {

// The post's body as HTML, safe to show whoever wrote it: RenderBody(body, format, unfiltered).
// `lookup` resolves [gallery] ids (empty: galleries render nothing). Kept in memory
// (content/body_cache.h: rendered once per body text).
std::string RenderBody(const store::Post& post, const MediaLookup& lookup = {});
// A body as HTML. Markdown: MarkdownToHtml; HTML: RenderShortcodes; text: TextToHtml. When
// `unfiltered` is false, Markdown's output and HTML bodies (before their shortcodes, whose
// output is built safe) pass through SanitizeHtml.
std::string RenderBody(std::string_view body, store::PostFormat format, bool unfiltered,
                       const MediaLookup& lookup = {});
// The same for a body from a writer with unfiltered_html (raw HTML kept). Prefer
// RenderBody(post), which honours the post's own flag.
std::string RenderBody(std::string_view body, store::PostFormat format);
// GitHub-flavoured Markdown (tables, strikethrough, autolinks, tasklists, footnotes) to HTML. Raw
// HTML in the Markdown is kept (authors are trusted) except the tags GitHub's tagfilter disarms
// (<script>, <style>, <iframe>, <textarea>, <title>, ...); invalid UTF-8 becomes U+FFFD; quotes
// stay as typed. Thread-safe (parses are serialised: see markdown.cc).
std::string MarkdownToHtml(std::string_view markdown);
// Plain text: paragraphs split at blank lines, single newlines become <br />; escaped.
std::string TextToHtml(std::string_view text);

// The excerpt to show in lists: the written one, else the first ~55 words of the body's text
// (tags stripped) followed by " […]" when cut. Returns plain text (escape it when writing).
// Script and style contents are dropped, common entities decoded, whitespace collapsed; the
// text is also capped at 12 characters per word (for scripts written without spaces), cut
// between UTF-8 characters. words < 1 counts as 1.
std::string Excerpt(const store::Post& post, int words = 55);

// The text of an HTML fragment: tags, scripts and styles dropped, entities decoded, whitespace
// collapsed (for plain-text fields such as a feed's summary).
std::string HtmlToText(std::string_view html);

// Numeric character references and the common named entities (amp, lt, gt, quot, apos, nbsp,
// hellip, dashes, curly quotes, guillemets, copy) decoded to UTF-8; others stay as written.
std::string DecodeHtmlEntities(std::string_view text);

}  // namespace quire::content
