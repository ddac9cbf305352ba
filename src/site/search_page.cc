// Search results: /?s=TERMS and /page/N/?s=TERMS (Site::Front and the /page/N/ route hand
// them here). Ranked hits from store::Search with highlighted snippets, Settings::posts_per_page
// a page, "Nothing Found" when there are none, noindex. Anonymous views are cached per page and
// normalised terms ("search:N:TERMS"), tagged "search" and "post:ID" of every hit shown; views
// by a reader who may read private items find those too and are rendered fresh.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/form.h"
#include "site/layout.h"
#include "site/list_page.h"
#include "site/post_password.h"
#include "site/site.h"
#include "site/theme.h"
#include "store/search.h"
#include "util/clock.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace quire::site {

namespace mustache = kainjow::mustache;

namespace {

constexpr size_t kMaxTermsBytes = 200;  // longer terms are cut (between characters)
constexpr int64_t kMaxPage = 1000;      // deeper pages are 404s, not scans

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The terms as searched, shown and cached: valid UTF-8 (malformed bytes dropped), whitespace
// runs made one space, trimmed, at most kMaxTermsBytes.
std::string NormalizeTerms(std::string_view raw) {
  std::string out;
  bool space = false;
  for (size_t pos = 0; pos < raw.size();) {
    size_t length = 1;
    std::optional<char32_t> cp = util::DecodeUtf8(raw, pos, length);
    std::string_view character = raw.substr(pos, length);
    pos += length;
    if (!cp || *cp == 0) continue;
    if (*cp < 0x80 && IsSpace(static_cast<char>(*cp))) {
      space = !out.empty();
      continue;
    }
    size_t needed = character.size() + (space ? 1 : 0);
    if (out.size() + needed > kMaxTermsBytes) break;
    if (space) out += ' ';
    space = false;
    out += character;
  }
  return out;
}

// The snippet escaped, its \x02 … \x03 markers made <mark> … </mark> (always paired).
std::string HighlightSnippet(std::string_view snippet) {
  std::string out;
  bool open = false;
  for (char c : snippet) {
    if (c == '\x02' && !open) {
      out += "<mark>";
      open = true;
    } else if (c == '\x03' && open) {
      out += "</mark>";
      open = false;
    } else if (c != '\x02' && c != '\x03') {
      util::AppendHtmlEscaped(out, std::string_view(&c, 1));
    }
  }
  if (open) out += "</mark>";
  return out;
}

// "/?s=TERMS" for page 1, "/page/N/?s=TERMS" after.
std::string SearchPath(int64_t page, std::string_view terms) {
  return ListPagePath("/", page) + "?s=" + util::UrlEncode(terms);
}

Result<mustache::data> HitData(store::Store& store, const store::SearchHit& hit,
                               const store::Settings& settings) {
  Result<std::string> path = ItemPath(store, hit.post, settings);
  if (!path) return std::unexpected(path.error());
  mustache::data data;
  data.set("id", std::to_string(hit.post.id));
  data.set("title", hit.post.title);
  data.set("permalink", *path);
  data.set("is_page", hit.post.type == store::PostType::kPage);
  data.set("is_private", hit.post.status == store::PostStatus::kPrivate);
  data.set("date_iso", util::FormatIso8601(hit.post.published_at));
  data.set("date_human", util::FormatHumanDate(hit.post.published_at));
  // A protected item's text stays behind its password (site/post_password.h).
  bool locked = !hit.post.password.empty();
  data.set("has_snippet", locked || !hit.snippet.empty());
  data.set("snippet", locked ? util::HtmlEscape(kProtectedExcerpt) : HighlightSnippet(hit.snippet));
  return data;
}

// The neighbouring pages' links and the page's <head>.
void SetPagination(mustache::data& data, PageMeta& meta, const store::Settings& settings,
                   std::string_view terms, int64_t page, int64_t pages) {
  data.set("has_pagination", pages > 1);
  data.set("has_older", page < pages);
  data.set("older_url", SearchPath(page + 1, terms));
  data.set("has_newer", page > 1);
  data.set("newer_url", SearchPath(page - 1, terms));
  if (page < pages) meta.next = AbsoluteUrl(settings, SearchPath(page + 1, terms));
  if (page > 1) meta.prev = AbsoluteUrl(settings, SearchPath(page - 1, terms));
}

}  // namespace

void Site::Search(const http::Request& request, int64_t page, http::Respond respond) const {
  std::string terms = NormalizeTerms(http::Form::Parse(request.Query()).GetOr("s"));
  // WordPress treats an empty search as no search at all.
  if (terms.empty()) return FrontPaged(request, page, std::move(respond));
  if (page < 1 || page > kMaxPage) return NotFound(std::move(respond));
  Viewer viewer = CurrentViewer(request);
  std::string key = "search:" + std::to_string(page) + ":" + terms;
  ServeHtml(
      request, key, viewer.read_private,
      [this, page, terms, viewer](const store::Settings& settings) -> Result<Produced> {
        int64_t per_page = std::max(1, settings.posts_per_page);
        Result<store::SearchPage> found =
            store::Search(deps_.store, {.terms = terms,
                                        .include_private = viewer.read_private,
                                        .offset = static_cast<int>((page - 1) * per_page),
                                        .limit = static_cast<int>(per_page)});
        if (!found) return std::unexpected(found.error());
        int64_t pages = PageCount(found->total, per_page);
        if (page > pages) return Produced{.direct = NotFoundResponse(*theme_, settings)};

        Produced produced{.tags = {"search"}};
        mustache::data hits(mustache::data::type::list);
        for (const store::SearchHit& hit : found->hits) {
          Result<mustache::data> data = HitData(deps_.store, hit, settings);
          if (!data) return std::unexpected(data.error());
          hits.push_back(std::move(*data));
          produced.tags.push_back("post:" + std::to_string(hit.post.id));
        }
        PageMeta meta;
        meta.title = "Search Results for \u201c" + terms + "\u201d";
        if (page > 1) meta.title += " \u2013 Page " + std::to_string(page);
        meta.noindex = true;
        mustache::data data;
        data.set("terms", terms);
        data.set("total", std::to_string(found->total));
        data.set("has_hits", !found->hits.empty());
        data["hits"] = std::move(hits);
        SetPagination(data, meta, settings, terms, page, pages);
        Result<std::string> main = theme_->Render("search", data);
        if (!main) return std::unexpected(main.error());
        std::string body_class = page > 1 ? "search search-results paged" : "search";
        body_class += found->hits.empty() ? " search-no-results" : " search-results";
        Result<std::string> html =
            RenderDocument(*theme_, settings, meta, body_class, std::move(*main));
        if (!html) return std::unexpected(html.error());
        produced.html = std::move(*html);
        return produced;
      },
      std::move(respond));
}

}  // namespace quire::site
