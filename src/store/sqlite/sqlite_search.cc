// SQLite's answer to store/search.h: FTS5 (migration 8, schema_search.cc).
//
// The reader's words become an FTS5 query in which every word, and every "quoted phrase", is a
// quoted string: operators (AND, OR, NOT, NEAR, column filters, *, ^) are inert and no input
// can be an FTS syntax error. Words written in scripts without spaces (Chinese, Japanese,
// Thai ...) are looked for in the trigram index, where a quoted string matches as a
// substring; a word of fewer than three characters there (most Chinese words are two) is
// beneath the trigram index, so such a query is answered by a substring scan of the visible
// items instead, ranked by title matches then date.
//
// Bodies are indexed as written (Markdown or HTML, as WordPress's own search reads
// post_content), so snippets are cleaned of markup before they are returned.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/search.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/select.h"
#include "util/utf8.h"

namespace quire::store {
namespace {

using sqlite::Connection;
using sqlite::Query;

constexpr size_t kMaxTermsBytes = 1000;  // more than any reader types; the site caps lower
constexpr size_t kMaxTokens = 32;
constexpr int kMaxLimit = 100;
constexpr char kOpen = '\x02', kClose = '\x03';
constexpr std::string_view kEllipsis = "\u2026";
// Code points kept around the first match in a snippet made by the substring scan.
constexpr size_t kContextBefore = 30, kContextAfter = 90;

// ---- The reader's terms ----

// Scripts written without spaces between words: the trigram index finds their substrings.
// Migration 8 (schema_search.cc) indexes there the items with a character of these ranges (a
// few merged into a superset): a range added here must be covered there too.
bool IsSpacelessScript(char32_t cp) {
  struct Range {
    char32_t first, last;
  };
  constexpr Range kRanges[] = {{0x0E00, 0x0EFF}, {0x1000, 0x109F},  {0x1780, 0x17FF},
                               {0x2E80, 0x2FDF}, {0x3040, 0x312F},  {0x3190, 0x31FF},
                               {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},  {0xF900, 0xFAFF},
                               {0xFF66, 0xFF9F}, {0x20000, 0x3134F}};
  return std::any_of(std::begin(kRanges), std::end(kRanges),
                     [cp](const Range& r) { return cp >= r.first && cp <= r.last; });
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

struct Terms {
  std::vector<std::string> tokens;  // words and phrases, without quotes
  bool spaceless = false;           // some token is in a script without spaces
  bool has_short = false;           // some token has fewer than 3 code points
};

// Whether the token holds anything but ASCII punctuation (which no index can match).
bool HasWordCharacters(std::string_view token) {
  return std::any_of(token.begin(), token.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  });
}

void AddToken(Terms& terms, std::string_view token) {
  while (!token.empty() && IsAsciiSpace(token.front())) token.remove_prefix(1);
  while (!token.empty() && IsAsciiSpace(token.back())) token.remove_suffix(1);
  if (!HasWordCharacters(token) || terms.tokens.size() == kMaxTokens) return;
  size_t code_points = 0;
  for (size_t pos = 0; pos < token.size();) {
    size_t length = 1;
    std::optional<char32_t> cp = util::DecodeUtf8(token, pos, length);
    if (cp && IsSpacelessScript(*cp)) terms.spaceless = true;
    ++code_points;
    pos += length;
  }
  if (code_points < 3) terms.has_short = true;
  terms.tokens.emplace_back(token);
}

// Words split at spaces (the ideographic space U+3000 too); "quoted phrases" kept whole (an
// unclosed quote runs to the end).
Terms ParseTerms(std::string_view raw) {
  if (raw.size() > kMaxTermsBytes) {
    size_t end = kMaxTermsBytes;
    while (end > 0 && (static_cast<unsigned char>(raw[end]) & 0xC0) == 0x80) --end;
    raw = raw.substr(0, end);
  }
  constexpr std::string_view kIdeographicSpace = "\u3000";
  std::string spaced(raw);
  for (size_t at = spaced.find(kIdeographicSpace); at != std::string::npos;
       at = spaced.find(kIdeographicSpace, at)) {
    spaced.replace(at, kIdeographicSpace.size(), " ");
  }
  std::string_view text = spaced;
  Terms terms;
  size_t pos = 0;
  while (pos < text.size()) {
    if (IsAsciiSpace(text[pos])) {
      ++pos;
    } else if (text[pos] == '"') {
      size_t close = text.find('"', pos + 1);
      if (close == std::string_view::npos) close = text.size();
      AddToken(terms, text.substr(pos + 1, close - pos - 1));
      pos = close + 1;
    } else {
      size_t end = pos;
      while (end < text.size() && !IsAsciiSpace(text[end]) && text[end] != '"') ++end;
      AddToken(terms, text.substr(pos, end - pos));
      pos = end;
    }
  }
  return terms;
}

// Every token as an FTS5 string ("..." with no quote inside), all required.
std::string FtsExpression(const Terms& terms) {
  std::string expression;
  for (const std::string& token : terms.tokens) {
    if (!expression.empty()) expression += ' ';
    expression += '"' + token + '"';  // tokens never hold '"': ParseTerms split at them
  }
  return expression;
}

// ---- Snippets: plain text with the markers ----

bool StartsTag(std::string_view text, size_t pos) {
  if (pos + 1 >= text.size()) return false;
  char next = text[pos + 1];
  return ((next | 0x20) >= 'a' && (next | 0x20) <= 'z') || next == '/' || next == '!';
}

// The text with its tags removed (markers inside a tag go with it). A tag cut off by the
// snippet's edges is dropped too: the text before the first '>' when the snippet starts
// mid-document, and from an unclosed '<' when it ends early.
std::string StripTags(std::string_view text, bool cut_start, bool cut_end) {
  if (cut_start) {
    size_t close = text.find('>'), open = text.find('<');
    if (close != std::string_view::npos && close < open) text.remove_prefix(close + 1);
  }
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] != '<' || !StartsTag(text, pos)) {
      out += text[pos++];
      continue;
    }
    size_t close = text.find('>', pos);
    if (close == std::string_view::npos) {
      if (!cut_end) out.append(text.substr(pos));
      break;
    }
    out += ' ';
    pos = close + 1;
  }
  return out;
}

// The entities bodies commonly hold; others stay as written.
std::string DecodeEntities(std::string_view text) {
  struct Entity {
    std::string_view name, text;
  };
  constexpr Entity kEntities[] = {{"&amp;", "&"},   {"&lt;", "<"},         {"&gt;", ">"},
                                  {"&quot;", "\""}, {"&#39;", "'"},        {"&#039;", "'"},
                                  {"&nbsp;", " "},  {"&#8217;", "\u2019"}, {"&hellip;", "\u2026"}};
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    const Entity* found = nullptr;
    if (text[pos] == '&') {
      for (const Entity& entity : kEntities) {
        if (text.substr(pos, entity.name.size()) == entity.name) found = &entity;
      }
    }
    if (found != nullptr) {
      out += found->text;
      pos += found->name.size();
    } else {
      out += text[pos++];
    }
  }
  return out;
}

// Whitespace collapsed; markers paired (an unopened close or an unclosed open is dropped),
// and any other control character removed.
std::string Tidy(std::string_view text) {
  std::string out;
  bool open = false, space = false;
  for (char c : text) {
    if (c == kOpen) {
      if (open) continue;
      open = true;
    } else if (c == kClose) {
      if (!open) continue;
      open = false;
    } else if (IsAsciiSpace(c)) {
      space = !out.empty();
      continue;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (open) {
    size_t last = out.rfind(kOpen);
    out.erase(last, 1);
  }
  return out;
}

// FTS5's snippet (with kEllipsis at cut ends) made plain text.
std::string CleanSnippet(std::string_view raw) {
  bool cut_start = raw.starts_with(kEllipsis), cut_end = raw.ends_with(kEllipsis);
  if (cut_start) raw.remove_prefix(kEllipsis.size());
  if (cut_end && !raw.empty()) raw.remove_suffix(std::min(kEllipsis.size(), raw.size()));
  std::string text = Tidy(DecodeEntities(StripTags(raw, cut_start, cut_end)));
  if (text.empty()) return text;
  std::string out = cut_start ? std::string(kEllipsis) : std::string();
  out += text;
  if (cut_end) out += kEllipsis;
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Byte offset of the code point `count` code points before (negative) or after `pos`.
size_t StepCodePoints(std::string_view text, size_t pos, long count) {
  auto continuation = [&](size_t i) {
    return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  for (; count < 0 && pos > 0; ++count) {
    do --pos;
    while (pos > 0 && continuation(pos));
  }
  for (; count > 0 && pos < text.size(); --count) {
    do ++pos;
    while (continuation(pos));
  }
  return pos;
}

// A snippet made without FTS5: the plain text around the first token found, every token in
// it marked (ASCII case-insensitively).
std::string SubstringSnippet(std::string_view markup, const std::vector<std::string>& tokens) {
  std::string text = Tidy(DecodeEntities(StripTags(markup, false, false)));
  std::string lower = Lower(text);
  size_t first = std::string::npos;
  for (const std::string& token : tokens) first = std::min(first, lower.find(Lower(token)));
  if (first == std::string::npos) first = 0;
  size_t begin = StepCodePoints(text, first, -static_cast<long>(kContextBefore));
  size_t end = StepCodePoints(text, first, static_cast<long>(kContextAfter));
  std::string out = begin > 0 ? std::string(kEllipsis) : "";
  for (size_t pos = begin; pos < end;) {
    size_t match = 0;
    for (const std::string& token : tokens) {
      if (pos + token.size() <= end && lower.compare(pos, token.size(), Lower(token)) == 0) {
        match = std::max(match, token.size());
      }
    }
    if (match > 0) {
      out += kOpen + text.substr(pos, match) + kClose;
      pos += match;
    } else {
      out += text[pos++];
    }
  }
  return end < text.size() ? out + std::string(kEllipsis) : out;
}

// ---- Queries ----

#define QUIRE_SEARCH_VISIBLE "(status = 'publish' OR (?2 = 1 AND status = 'private'))"

// The three statements of one FTS5 index. ?1: the FTS expression; ?2: include private.
struct IndexSql {
  std::string_view ranked;  // ?3 limit, ?4 offset
  std::string_view count;
  std::string_view snippets;  // ?2 here: a JSON array of the ids to give snippets for
};

#define QUIRE_SEARCH_INDEX_SQL(T)                                                     \
  IndexSql {                                                                          \
    "SELECT " QUIRE_POST_COLUMNS " FROM posts JOIN (SELECT rowid AS hit_id, bm25(" T  \
    ", 10.0, 1.0, 3.0) AS hit_rank FROM " T " WHERE " T                               \
    " MATCH ?1) ON id = hit_id WHERE " QUIRE_SEARCH_VISIBLE                           \
    " ORDER BY hit_rank, published_at DESC, id DESC LIMIT ?3 OFFSET ?4",              \
        "SELECT COUNT(*) FROM posts JOIN (SELECT rowid AS hit_id FROM " T " WHERE " T \
        " MATCH ?1) ON id = hit_id WHERE " QUIRE_SEARCH_VISIBLE,                      \
        "SELECT rowid, snippet(" T ", 1, char(2), char(3), '\u2026', 24), snippet(" T \
        ", 2, char(2), char(3), '\u2026', 24) FROM " T " WHERE " T                    \
        " MATCH ?1 AND rowid IN "                                                     \
        "(SELECT value FROM json_each(?2))"                                           \
  }

const IndexSql kWords = QUIRE_SEARCH_INDEX_SQL("posts_search");
const IndexSql kTrigrams = QUIRE_SEARCH_INDEX_SQL("posts_search_trigram");

// The substring scan: ?1 include private; ?2 the tokens as a JSON array, each of which must be
// in the title, or (items without a password) in the body or excerpt.
#define QUIRE_SEARCH_SUBSTRING_WHERE                                                         \
  " WHERE (status = 'publish' OR (?1 = 1 AND status = 'private')) AND NOT EXISTS (SELECT 1 " \
  "FROM json_each(?2) AS t WHERE instr(lower(posts.title), lower(t.value)) = 0 AND "         \
  "(posts.password <> '' OR (instr(lower(posts.body), lower(t.value)) = 0 AND "              \
  "instr(lower(posts.excerpt), lower(t.value)) = 0)))"
constexpr std::string_view kSubstringRanked =
    "SELECT " QUIRE_POST_COLUMNS " FROM posts" QUIRE_SEARCH_SUBSTRING_WHERE
    " ORDER BY NOT EXISTS (SELECT 1 FROM json_each(?2) AS t WHERE "
    "instr(lower(posts.title), lower(t.value)) = 0) DESC, published_at DESC, id DESC "
    "LIMIT ?3 OFFSET ?4";
constexpr std::string_view kSubstringCount =
    "SELECT COUNT(*) FROM posts" QUIRE_SEARCH_SUBSTRING_WHERE;

using Snippets = std::pair<int64_t, std::string>;

Result<Snippets> ReadSnippets(const Query& q) {
  std::string body = q.Text(1), excerpt = q.Text(2);
  bool body_hit = body.find(kOpen) != std::string::npos;
  bool excerpt_hit = excerpt.find(kOpen) != std::string::npos;
  std::string chosen = body_hit || (!excerpt_hit && !body.empty()) ? body : excerpt;
  return Snippets(q.Int(0), CleanSnippet(chosen));
}

std::string IdsJson(const std::vector<SearchHit>& hits) {
  std::string json = "[";
  for (const SearchHit& hit : hits) {
    if (json.size() > 1) json += ',';
    json += std::to_string(hit.post.id);
  }
  return json + "]";
}

// The tokens as a JSON array of strings (for json_each).
std::string TokensJson(const std::vector<std::string>& tokens) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string json = "[";
  for (const std::string& token : tokens) {
    if (json.size() > 1) json += ',';
    json += '"';
    for (char c : token) {
      auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        json += '\\';
        json += c;
      } else if (u < 0x20) {
        json += "\\u00";
        json += kHex[u >> 4];
        json += kHex[u & 0xF];
      } else {
        json += c;
      }
    }
    json += '"';
  }
  return json + "]";
}

Result<SearchPage> SearchIndex(Connection& c, const IndexSql& sql, const std::string& expression,
                               int64_t include_private, int offset, int limit) {
  SearchPage page;
  Result<int64_t> total =
      sqlite::SelectCount(c, sql.count, "counting search hits", expression, include_private);
  if (!total) return std::unexpected(std::move(total.error()));
  page.total = *total;
  if (page.total <= offset) return page;
  Result<std::vector<Post>> posts =
      sqlite::SelectAll(c, sql.ranked, "searching", sqlite::ReadPost, expression, include_private,
                        int64_t{limit}, int64_t{offset});
  if (!posts) return std::unexpected(std::move(posts.error()));
  for (Post& post : *posts) page.hits.push_back({std::move(post), {}});
  Result<std::vector<Snippets>> snippets = sqlite::SelectAll(
      c, sql.snippets, "making search snippets", ReadSnippets, expression, IdsJson(page.hits));
  if (!snippets) return std::unexpected(std::move(snippets.error()));
  for (auto& [id, snippet] : *snippets) {
    for (SearchHit& hit : page.hits) {
      if (hit.post.id == id) hit.snippet = std::move(snippet);
    }
  }
  return page;
}

Result<SearchPage> SearchSubstrings(Connection& c, const Terms& terms, int64_t include_private,
                                    int offset, int limit) {
  std::string tokens = TokensJson(terms.tokens);
  SearchPage page;
  Result<int64_t> total =
      sqlite::SelectCount(c, kSubstringCount, "counting search hits", include_private, tokens);
  if (!total) return std::unexpected(std::move(total.error()));
  page.total = *total;
  if (page.total <= offset) return page;
  Result<std::vector<Post>> posts =
      sqlite::SelectAll(c, kSubstringRanked, "searching", sqlite::ReadPost, include_private, tokens,
                        int64_t{limit}, int64_t{offset});
  if (!posts) return std::unexpected(std::move(posts.error()));
  for (Post& post : *posts) {
    std::string snippet;
    if (post.password.empty()) {
      snippet = SubstringSnippet(post.body.empty() ? post.excerpt : post.body, terms.tokens);
    }
    page.hits.push_back({std::move(post), std::move(snippet)});
  }
  return page;
}

}  // namespace

Result<SearchPage> Search(Store& store, const SearchQuery& query) {
  Terms terms = ParseTerms(query.terms);
  if (terms.tokens.empty()) return SearchPage{};
  int offset = std::max(0, query.offset);
  int limit = std::clamp(query.limit, 1, kMaxLimit);
  int64_t include_private = query.include_private ? 1 : 0;
  return sqlite::ReadWith<SearchPage>(store, [&](Connection& c) -> Result<SearchPage> {
    if (terms.spaceless && terms.has_short) {
      return SearchSubstrings(c, terms, include_private, offset, limit);
    }
    return SearchIndex(c, terms.spaceless ? kTrigrams : kWords, FtsExpression(terms),
                       include_private, offset, limit);
  });
}

}  // namespace quire::store
