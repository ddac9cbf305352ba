// HTML sanitising with an allowlist, as WordPress's kses does for users without the
// unfiltered_html capability. The input is parsed as a fragment by gumbo (the HTML5 parsing
// algorithm, so unclosed, misnested and malformed markup is read the way browsers read it), then
// written back out: allowed elements with their allowed attributes, text escaped, everything
// else dropped. The output is always well-formed: every element closed, void elements written
// "<br />", attribute values double-quoted and escaped.
#pragma once

#include <string>
#include <string_view>

namespace quire::content {

// Post and page bodies ($allowedposttags): p, a[href title rel target hreflang], img[src alt
// width height srcset sizes loading decoding title], h1-h6, ul, ol[start reversed type],
// li[value], dl, dt, dd, blockquote[cite], q[cite], pre, code, kbd, samp, var, em, strong, b,
// i, u, s, strike, small, mark, sub, sup, del[datetime cite], ins[datetime cite], abbr,
// acronym, cite, dfn, time[datetime], br, hr, span, div, section, article, aside, header,
// footer, figure, figcaption, the table family (table, caption, colgroup, col[span], thead,
// tbody, tfoot, tr, th and td[colspan rowspan headers scope align]), details, summary,
// audio/video[src controls loop muted preload (poster width height)], source[src type srcset
// media], track[src kind srclang label]; on each: class, id, title, lang, dir, aria-label,
// aria-hidden, aria-describedby, aria-labelledby.
// URL attributes (href, src, cite, poster, each srcset candidate) keep only http:, https:,
// mailto: and relative URLs, judged after entity decoding by util::SafeUrl (kLink), whose
// cleaned form is written; any other (javascript:, data:, vbscript:) drops the attribute. style and
// every on* handler are dropped. script, style, iframe, object, embed, applet, frame(set),
// noscript, noembed, noframes, template, textarea, title, xmp, select, button, form controls,
// head/meta/link/base and SVG/MathML subtrees go with their content; other unknown elements are
// unwrapped (their text stays). Comments are dropped. Markup nested more than 256 elements deep is
// not parsed (the HTML parser's time grows with the square of the depth): it comes back escaped, as
// text.
std::string SanitizeHtml(std::string_view html);

// Comment HTML ($allowedtags): a[href title], abbr[title], acronym[title], b, blockquote[cite],
// cite, code, del[datetime], em, i, q[cite], s, strike, strong; no global attributes. Links get
// rel="nofollow ugc" as WordPress gives them. Other elements are unwrapped or dropped as above;
// line breaks in the text stay as they are (paragraphs are made when the comment is shown).
std::string SanitizeCommentHtml(std::string_view html);

// Whether a URL attribute's value may be kept: util::SafeUrl(url, kLink) keeps it (http:,
// https:, mailto: or relative, "java\tscript:" read as javascript:). `url` is entity-decoded.
bool IsSafeUrl(std::string_view url);

}  // namespace quire::content
