#include "comments/comment_text.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "util/strings.h"

namespace quire::comments {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
bool IsAlnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
// Letters, digits, '_' and any byte of a multi-byte UTF-8 character.
bool IsWordByte(char c) {
  return IsAlnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool StartsWithAt(std::string_view text, size_t at, std::string_view prefix) {
  return at <= text.size() && util::IEquals(text.substr(at, prefix.size()), prefix);
}

// ---- links in the text as typed ----

struct Span {
  size_t begin = 0;
  size_t end = 0;
};

bool IsUrlByte(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f && c != '<' && c != '>' && c != '"' && c != '`';
}

// The length of the "http://", "https://" or "www." that starts a link at `at`, or 0.
size_t UrlPrefixAt(std::string_view text, size_t at) {
  // Not inside a word or a longer address: "nohttp://", "mail.www.x", "/www.x".
  if (at > 0 && (IsWordByte(text[at - 1]) ||
                 std::string_view("./@-:").find(text[at - 1]) != std::string_view::npos)) {
    return 0;
  }
  for (std::string_view prefix : {"http://", "https://", "www."}) {
    if (StartsWithAt(text, at, prefix)) return prefix.size();
  }
  return 0;
}

// Drops what usually ends a sentence rather than a URL: "see http://x.org/a)." → ".../a".
size_t TrimUrlEnd(std::string_view text, size_t begin, size_t end) {
  while (end > begin) {
    char last = text[end - 1];
    std::string_view url = text.substr(begin, end - begin);
    bool unbalanced_paren = last == ')' && std::count(url.begin(), url.end(), '(') <
                                               std::count(url.begin(), url.end(), ')');
    bool unbalanced_bracket = last == ']' && std::count(url.begin(), url.end(), '[') <
                                                 std::count(url.begin(), url.end(), ']');
    if (std::string_view(".,;:!?'*").find(last) == std::string_view::npos && !unbalanced_paren &&
        !unbalanced_bracket) {
      break;
    }
    --end;
  }
  return end;
}

// The next bare link at or after `from`, if any.
std::optional<Span> FindUrl(std::string_view text, size_t from) {
  for (size_t at = from; at < text.size(); ++at) {
    size_t prefix = UrlPrefixAt(text, at);
    if (prefix == 0) continue;
    size_t end = at + prefix;
    while (end < text.size() && IsUrlByte(text[end])) ++end;
    end = TrimUrlEnd(text, at + prefix, end);
    std::string_view rest = text.substr(at + prefix, end - at - prefix);
    if (std::any_of(rest.begin(), rest.end(), IsAlnum)) return Span{at, end};
  }
  return std::nullopt;
}

void AppendLink(std::string& out, std::string_view url) {
  std::string href = util::StartsWith(util::ToLower(url.substr(0, 4)), "www.")
                         ? "http://" + std::string(url)
                         : std::string(url);
  out += "<a href=\"";
  util::AppendHtmlEscaped(out, href);
  out += "\" rel=\"nofollow ugc\">";
  util::AppendHtmlEscaped(out, url);
  out += "</a>";
}

// ---- *em* and **strong** ----

// Where the `marker` that closes an emphasis opened just before `from` stands, or npos. The
// closing marker follows a non-space character; a single '*' is not half of a "**".
size_t FindClose(std::string_view text, size_t from, std::string_view marker) {
  for (size_t at = text.find(marker, from); at != std::string_view::npos;
       at = text.find(marker, at + 1)) {
    if (at == from || IsSpace(text[at - 1])) continue;
    if (marker.size() == 2) {
      while (at + 2 < text.size() && text[at + 2] == '*') ++at;  // "em***": the last two
      return at;
    }
    if (marker.size() == 1 &&
        (text[at - 1] == '*' || (at + 1 < text.size() && text[at + 1] == '*'))) {
      continue;
    }
    return at;
  }
  return std::string_view::npos;
}

void AppendEmphasis(std::string& out, std::string_view text) {
  size_t plain = 0;
  for (size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '*') continue;
    std::string_view marker = StartsWithAt(text, at, "**") ? "**" : "*";
    size_t inner = at + marker.size();
    if (inner >= text.size() || IsSpace(text[inner]) || text[inner] == '*') {
      at = inner - 1;
      continue;
    }
    size_t close = FindClose(text, inner, marker);
    if (close == std::string_view::npos) continue;
    util::AppendHtmlEscaped(out, text.substr(plain, at - plain));
    std::string_view tag = marker.size() == 2 ? "strong" : "em";
    out += "<" + std::string(tag) + ">";
    AppendEmphasis(out, text.substr(inner, close - inner));
    out += "</" + std::string(tag) + ">";
    at = close + marker.size() - 1;
    plain = at + 1;
  }
  util::AppendHtmlEscaped(out, text.substr(plain));
}

// Text outside code spans: links first (a URL keeps its '*'), emphasis between them.
void AppendLinksAndEmphasis(std::string& out, std::string_view text) {
  size_t plain = 0;
  for (auto url = FindUrl(text, 0); url; url = FindUrl(text, url->end)) {
    AppendEmphasis(out, text.substr(plain, url->begin - plain));
    AppendLink(out, text.substr(url->begin, url->end - url->begin));
    plain = url->end;
  }
  AppendEmphasis(out, text.substr(plain));
}

// One line: `code` spans are taken literally; the rest gets links and emphasis.
void AppendLine(std::string& out, std::string_view line) {
  size_t plain = 0;
  for (size_t open = line.find('`'); open != std::string_view::npos; open = line.find('`', plain)) {
    size_t close = line.find('`', open + 1);
    if (close == std::string_view::npos) break;
    if (close == open + 1) {  // "``" is no code span; keep the backticks as text
      AppendLinksAndEmphasis(out, line.substr(plain, close + 1 - plain));
      plain = close + 1;
      continue;
    }
    AppendLinksAndEmphasis(out, line.substr(plain, open - plain));
    out += "<code>";
    util::AppendHtmlEscaped(out, line.substr(open + 1, close - open - 1));
    out += "</code>";
    plain = close + 1;
  }
  AppendLinksAndEmphasis(out, line.substr(plain));
}

std::string NormalizeNewlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
    } else if (i + 1 >= text.size() || text[i + 1] != '\n') {
      out += '\n';
    }
  }
  return out;
}

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// ---- counting links as WordPress does ----

// preg_match_all('/<a [^>]*href/i'): each "<a " followed by "href" before the next '>'.
int CountAnchorHrefs(std::string_view text) {
  int count = 0;
  std::string lower = util::ToLower(text);
  for (size_t at = lower.find("<a "); at != std::string::npos; at = lower.find("<a ", at + 1)) {
    size_t tag_end = std::min(lower.find('>', at), lower.size());
    size_t href = lower.rfind("href", tag_end);
    if (href != std::string::npos && href >= at + 3 && href + 4 <= tag_end) {
      ++count;
      at = href + 3;
    }
  }
  return count;
}

bool IsEmailLocalByte(char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '+' || c == '-';
}

// make_clickable's address pattern at `at`: [.0-9a-z_+-]+@([0-9a-z-]+\.)+[0-9a-z]{2,}.
bool EmailAt(std::string_view text, size_t at) {
  size_t i = at;
  while (i < text.size() && IsEmailLocalByte(text[i])) ++i;
  if (i == at || i >= text.size() || text[i] != '@') return false;
  size_t labels = 0;
  for (size_t label = i + 1;;) {
    size_t end = label;
    while (end < text.size() && (IsAlnum(text[end]) || text[end] == '-')) ++end;
    bool tld = end - label >= 2 && IsAlnum(text[label]) && IsAlnum(text[label + 1]);
    if (labels > 0 && tld) return true;
    if (end == label || end >= text.size() || text[end] != '.') return false;
    ++labels;
    label = end + 1;
  }
}

// The links WordPress's make_clickable would add to plain text (outside tags and anchors).
int CountBareLinks(std::string_view text) {
  int count = 0;
  for (size_t at = 0; at < text.size(); ++at) {
    char before = at == 0 ? ' ' : text[at - 1];
    bool after_space = IsSpace(before) || before == '>';
    bool scheme = false;
    for (std::string_view prefix : {"http://", "https://", "ftp://", "ftps://"}) {
      scheme = scheme || (StartsWithAt(text, at, prefix) && at + prefix.size() < text.size() &&
                          !IsSpace(text[at + prefix.size()]));
    }
    scheme = scheme && (IsSpace(before) ||
                        std::string_view("(<.,;:!?").find(before) != std::string_view::npos);
    bool host = after_space && (StartsWithAt(text, at, "www.") || StartsWithAt(text, at, "ftp.")) &&
                at + 4 < text.size() && !IsSpace(text[at + 4]);
    if (scheme || host || (after_space && EmailAt(text, at))) {
      ++count;
      while (at < text.size() && !IsSpace(text[at])) ++at;
    }
  }
  return count;
}

}  // namespace

std::string RenderCommentText(std::string_view content) {
  std::string text = NormalizeNewlines(content);
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  bool open = false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = TrimRight(std::string_view(text).substr(start, end - start));
    if (line.empty()) {
      if (open) out += "</p>\n";
      open = false;
    } else {
      out += open ? "<br />\n" : "<p>";
      open = true;
      AppendLine(out, line);
    }
    start = end + 1;
  }
  if (open) out += "</p>\n";
  return out;
}

namespace {

// The end of the tag starting at html[at] == '<' (one past its '>'), or the end of the text
// when it is never closed.
size_t TagEnd(std::string_view html, size_t at) {
  return std::min(util::HtmlTagEnd(html, at), html.size());
}

bool IsBlockquoteTag(std::string_view tag) {
  std::string lower = util::ToLower(tag.substr(0, 14));
  auto named = [&lower](std::string_view prefix) {
    return lower.starts_with(prefix) &&
           (lower.size() == prefix.size() || !IsAlnum(lower[prefix.size()]));
  };
  return named("<blockquote") || named("</blockquote");
}

// Builds the paragraphs: text and inline tags go into the open paragraph; a line break waits
// until more of the paragraph follows.
class Paragraphs {
 public:
  // Blanks that would only open a paragraph are dropped, as wpautop trims them.
  void Text(std::string_view text) {
    if (text.empty() || (!open_ && util::Trim(text).empty())) return;
    if (!open_) out_ += "<p>";
    if (open_ && pending_break_) out_ += "<br />\n";
    open_ = true;
    pending_break_ = false;
    out_ += text;
  }
  void LineBreak() { pending_break_ = open_; }
  void EndParagraph() {
    if (open_) out_ += "</p>\n";
    open_ = pending_break_ = false;
  }
  void Block(std::string_view tag) {
    EndParagraph();
    out_ += tag;
    out_ += '\n';
  }
  std::string Take() {
    EndParagraph();
    return std::move(out_);
  }

 private:
  std::string out_;
  bool open_ = false;
  bool pending_break_ = false;
};

}  // namespace

std::string AutoParagraph(std::string_view html) {
  Paragraphs out;
  size_t pos = 0;
  while (pos < html.size()) {
    char c = html[pos];
    if (c == '<') {
      size_t end = TagEnd(html, pos);
      std::string_view tag = html.substr(pos, end - pos);
      if (IsBlockquoteTag(tag)) {
        out.Block(tag);
      } else {
        out.Text(tag);
      }
      pos = end;
    } else if (c == '\n' || c == '\r') {
      // A run of line breaks (and the blanks between them): two or more end the paragraph.
      int breaks = 0;
      while (pos < html.size() && IsSpace(html[pos])) {
        if (html[pos] == '\n' || (html[pos] == '\r' && html.substr(pos, 2) != "\r\n")) ++breaks;
        ++pos;
      }
      if (breaks >= 2) {
        out.EndParagraph();
      } else {
        out.LineBreak();
      }
    } else {
      size_t end = html.find_first_of("<\r\n", pos);
      if (end == std::string_view::npos) end = html.size();
      out.Text(html.substr(pos, end - pos));
      pos = end;
    }
  }
  return out.Take();
}

int CountLinks(std::string_view content) {
  // WordPress runs the comment_text filters (make_clickable) and then counts '<a [^>]*href'.
  int count = CountAnchorHrefs(content);
  bool in_anchor = false;
  size_t plain = 0;
  for (size_t at = content.find('<'); at != std::string_view::npos;
       at = content.find('<', at + 1)) {
    size_t close = content.find_first_of("<>", at + 1);
    if (close == std::string_view::npos || content[close] != '>' || close == at + 1) continue;
    if (!in_anchor) count += CountBareLinks(content.substr(plain, at - plain));
    std::string tag = util::ToLower(content.substr(at, close + 1 - at));
    if (util::StartsWith(tag, "<a ") || tag == "<a>") in_anchor = true;
    if (util::StartsWith(tag, "</a")) in_anchor = false;
    plain = close + 1;
    at = close;
  }
  if (!in_anchor) count += CountBareLinks(content.substr(plain));
  return count;
}

}  // namespace quire::comments
