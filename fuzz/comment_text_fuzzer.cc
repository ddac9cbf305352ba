// Comment text: what a commenter types, rendered (escaped, with paragraphs, links and a little
// formatting), and the link count the moderation rules use. Rendered text must never carry a
// tag the commenter wrote.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "comments/comment_text.h"
#include "content/sanitize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string html = quire::comments::RenderCommentText(text);
  // (Text such as "onerror=" may stay: it is escaped text, not an attribute.)
  for (std::string_view banned : {"<script", "<img", "<iframe", "<style", "<svg"}) {
    if (html.find(banned) != std::string::npos) __builtin_trap();
  }
  (void)quire::comments::CountLinks(text);
  (void)quire::comments::AutoParagraph(quire::content::SanitizeCommentHtml(text));
  return 0;
}
