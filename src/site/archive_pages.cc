// The archives: /category/SLUG/ (and /category/parent/child/), /tag/SLUG/, /author/LOGIN/,
// /YYYY/[MM/[DD/]], each paginated at /page/N/. Anonymous views are cached under the path,
// tagged with the archive's own tag and every item shown (docs/conventions.md).
#include <fmt/format.h>

#include <array>
#include <utility>

#include "content/permalink.h"
#include "content/site_zone.h"
#include "site/layout.h"
#include "site/list_page.h"
#include "site/site.h"
#include "store/taxonomy.h"
#include "util/clock.h"
#include "util/strings.h"

namespace quire::site {

namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
// Beyond this, offsets would not fit the store's int: no list is that long.
constexpr int64_t kMaxOffset = int64_t{1} << 30;

// The category or tag at a slug path ("child", or "parent/child" for a nested category: the
// chain of ancestors must be exactly the leading slugs). Slugs are percent-decoded.
Result<std::optional<store::Term>> FindTermAt(store::Store& store, std::string_view taxonomy,
                                              std::string_view slug_path) {
  std::vector<std::string_view> raw = util::Split(slug_path, '/');
  if (raw.size() > 1 && taxonomy != store::kCategory) return std::optional<store::Term>();
  Result<std::optional<store::Term>> term =
      store::FindTermBySlug(store, taxonomy, util::UrlDecode(raw.back()));
  if (!term || !*term || raw.size() == 1) return term;
  Result<std::vector<store::Term>> ancestors = store::Ancestors(store, (*term)->id);
  if (!ancestors) return std::unexpected(ancestors.error());
  if (ancestors->size() != raw.size() - 1) return std::optional<store::Term>();
  for (size_t i = 0; i < ancestors->size(); ++i) {
    if ((*ancestors)[i].slug != util::UrlDecode(raw[i])) return std::optional<store::Term>();
  }
  return term;
}

int DaysInMonth(int64_t year, int64_t month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<size_t>(month - 1)];
}

// A date archive's range and names, or nullopt for a date that does not exist.
struct DateRange {
  int64_t from = 0, to = 0;  // UTC
  std::string heading;       // "Year: 2024", "Month: May 2024", "Day: May 1, 2024"
  // "date:2024", "date:2024-05", "date:2024-05-01": the archive is a local date, while items
  // record the tags of their UTC date (store::RecordItemChange), so it carries each UTC year,
  // month or day its range overlaps (one, or two when the site's zone is not UTC).
  std::vector<std::string> tags;
  std::string base;  // "/2024/", "/2024/05/", "/2024/05/01/"
};

// The change tag of the UTC year, month or day holding `utc`.
std::string UtcDateTag(int64_t utc, bool with_month, bool with_day) {
  util::CivilDate date = util::ToCivil(utc);
  if (with_day) return fmt::format("date:{:04d}-{:02d}-{:02d}", date.year, date.month, date.day);
  if (with_month) return fmt::format("date:{:04d}-{:02d}", date.year, date.month);
  return fmt::format("date:{:04d}", date.year);
}

// The range's bounds in UTC from local midnights, and the UTC tags it overlaps (a zone's offset
// is under a day, so its first and last second name them all).
void ToUtc(DateRange& range, int64_t local_from, int64_t local_to, const content::SiteZone& zone,
           bool with_month, bool with_day) {
  range.from = zone.FromLocal(local_from);
  range.to = zone.FromLocal(local_to);
  range.tags = {UtcDateTag(range.from, with_month, with_day)};
  std::string last = UtcDateTag(range.to - 1, with_month, with_day);
  if (last != range.tags.front()) range.tags.push_back(std::move(last));
}

// The archive of a local year, month or day (month/day 0: the whole year or month).
std::optional<DateRange> DateRangeOf(int64_t year, int64_t month, int64_t day,
                                     const content::SiteZone& zone) {
  if (year < 1 || year > 9999 || month < 0 || month > 12 || day < 0) return std::nullopt;
  if (month == 0 && day != 0) return std::nullopt;
  if (month != 0 && day > DaysInMonth(year, month)) return std::nullopt;
  int y = static_cast<int>(year), m = static_cast<int>(month), d = static_cast<int>(day);
  DateRange range;
  int64_t from = util::FromCivil({.year = y, .month = m == 0 ? 1 : m, .day = d == 0 ? 1 : d});
  if (m == 0) {
    ToUtc(range, from, util::FromCivil({.year = y + 1}), zone, false, false);
    range.heading = fmt::format("Year: {:04d}", y);
    range.base = fmt::format("/{:04d}/", y);
  } else if (d == 0) {
    int64_t to = util::FromCivil({.year = m == 12 ? y + 1 : y, .month = m == 12 ? 1 : m + 1});
    ToUtc(range, from, to, zone, true, false);
    std::string_view name = kMonthNames[static_cast<size_t>(m - 1)];
    range.heading = fmt::format("Month: {} {:04d}", name, y);
    range.base = fmt::format("/{:04d}/{:02d}/", y, m);
  } else {
    ToUtc(range, from, from + 24 * 60 * 60, zone, true, true);
    std::string_view name = kMonthNames[static_cast<size_t>(m - 1)];
    range.heading = fmt::format("Day: {} {}, {:04d}", name, d, y);
    range.base = fmt::format("/{:04d}/{:02d}/{:02d}/", y, m, d);
  }
  return range;
}

FeedLink FeedOf(const store::Settings& settings, std::string_view what, std::string_view base) {
  return {settings.title + " \u00bb " + std::string(what) + " Feed",
          AbsoluteUrl(settings, std::string(base) + "feed/")};
}

}  // namespace

Result<Site::Produced> Site::ProduceList(ArchiveList list, const store::Settings& settings) const {
  int64_t per_page = std::max(1, settings.posts_per_page);
  int64_t page = list.view.page;
  if (page < 1 || (page - 1) * per_page > kMaxOffset) {
    return Produced{.direct = NotFoundResponse(*theme_, settings)};
  }
  list.query.offset = static_cast<int>((page - 1) * per_page);
  list.query.limit = static_cast<int>(per_page);
  Result<store::ListPage> items = store::ListItems(deps_.store, list.query);
  if (!items) return std::unexpected(items.error());
  list.view.pages = PageCount(items->total, per_page);
  bool missing = list.empty_is_missing && items->total == 0;
  if (page > list.view.pages || missing) {
    return Produced{.direct = NotFoundResponse(*theme_, settings)};
  }
  list.view.items = std::move(items->items);
  Result<RenderedList> rendered = list_->Render(list.view, std::move(list.meta), settings);
  if (!rendered) return std::unexpected(rendered.error());
  Produced produced{.html = std::move(rendered->html), .tags = {std::move(list.tag)}};
  for (std::string& tag : list.more_tags) produced.tags.push_back(std::move(tag));
  for (std::string& tag : rendered->tags) produced.tags.push_back(std::move(tag));
  return produced;
}

void Site::TermArchive(const http::Request& request, std::string_view taxonomy,
                       std::string_view slug, int64_t page, http::Respond respond) const {
  if (std::optional<std::string> bare = PageOneRedirect(request.Path(), request.Query())) {
    return respond(http::Response::Redirect(301, std::move(*bare)));
  }
  Viewer viewer = CurrentViewer(request);
  auto produce = [this, taxonomy, slug = std::string(slug), viewer,
                  page](const store::Settings& settings) -> Result<Produced> {
    Result<std::optional<store::Term>> term = FindTermAt(deps_.store, taxonomy, slug);
    if (!term) return std::unexpected(term.error());
    if (!*term) return Produced{.direct = NotFoundResponse(*theme_, settings)};
    bool category = taxonomy == store::kCategory;
    std::string base =
        std::string(category ? "/category/" : "/tag/") + util::UrlEncode((*term)->slug) + "/";
    ArchiveList list;
    list.query = {.term_id = (*term)->id, .include_private = viewer.read_private};
    list.view = {.heading = (category ? "Category: " : "Tag: ") + (*term)->name,
                 .description = (*term)->description,
                 .base_path = base,
                 .page = page,
                 .body_class = category ? "archive category" : "archive tag"};
    list.meta.title = (*term)->name;
    list.meta.feeds.push_back(
        FeedOf(settings, (*term)->name + (category ? " Category" : " Tag"), base));
    list.tag = "term:" + std::to_string((*term)->id);
    return ProduceList(std::move(list), settings);
  };
  ServeHtml(request, std::string(request.Path()), viewer.read_private, produce, std::move(respond));
}

void Site::AuthorArchive(const http::Request& request, std::string_view login, int64_t page,
                         http::Respond respond) const {
  if (std::optional<std::string> bare = PageOneRedirect(request.Path(), request.Query())) {
    return respond(http::Response::Redirect(301, std::move(*bare)));
  }
  Viewer viewer = CurrentViewer(request);
  auto produce = [this, login = std::string(login), viewer,
                  page](const store::Settings& settings) -> Result<Produced> {
    Result<std::optional<store::User>> user = deps_.store.FindUserByLogin(util::UrlDecode(login));
    if (!user) return std::unexpected(user.error());
    if (!*user) return Produced{.direct = NotFoundResponse(*theme_, settings)};
    std::string name = (*user)->display_name.empty() ? (*user)->login : (*user)->display_name;
    std::string base = "/author/" + util::UrlEncode((*user)->login) + "/";
    ArchiveList list;
    list.query = {.author_id = (*user)->id, .include_private = viewer.read_private};
    list.view = {.heading = "Author: " + name,
                 .base_path = base,
                 .page = page,
                 .body_class = "archive author"};
    list.meta.title = name;
    list.meta.feeds.push_back(FeedOf(settings, "Posts by " + name, base));
    list.tag = "author:" + std::to_string((*user)->id);
    // An account with nothing published answers as if it did not exist (no enumeration of
    // logins through /author/NAME/).
    list.empty_is_missing = true;
    return ProduceList(std::move(list), settings);
  };
  ServeHtml(request, std::string(request.Path()), viewer.read_private, produce, std::move(respond));
}

void Site::DateArchive(const http::Request& request, int64_t year, int64_t month, int64_t day,
                       int64_t page, http::Respond respond) const {
  std::string_view path = request.Path();
  std::shared_ptr<const store::Settings> current = deps_.settings.Get();
  // A structure like /%post_id%/ puts posts where years would be: the post wins.
  std::optional<std::string> bare = PageOneRedirect(path, request.Query());
  std::optional<DateRange> range = DateRangeOf(year, month, day, content::SiteZone::Of(*current));
  if (!bare && (!range || content::MatchPostPath(path, current->permalink_structure))) {
    return Article(request, std::move(respond));
  }
  if (bare) return respond(http::Response::Redirect(301, std::move(*bare)));
  // /2024/5/ is /2024/05/.
  std::string canonical = ListPagePath(range->base, page);
  if (path != canonical && page >= 1) {
    return respond(http::Response::Redirect(301, canonical));
  }
  Viewer viewer = CurrentViewer(request);
  auto produce = [this, range, viewer, page](const store::Settings& settings) -> Result<Produced> {
    ArchiveList list;
    list.query = {.from = range->from, .to = range->to, .include_private = viewer.read_private};
    list.view = {.heading = range->heading,
                 .base_path = range->base,
                 .page = page,
                 .body_class = "archive date"};
    list.meta.title = range->heading;
    list.tag = range->tags.front();
    list.more_tags.assign(range->tags.begin() + 1, range->tags.end());
    list.empty_is_missing = true;
    return ProduceList(std::move(list), settings);
  };
  ServeHtml(request, std::string(path), viewer.read_private, produce, std::move(respond));
}

}  // namespace quire::site
