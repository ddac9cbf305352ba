// Comment text to safe HTML. Never raw HTML: everything the commenter typed is escaped, then a
// small set of formatting is applied: paragraphs (blank lines), line breaks, clickable links
// (rel="nofollow ugc"), *emphasis*, **strong** and `code`.
#pragma once

#include <string>
#include <string_view>

namespace quire::comments {

std::string RenderCommentText(std::string_view content);

// How many links the text holds, as WordPress counts them for comment_max_links
// (http(s) URLs and <a href> in the raw text).
int CountLinks(std::string_view content);

}  // namespace quire::comments
