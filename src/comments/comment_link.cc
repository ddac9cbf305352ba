#include "comments/comment_link.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <unordered_set>
#include <utility>

#include "comments/comment_pages.h"
#include "store/comment_threads.h"

namespace quire::comments {
namespace {

store::CommentPlace PlaceOf(const store::Comment& comment) {
  return {.post_id = comment.post_id, .created_at = comment.created_at, .id = comment.id};
}

// The comment that starts `comment`'s thread as Thread shows the post's list (approved
// comments, plus `comment` itself when held): the topmost ancestor reached through approved
// parents of the same post. nullopt for a comment in a parent cycle.
template <typename Reader>
Result<std::optional<store::Comment>> ThreadRoot(Reader& reader, const store::Comment& comment) {
  store::Comment root = comment;
  std::unordered_set<int64_t> seen{root.id};
  for (int walked = 0; walked < kMaxAncestorsWalked; ++walked) {
    if (root.parent_id == 0 || root.parent_id == root.id) break;
    Result<std::optional<store::Comment>> parent = reader.FindComment(root.parent_id);
    if (!parent) return std::unexpected(std::move(parent.error()));
    bool listed = *parent && (*parent)->post_id == root.post_id &&
                  (*parent)->status == store::CommentStatus::kApproved;
    if (!listed) break;  // an orphan is shown top level
    if (!seen.insert((*parent)->id).second) return std::optional<store::Comment>();
    root = std::move(**parent);
  }
  return std::optional<store::Comment>(std::move(root));
}

template <typename Reader>
Result<int64_t> PageIn(Reader& reader, const store::Settings& settings,
                       const store::Comment& comment, LinkUse use) {
  if (!settings.page_comments) {  // paged only when busy: a bounded count says whether it is
    auto limit = static_cast<int64_t>(kAlwaysPageCommentsOver) + 1;
    Result<int64_t> approved = store::CountApprovedUpTo(reader, comment.post_id, limit);
    if (!approved) return std::unexpected(std::move(approved.error()));
    if (!CommentsPaged(false, static_cast<size_t>(*approved))) return 0;
  }
  const bool threaded = settings.thread_comments;  // flat: every comment is a thread
  store::Comment root = comment;
  if (threaded) {
    Result<std::optional<store::Comment>> found = ThreadRoot(reader, comment);
    if (!found) return std::unexpected(std::move(found.error()));
    if (!*found) return 0;
    root = std::move(**found);
  }
  const store::CommentPlace place = PlaceOf(root);
  const int64_t per_page = std::max(settings.comments_per_page, 1);
  if (use == LinkUse::kNow) {
    if (settings.default_comments_page == "oldest") {
      Result<int64_t> before = store::CountThreadsBefore(reader, place, threaded, per_page);
      if (!before) return std::unexpected(std::move(before.error()));
      if (*before < per_page) return 0;  // page 1
    } else {
      Result<bool> after = store::HasThreadAfter(reader, place, threaded);
      if (!after) return std::unexpected(std::move(after.error()));
      if (!*after) return 0;  // the newest thread: on the last page
    }
  }
  Result<int64_t> before = store::CountThreadsBefore(reader, place, threaded);
  if (!before) return std::unexpected(std::move(before.error()));
  return PageOfThread(static_cast<size_t>(*before), settings.comments_per_page);
}

template <typename Reader>
std::string UrlIn(Reader& reader, const store::Settings& settings, const store::Comment& comment,
                  std::string_view permalink, LinkUse use) {
  Result<int64_t> page = PageIn(reader, settings, comment, use);
  if (!page) {
    spdlog::warn("comments: the page of comment {} is unknown: {}", comment.id,
                 page.error().message);
  }
  return CommentLink(permalink, page.value_or(0), comment.id);
}

}  // namespace

Result<int64_t> PageOfComment(store::Store& store, const store::Settings& settings,
                              const store::Comment& comment, LinkUse use) {
  return PageIn(store, settings, comment, use);
}

Result<int64_t> PageOfComment(store::Transaction& tx, const store::Settings& settings,
                              const store::Comment& comment, LinkUse use) {
  return PageIn(tx, settings, comment, use);
}

std::string CommentLink(std::string_view permalink, int64_t page, int64_t comment_id,
                        std::string_view query) {
  std::string link = page > 0 ? CommentPagePath(permalink, page) : std::string(permalink);
  if (!query.empty()) {
    link += '?';
    link += query;
  }
  return link + "#comment-" + std::to_string(comment_id);
}

std::string CommentUrl(store::Store& store, const store::Settings& settings,
                       const store::Comment& comment, std::string_view permalink, LinkUse use) {
  return UrlIn(store, settings, comment, permalink, use);
}

std::string CommentUrl(store::Transaction& tx, const store::Settings& settings,
                       const store::Comment& comment, std::string_view permalink, LinkUse use) {
  return UrlIn(tx, settings, comment, permalink, use);
}

}  // namespace quire::comments
