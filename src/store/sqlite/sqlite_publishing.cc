// SQLite's answer to store/publishing.h: the reader's lists and look-ups over the posts table
// (indexes of migration 5) and the item-term relationships (migration 6), change tags, old
// slugs and the scheduler's writes.
#include "store/sqlite/sqlite_publishing.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <string>
#include <utility>

#include "store/publishing.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/select.h"
#include "store/sqlite/sqlite_taxonomy.h"
#include "util/clock.h"

namespace quire::store {
namespace {

using sqlite::Connection;
using sqlite::Query;

// Longest page chain walked up (deeper or cyclic data stops there).
constexpr int kMaxPageDepth = 100;

// The shapes of a ListQuery: which filters are present. The list's SQL is built from the shape
// only (never from values) once per shape, and kept for the process's life, as
// Connection::Prepare requires.
enum ListFilter : unsigned {
  kByTerm = 1,
  kByAuthor = 2,
  kByDates = 4,
  kWithPrivate = 8,
  kStickyFirst = 16,
  kShapes = 32,
};

unsigned ShapeOf(const ListQuery& query) {
  unsigned shape = 0;
  if (query.term_id != 0) shape |= kByTerm;
  if (query.author_id != 0) shape |= kByAuthor;
  if (query.from != 0 || query.to != 0) shape |= kByDates;
  if (query.include_private) shape |= kWithPrivate;
  if (query.sticky_first) shape |= kStickyFirst;
  return shape;
}

// Parameters in text order: [term], type, [author], [from, to], then for rows limit, offset.
std::string BuildListSql(unsigned shape, bool count) {
  std::string sql;
  if (shape & kByTerm) {  // the term and its descendant categories
    sql +=
        "WITH RECURSIVE subtree(id) AS (SELECT ? UNION SELECT terms.id FROM terms "
        "JOIN subtree ON terms.parent_id = subtree.id) ";
  }
  sql += count ? "SELECT COUNT(*)" : "SELECT " QUIRE_POST_COLUMNS;
  sql += " FROM posts WHERE type = ? AND ";
  sql += (shape & kWithPrivate) ? "status IN ('publish', 'private')" : "status = 'publish'";
  if (shape & kByTerm) {
    sql += " AND id IN (SELECT post_id FROM post_terms WHERE term_id IN subtree)";
  }
  if (shape & kByAuthor) sql += " AND author_id = ?";
  if (shape & kByDates) sql += " AND published_at >= ? AND published_at < ?";
  if (count) return sql;
  sql += " ORDER BY ";
  if (shape & kStickyFirst) sql += "sticky DESC, ";
  return sql + "published_at DESC, id DESC LIMIT ? OFFSET ?";
}

const std::string& ListSql(unsigned shape, bool count) {
  static const std::array<std::string, 2 * kShapes> all = [] {
    std::array<std::string, 2 * kShapes> built;
    for (unsigned i = 0; i < 2 * kShapes; ++i) built[i] = BuildListSql(i / 2, i % 2 == 1);
    return built;
  }();
  return all[2 * shape + (count ? 1 : 0)];
}

void BindFilters(Query& q, const ListQuery& query, unsigned shape) {
  if (shape & kByTerm) q.Bind(query.term_id);
  q.Bind(ToString(query.type));
  if (shape & kByAuthor) q.Bind(query.author_id);
  if (shape & kByDates) {
    q.Bind(query.from);
    q.Bind(query.to != 0 ? query.to : INT64_MAX);
  }
}

Result<std::vector<Post>> SelectListRows(Connection& c, const ListQuery& query, unsigned shape) {
  Result<Query> q = c.Prepare(ListSql(shape, false));
  if (!q) return std::unexpected(std::move(q.error()));
  BindFilters(*q, query, shape);
  q->BindAll(int64_t{std::max(query.limit, 0)}, int64_t{std::max(query.offset, 0)});
  std::vector<Post> posts;
  for (;;) {
    Result<bool> more = q->Step("listing items");
    if (!more) return std::unexpected(std::move(more.error()));
    if (!*more) return posts;
    Result<Post> post = sqlite::ReadPost(*q);
    if (!post) return std::unexpected(std::move(post.error()));
    posts.push_back(std::move(*post));
  }
}

Result<int64_t> CountListRows(Connection& c, const ListQuery& query, unsigned shape) {
  Result<Query> q = c.Prepare(ListSql(shape, true));
  if (!q) return std::unexpected(std::move(q.error()));
  BindFilters(*q, query, shape);
  Result<bool> row = q->Step("counting items");
  if (!row) return std::unexpected(std::move(row.error()));
  return *row ? q->Int(0) : 0;
}

std::string JsonIds(const std::vector<int64_t>& ids) {
  std::string json = "[";
  for (int64_t id : ids) {
    if (json.size() > 1) json += ',';
    json += std::to_string(id);
  }
  return json + "]";
}

Result<std::pair<int64_t, int64_t>> ReadIdCount(const Query& q) {
  return std::pair(q.Int(0), q.Int(1));
}

Result<MonthCount> ReadMonthCount(const Query& q) {
  return MonthCount{
      .year = static_cast<int>(q.Int(0)), .month = static_cast<int>(q.Int(1)), .posts = q.Int(2)};
}

Result<std::optional<Post>> SelectBySlug(Connection& c, PostType type, std::string_view slug) {
  return sqlite::SelectFirst<Post>(
      c, "SELECT " QUIRE_POST_COLUMNS " FROM posts WHERE type = ? AND slug = ?",
      "finding an item by slug", sqlite::ReadPost, ToString(type), slug);
}

// "date:YYYY", "date:YYYY-MM", "date:YYYY-MM-DD" of a time.
std::array<std::string, 3> DateTags(int64_t when) {
  util::CivilDate date = util::ToCivil(when);
  char year[16], month[24], day[32];
  std::snprintf(year, sizeof year, "date:%04d", date.year);
  std::snprintf(month, sizeof month, "date:%04d-%02d", date.year, date.month);
  std::snprintf(day, sizeof day, "date:%04d-%02d-%02d", date.year, date.month, date.day);
  return {year, month, day};
}

// The tags of RecordItemChange, without repeats, in a stable order.
Result<std::vector<std::string>> ItemTags(Connection& c, const Post& post) {
  std::vector<std::string> tags = {"post:" + std::to_string(post.id), "front", "sitemap", "search"};
  if (post.author_id != 0) tags.push_back("author:" + std::to_string(post.author_id));
  for (std::string& tag : DateTags(post.published_at)) tags.push_back(std::move(tag));
  Result<std::vector<Term>> terms = sqlite::SelectTermsOf(c, post.id);
  if (!terms) return std::unexpected(std::move(terms.error()));
  std::set<int64_t> term_ids;
  for (const Term& term : *terms) {
    term_ids.insert(term.id);
    Result<std::vector<Term>> ancestors = sqlite::SelectAncestors(c, term.id);
    if (!ancestors) return std::unexpected(std::move(ancestors.error()));
    for (const Term& up : *ancestors) term_ids.insert(up.id);
  }
  for (int64_t id : term_ids) tags.push_back("term:" + std::to_string(id));
  if (post.type == PostType::kPage) tags.push_back("pages");
  return tags;
}

}  // namespace

namespace sqlite {
const std::string& ListItemsSql(const ListQuery& query, bool count) {
  return ListSql(ShapeOf(query), count);
}
}  // namespace sqlite

Result<ListPage> ListItems(Store& store, const ListQuery& query) {
  const unsigned shape = ShapeOf(query);
  return sqlite::ReadWith<ListPage>(store, [&](Connection& c) -> Result<ListPage> {
    ListPage page;
    Result<std::vector<Post>> items = SelectListRows(c, query, shape);
    if (!items) return std::unexpected(std::move(items.error()));
    Result<int64_t> total = CountListRows(c, query, shape);
    if (!total) return std::unexpected(std::move(total.error()));
    page.items = std::move(*items);
    page.total = *total;
    return page;
  });
}

Result<std::vector<std::pair<int64_t, int64_t>>> CountApprovedComments(
    Store& store, const std::vector<int64_t>& post_ids) {
  using Counts = std::vector<std::pair<int64_t, int64_t>>;
  if (post_ids.empty()) return Counts();
  const std::string ids = JsonIds(post_ids);
  return sqlite::ReadWith<Counts>(store, [&](Connection& c) {
    return sqlite::SelectAll<std::pair<int64_t, int64_t>>(
        c,
        "SELECT post_id, COUNT(*) FROM comments WHERE status = '1' AND "
        "post_id IN (SELECT value FROM json_each(?)) GROUP BY post_id ORDER BY post_id",
        "counting approved comments", ReadIdCount, ids);
  });
}

Result<std::optional<Post>> FindBySlug(Store& store, PostType type, std::string_view slug) {
  return sqlite::ReadWith<std::optional<Post>>(
      store, [&](Connection& c) { return SelectBySlug(c, type, slug); });
}

Result<std::optional<Post>> FindPageByPath(Store& store, const std::vector<std::string>& slugs) {
  return sqlite::ReadWith<std::optional<Post>>(
      store, [&](Connection& c) -> Result<std::optional<Post>> {
        std::optional<Post> page;
        int64_t parent = 0;
        for (const std::string& slug : slugs) {
          Result<std::optional<Post>> found = SelectBySlug(c, PostType::kPage, slug);
          if (!found) return found;
          if (!*found || (*found)->parent_id != parent) return std::optional<Post>();
          parent = (*found)->id;
          page = std::move(*found);
        }
        return page;
      });
}

Result<std::vector<std::string>> PagePath(Store& store, const Post& page) {
  return sqlite::ReadWith<std::vector<std::string>>(
      store, [&](Connection& c) -> Result<std::vector<std::string>> {
        std::vector<std::string> slugs = {page.slug};
        std::set<int64_t> seen = {page.id};
        int64_t parent = page.parent_id;
        while (parent != 0 && seen.insert(parent).second && slugs.size() < kMaxPageDepth) {
          Result<std::optional<Post>> up = sqlite::SelectPost(c, parent);
          if (!up) return std::unexpected(std::move(up.error()));
          if (!*up) break;
          slugs.insert(slugs.begin(), (*up)->slug);
          parent = (*up)->parent_id;
        }
        return slugs;
      });
}

Result<std::vector<Post>> ChildPages(Store& store, int64_t parent_id) {
  return sqlite::ReadWith<std::vector<Post>>(store, [parent_id](Connection& c) {
    return sqlite::SelectAll<Post>(c,
                                   "SELECT " QUIRE_POST_COLUMNS
                                   " FROM posts WHERE parent_id = ? AND type = 'page' AND "
                                   "status = 'publish' ORDER BY menu_order, title, id",
                                   "listing child pages", sqlite::ReadPost, parent_id);
  });
}

Status RecordItemChange(Transaction& tx, int64_t post_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  Result<std::optional<Post>> post = tx.FindPost(post_id);
  if (!post) return std::unexpected(std::move(post.error()));
  if (!*post) {  // gone: its own page and what lists everything
    for (std::string tag : {"post:" + std::to_string(post_id), std::string("front"),
                            std::string("sitemap"), std::string("search")}) {
      if (Status s = tx.RecordChange(tag); !s) return s;
    }
    return {};
  }
  Result<std::vector<std::string>> tags = ItemTags(**c, **post);
  if (!tags) return std::unexpected(std::move(tags.error()));
  for (const std::string& tag : *tags) {
    if (Status s = tx.RecordChange(tag); !s) return s;
  }
  return {};
}

Status AddOldSlug(Transaction& tx, PostType type, std::string_view old_slug, int64_t post_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::Done(sqlite::Execute(
      **c,
      "INSERT INTO post_old_slugs (type, slug, post_id, created_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (type, slug) DO UPDATE SET post_id = excluded.post_id, "
      "created_at = excluded.created_at",
      "remembering an old slug", ToString(type), old_slug, post_id, util::SystemClock().Now()));
}

Result<std::optional<int64_t>> FindOldSlug(Store& store, PostType type, std::string_view slug) {
  return sqlite::ReadWith<std::optional<int64_t>>(store, [&](Connection& c) {
    return sqlite::SelectInt(c, "SELECT post_id FROM post_old_slugs WHERE type = ? AND slug = ?",
                             "finding an old slug", ToString(type), slug);
  });
}

Result<std::vector<MonthCount>> ListMonths(Store& store) {
  return sqlite::ReadWith<std::vector<MonthCount>>(store, [](Connection& c) {
    return sqlite::SelectAll<MonthCount>(
        c,
        "SELECT CAST(strftime('%Y', published_at, 'unixepoch') AS INTEGER) AS y, "
        "CAST(strftime('%m', published_at, 'unixepoch') AS INTEGER) AS m, COUNT(*) "
        "FROM posts WHERE type = 'post' AND status = 'publish' "
        "GROUP BY y, m ORDER BY y DESC, m DESC",
        "listing months", ReadMonthCount);
  });
}

Result<std::optional<int64_t>> NextScheduled(Store& store) {
  return sqlite::ReadWith<std::optional<int64_t>>(store, [](Connection& c) {
    return sqlite::SelectInt(c,
                             "SELECT MIN(published_at) FROM posts "
                             "WHERE type IN ('post', 'page') AND status = 'future'",
                             "finding the next scheduled item");
  });
}

Result<int64_t> PublishDue(Transaction& tx, int64_t now) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  Result<std::vector<int64_t>> due = sqlite::SelectAll(
      **c,
      "SELECT id FROM posts WHERE type IN ('post', 'page') AND status = 'future' AND "
      "published_at <= ? ORDER BY published_at, id",
      "finding scheduled items that are due", sqlite::ReadInt, now);
  if (!due) return std::unexpected(std::move(due.error()));
  for (int64_t id : *due) {
    if (Status s = sqlite::Done(sqlite::Execute(
            **c, "UPDATE posts SET status = 'publish' WHERE id = ? AND status = 'future'",
            "publishing a scheduled item", id));
        !s) {
      return std::unexpected(std::move(s.error()));
    }
    // Its terms and dates are the same before and after: one record covers both.
    if (Status s = RecordItemChange(tx, id); !s) return std::unexpected(std::move(s.error()));
  }
  return static_cast<int64_t>(due->size());
}

Result<int64_t> LastModified(Store& store, PostType type) {
  return sqlite::ReadWith<int64_t>(store, [type](Connection& c) {
    return sqlite::SelectCount(
        c, "SELECT MAX(modified_at) FROM posts WHERE type = ? AND status = 'publish'",
        "finding the last modification", ToString(type));
  });
}

Result<std::vector<AuthorActivity>> ListActiveAuthors(Store& store) {
  return sqlite::ReadWith<std::vector<AuthorActivity>>(store, [](Connection& c) {
    return sqlite::SelectAll<AuthorActivity>(
        c,
        "SELECT author_id, MAX(MAX(published_at, modified_at)) FROM posts "
        "WHERE type = 'post' AND status = 'publish' AND author_id <> 0 "
        "GROUP BY author_id ORDER BY author_id",
        "listing active authors", [](const Query& q) -> Result<AuthorActivity> {
          return AuthorActivity{.author_id = q.Int(0), .last_modified = q.Int(1)};
        });
  });
}

Result<std::vector<CommentWithPost>> RecentComments(Store& store, int64_t post_id, int limit) {
  if (limit <= 0) return std::vector<CommentWithPost>();
  return sqlite::ReadWith<std::vector<CommentWithPost>>(
      store, [&](Connection& c) -> Result<std::vector<CommentWithPost>> {
        // Comments of password-protected items stay out, as in WordPress's feeds.
        Result<std::vector<int64_t>> ids = sqlite::SelectAll(
            c,
            "SELECT comments.id FROM comments JOIN posts ON posts.id = comments.post_id "
            "WHERE comments.status = '1' AND (?1 = 0 OR comments.post_id = ?1) AND "
            "posts.status = 'publish' AND posts.password = '' "
            "ORDER BY comments.created_at DESC, comments.id DESC LIMIT ?2",
            "listing recent comments", sqlite::ReadInt, post_id, int64_t{limit});
        if (!ids) return std::unexpected(std::move(ids.error()));
        std::vector<CommentWithPost> recent;
        for (int64_t id : *ids) {
          Result<std::optional<Comment>> comment = sqlite::SelectComment(c, id);
          if (!comment) return std::unexpected(std::move(comment.error()));
          if (!*comment) continue;
          Result<std::optional<Post>> post = sqlite::SelectPost(c, (*comment)->post_id);
          if (!post) return std::unexpected(std::move(post.error()));
          if (!*post) continue;
          recent.push_back({std::move(**comment), std::move(**post)});
        }
        return recent;
      });
}

}  // namespace quire::store
