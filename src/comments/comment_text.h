// Comment text to safe HTML. Never raw HTML: everything the commenter typed is escaped, then a
// small set of formatting is applied: paragraphs (blank lines), line breaks, clickable links
// (rel="nofollow ugc"), *emphasis*, **strong** and `code`.
#pragma once

#include <string>
#include <string_view>

namespace quire::comments {

std::string RenderCommentText(std::string_view content);

// Paragraphs for comment HTML that is already safe (WordPress's wpautop, as it shows imported
// comments; the input comes from content::SanitizeCommentHtml): blank lines separate paragraphs
// ("<p>…</p>\n"), other line breaks become "<br />\n", and each <blockquote> tag stands on its
// own line (the text inside it gets paragraphs too). Line breaks inside tags are kept as they
// are. Adds no markup of its own besides p and br; whitespace alone gives "".
std::string AutoParagraph(std::string_view html);

// How many links the text holds, as WordPress counts them for comment_max_links: check_comment
// runs the comment_text filters (make_clickable) and counts '<a [^>]*href'. So: each
// <a ... href> as typed, plus each bare http(s)/ftp URL, www./ftp. address and email address
// outside tags and anchors. (WordPress before 3.x counted '(href=)?(https?:)?//' instead.)
int CountLinks(std::string_view content);

}  // namespace quire::comments
