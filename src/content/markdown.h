// Post bodies to HTML. Markdown goes through cmark-gfm (tables, strikethrough, autolinks,
// tasklists); HTML from trusted authors is kept as written; text becomes paragraphs.
#pragma once

#include <string>
#include <string_view>

#include "store/records.h"

namespace quire::content {

std::string RenderBody(std::string_view body, store::PostFormat format);
std::string MarkdownToHtml(std::string_view markdown);
// Plain text: paragraphs split at blank lines, single newlines become <br />; escaped.
std::string TextToHtml(std::string_view text);

// The excerpt to show in lists: the written one, else the first ~55 words of the body's text
// (tags stripped) followed by " […]" when cut. Returns plain text (escape it when writing).
std::string Excerpt(const store::Post& post, int words = 55);

}  // namespace quire::content
