// Post bodies to HTML. Markdown goes through cmark-gfm (tables, strikethrough, autolinks,
// tasklists); HTML from trusted authors is kept as written; text becomes paragraphs.
#pragma once

#include <string>
#include <string_view>

#include "store/records.h"

namespace quire::content {

// A post body as HTML: Markdown through MarkdownToHtml, HTML as written, text via TextToHtml.
std::string RenderBody(std::string_view body, store::PostFormat format);
// GitHub-flavoured Markdown (tables, strikethrough, autolinks, tasklists) to HTML. Raw HTML in
// the Markdown is kept (authors are trusted) except the tags GitHub's tagfilter disarms
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

}  // namespace quire::content
