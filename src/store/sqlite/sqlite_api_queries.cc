// SQLite's answer to store/api_queries.h. Each filter is always present in the statement and
// made inert by its empty value (an empty JSON array, an empty search), so one statement per
// order serves every combination; lists are bound as JSON arrays (json_each).
#include <array>
#include <string>
#include <utility>

#include "store/api_queries.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/select.h"

namespace quire::store {
namespace {

using sqlite::Connection;
using sqlite::Query;

std::string JsonArray(const std::vector<int64_t>& ids) {
  std::string json = "[";
  for (int64_t id : ids) {
    if (json.size() > 1) json += ',';
    json += std::to_string(id);
  }
  return json + "]";
}

std::string JsonArray(const std::vector<std::string>& texts) {
  std::string json = "[";
  for (const std::string& text : texts) {
    if (json.size() > 1) json += ',';
    json += '"';
    for (unsigned char ch : text) {
      if (ch == '"' || ch == '\\') {
        json += '\\';
        json += static_cast<char>(ch);
      } else if (ch < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        json += "\\u00";
        json += kHex[ch >> 4];
        json += kHex[ch & 15];
      } else {
        json += static_cast<char>(ch);
      }
    }
    json += '"';
  }
  return json + "]";
}

// "%text%" for LIKE with '\' escaping its wildcards; "" stays "" (no search).
std::string LikePattern(std::string_view text) {
  if (text.empty()) return {};
  std::string pattern = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
    pattern += ch;
  }
  return pattern + "%";
}

// Parameters ?1 .. ?17 in this order: type, include, exclude, authors, authors_exclude,
// categories, categories_exclude, tags, tags_exclude, slugs, parents, parents_exclude, search,
// after, before, modified_after, modified_before, sticky (-1: either).
constexpr const char* kItemWhere =
    " FROM posts WHERE (?1 = '' OR type = ?1) AND status = 'publish'"
    " AND (json_array_length(?2) = 0 OR id IN (SELECT value FROM json_each(?2)))"
    " AND id NOT IN (SELECT value FROM json_each(?3))"
    " AND (json_array_length(?4) = 0 OR author_id IN (SELECT value FROM json_each(?4)))"
    " AND author_id NOT IN (SELECT value FROM json_each(?5))"
    " AND (json_array_length(?6) = 0 OR id IN (SELECT post_id FROM post_terms WHERE term_id IN"
    "  (SELECT id FROM terms WHERE taxonomy = 'category' AND id IN"
    "   (SELECT value FROM json_each(?6)))))"
    " AND id NOT IN (SELECT post_id FROM post_terms WHERE term_id IN"
    "  (SELECT id FROM terms WHERE taxonomy = 'category' AND id IN"
    "   (SELECT value FROM json_each(?7))))"
    " AND (json_array_length(?8) = 0 OR id IN (SELECT post_id FROM post_terms WHERE term_id IN"
    "  (SELECT id FROM terms WHERE taxonomy = 'post_tag' AND id IN"
    "   (SELECT value FROM json_each(?8)))))"
    " AND id NOT IN (SELECT post_id FROM post_terms WHERE term_id IN"
    "  (SELECT id FROM terms WHERE taxonomy = 'post_tag' AND id IN"
    "   (SELECT value FROM json_each(?9))))"
    " AND (json_array_length(?10) = 0 OR slug IN (SELECT value FROM json_each(?10)))"
    " AND (json_array_length(?11) = 0 OR parent_id IN (SELECT value FROM json_each(?11)))"
    " AND parent_id NOT IN (SELECT value FROM json_each(?12))"
    " AND (?13 = '' OR title LIKE ?13 ESCAPE '\\' OR body LIKE ?13 ESCAPE '\\'"
    "  OR excerpt LIKE ?13 ESCAPE '\\')"
    " AND (?14 = 0 OR published_at > ?14) AND (?15 = 0 OR published_at < ?15)"
    " AND (?16 = 0 OR modified_at > ?16) AND (?17 = 0 OR modified_at < ?17)"
    " AND (?18 < 0 OR sticky = ?18)";

constexpr int kItemOrders = 10;
constexpr std::array<const char*, kItemOrders> kItemOrderColumns = {
    "published_at", "id", "title", "slug", "modified_at", "author_id", "parent_id", "menu_order",
    "(SELECT key FROM json_each(?2) WHERE value = posts.id)",
    // the rank ascending whatever the order, then the date in the order asked
    "(CASE WHEN title LIKE ?13 ESCAPE '\\' THEN 1 WHEN excerpt LIKE ?13 ESCAPE '\\' THEN 2 "
    "ELSE 3 END) ASC, published_at"};

// Statements must have static storage (Connection::Prepare): built once, by order.
const std::string& ItemSql(ItemFilter::OrderBy order_by, bool ascending) {
  static const std::array<std::string, 2 * kItemOrders> all = [] {
    std::array<std::string, 2 * kItemOrders> built;
    for (int i = 0; i < 2 * kItemOrders; ++i) {
      const char* direction = i % 2 == 1 ? " ASC" : " DESC";
      built[i] = std::string("SELECT " QUIRE_POST_COLUMNS) + kItemWhere + " ORDER BY " +
                 kItemOrderColumns[i / 2] + direction + ", id" + direction +
                 " LIMIT ?19 OFFSET ?20";
    }
    return built;
  }();
  return all[2 * static_cast<int>(order_by) + (ascending ? 1 : 0)];
}

const std::string& ItemCountSql() {
  static const std::string sql = std::string("SELECT COUNT(*)") + kItemWhere;
  return sql;
}

void BindItemFilter(Query& q, const ItemFilter& f, const std::string& search) {
  q.Bind(f.any_type ? std::string_view() : ToString(f.type));
  q.BindAll(JsonArray(f.include), JsonArray(f.exclude), JsonArray(f.authors),
            JsonArray(f.authors_exclude), JsonArray(f.categories), JsonArray(f.categories_exclude),
            JsonArray(f.tags), JsonArray(f.tags_exclude), JsonArray(f.slugs), JsonArray(f.parents),
            JsonArray(f.parents_exclude), search, f.after, f.before, f.modified_after,
            f.modified_before, int64_t{f.sticky ? (*f.sticky ? 1 : 0) : -1});
}

// Parameters ?1 .. ?8: include, exclude, posts, parents, parents_exclude, search, after, before.
constexpr const char* kCommentWhere =
    " FROM comments JOIN posts ON posts.id = comments.post_id"
    " WHERE comments.status = '1' AND posts.status = 'publish' AND posts.password = ''"
    " AND (json_array_length(?1) = 0 OR comments.id IN (SELECT value FROM json_each(?1)))"
    " AND comments.id NOT IN (SELECT value FROM json_each(?2))"
    " AND (json_array_length(?3) = 0 OR comments.post_id IN (SELECT value FROM json_each(?3)))"
    " AND (json_array_length(?4) = 0 OR comments.parent_id IN (SELECT value FROM json_each(?4)))"
    " AND comments.parent_id NOT IN (SELECT value FROM json_each(?5))"
    " AND (?6 = '' OR comments.content LIKE ?6 ESCAPE '\\' OR comments.author LIKE ?6 ESCAPE '\\'"
    "  OR comments.url LIKE ?6 ESCAPE '\\')"
    " AND (?7 = 0 OR comments.created_at > ?7) AND (?8 = 0 OR comments.created_at < ?8)";

constexpr int kCommentOrders = 5;
constexpr std::array<const char*, kCommentOrders> kCommentOrderColumns = {
    "comments.created_at", "comments.id", "comments.post_id", "comments.parent_id",
    "(SELECT key FROM json_each(?1) WHERE value = comments.id)"};

const std::string& CommentSql(CommentFilter::OrderBy order_by, bool ascending) {
  static const std::array<std::string, 2 * kCommentOrders> all = [] {
    std::array<std::string, 2 * kCommentOrders> built;
    for (int i = 0; i < 2 * kCommentOrders; ++i) {
      const char* direction = i % 2 == 1 ? " ASC" : " DESC";
      built[i] = std::string("SELECT comments.id") + kCommentWhere + " ORDER BY " +
                 kCommentOrderColumns[i / 2] + direction + ", comments.id" + direction +
                 " LIMIT ?9 OFFSET ?10";
    }
    return built;
  }();
  return all[2 * static_cast<int>(order_by) + (ascending ? 1 : 0)];
}

const std::string& CommentCountSql() {
  static const std::string sql = std::string("SELECT COUNT(*)") + kCommentWhere;
  return sql;
}

void BindCommentFilter(Query& q, const CommentFilter& f, const std::string& search) {
  q.BindAll(JsonArray(f.include), JsonArray(f.exclude), JsonArray(f.posts), JsonArray(f.parents),
            JsonArray(f.parents_exclude), search, f.after, f.before);
}

Result<int64_t> ReadId(const Query& q) {
  return q.Int(0);
}

}  // namespace

Result<ListPage> QueryItems(Store& store, const ItemFilter& filter) {
  const std::string search = LikePattern(filter.search);
  return sqlite::ReadWith<ListPage>(store, [&](Connection& c) -> Result<ListPage> {
    ListPage page;
    {
      Result<Query> q = c.Prepare(ItemSql(filter.order_by, filter.ascending));
      if (!q) return std::unexpected(std::move(q.error()));
      BindItemFilter(*q, filter, search);
      q->BindAll(int64_t{std::max(filter.limit, 0)}, int64_t{std::max(filter.offset, 0)});
      for (;;) {
        Result<bool> more = q->Step("listing items for the API");
        if (!more) return std::unexpected(std::move(more.error()));
        if (!*more) break;
        Result<Post> post = sqlite::ReadPost(*q);
        if (!post) return std::unexpected(std::move(post.error()));
        page.items.push_back(std::move(*post));
      }
    }
    Result<Query> count = c.Prepare(ItemCountSql());
    if (!count) return std::unexpected(std::move(count.error()));
    BindItemFilter(*count, filter, search);
    Result<bool> row = count->Step("counting items for the API");
    if (!row) return std::unexpected(std::move(row.error()));
    page.total = *row ? count->Int(0) : 0;
    return page;
  });
}

Result<CommentPage> QueryComments(Store& store, const CommentFilter& filter) {
  const std::string search = LikePattern(filter.search);
  Result<std::pair<std::vector<int64_t>, int64_t>> found =
      sqlite::ReadWith<std::pair<std::vector<int64_t>, int64_t>>(
          store, [&](Connection& c) -> Result<std::pair<std::vector<int64_t>, int64_t>> {
            Result<Query> q = c.Prepare(CommentSql(filter.order_by, filter.ascending));
            if (!q) return std::unexpected(std::move(q.error()));
            BindCommentFilter(*q, filter, search);
            q->BindAll(int64_t{std::max(filter.limit, 0)}, int64_t{std::max(filter.offset, 0)});
            std::vector<int64_t> ids;
            for (;;) {
              Result<bool> more = q->Step("listing comments for the API");
              if (!more) return std::unexpected(std::move(more.error()));
              if (!*more) break;
              ids.push_back(q->Int(0));
            }
            Result<Query> count = c.Prepare(CommentCountSql());
            if (!count) return std::unexpected(std::move(count.error()));
            BindCommentFilter(*count, filter, search);
            Result<bool> row = count->Step("counting comments for the API");
            if (!row) return std::unexpected(std::move(row.error()));
            return std::pair(std::move(ids), *row ? count->Int(0) : int64_t{0});
          });
  if (!found) return std::unexpected(std::move(found.error()));
  CommentPage page;
  page.total = found->second;
  for (int64_t id : found->first) {
    Result<std::optional<Comment>> comment = store.FindComment(id);
    if (!comment) return std::unexpected(std::move(comment.error()));
    if (*comment) page.comments.push_back(std::move(**comment));  // deleted meanwhile: skipped
  }
  return page;
}

Result<std::vector<int64_t>> PublishedAuthorIds(Store& store) {
  return sqlite::ReadWith<std::vector<int64_t>>(store, [](Connection& c) {
    return sqlite::SelectAll<int64_t>(
        c,
        "SELECT DISTINCT author_id FROM posts WHERE status = 'publish' AND author_id != 0 "
        "ORDER BY author_id",
        "listing published authors", ReadId);
  });
}

}  // namespace quire::store
