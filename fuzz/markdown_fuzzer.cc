// Post bodies: Markdown, HTML and text through RenderBody (Markdown, shortcodes, the sanitiser),
// and the sanitiser and shortcodes alone. A body from a writer without unfiltered_html must
// come out without scripts. The first byte chooses the format.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "content/markdown.h"
#include "content/sanitize.h"
#include "content/shortcodes.h"
#include "store/records.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr quire::store::PostFormat kFormats[] = {quire::store::PostFormat::kMarkdown,
                                                   quire::store::PostFormat::kHtml,
                                                   quire::store::PostFormat::kText};
  quire::store::PostFormat format = kFormats[data[0] % 3];
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string html = quire::content::RenderBody(body, format, /*unfiltered=*/false);
  if (html.find("<script") != std::string::npos) __builtin_trap();
  std::string sanitized = quire::content::SanitizeHtml(body);
  if (sanitized.find("<script") != std::string::npos) __builtin_trap();
  (void)quire::content::RenderShortcodes(body);
  (void)quire::content::HtmlToText(body);
  (void)quire::content::DecodeHtmlEntities(body);
  return 0;
}
