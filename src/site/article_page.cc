#include "site/article_page.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "comments/comment_link.h"
#include "comments/comment_text.h"
#include "comments/spam/form_stamp.h"
#include "comments/threading.h"
#include "comments/tokens.h"
#include "content/markdown.h"
#include "content/permalink.h"
#include "content/sanitize.h"
#include "media/featured.h"
#include "media/responsive.h"
#include "site/comment_form.h"
#include "site/comment_pages.h"
#include "site/layout.h"
#include "site/list_page.h"
#include "site/page_meta.h"
#include "site/post_password.h"
#include "store/media.h"
#include "store/publishing.h"
#include "util/clock.h"
#include "util/safe_url.h"

namespace quire::site {

namespace mustache = kainjow::mustache;

namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr std::string_view kPostPassAction = "/wp-login.php?action=postpass";

struct CommentContext {
  const store::Settings& settings;
  std::string permalink;
  bool can_reply;  // comments open and threaded
};

mustache::data CommentData(const comments::ThreadedComment& item, const CommentContext& context) {
  const store::Comment& comment = *item.comment;
  std::string id = std::to_string(comment.id);
  mustache::data data;
  data.set("id", id);
  data.set("depth", std::to_string(item.depth));
  data.set("author", comment.author.empty() ? std::string("Anonymous") : comment.author);
  std::string url = util::SafeUrl(comment.url, util::UrlScope::kWebsite);
  data.set("has_url", !url.empty());
  data.set("author_url", url);
  data.set("show_avatar", context.settings.show_avatars);
  std::string key =
      comment.status == store::CommentStatus::kApproved
          ? comments::AvatarKey(context.settings.secret,
                                comment.email.empty() ? comment.author : comment.email)
          : std::string(comments::kNeutralAvatarKey);
  data.set("avatar_url", "/avatar/" + key + ".svg");
  data.set("date_iso", util::FormatIso8601(comment.created_at));
  data.set("date_human", util::FormatHumanDate(comment.created_at));
  // Not approved (held, or judged spam: its author is told it is held either way).
  data.set("pending", comment.status != store::CommentStatus::kApproved);
  data.set("text", CommentContentHtml(comment));
  bool can_reply =
      context.can_reply && item.can_reply && comment.status == store::CommentStatus::kApproved;
  data.set("can_reply", can_reply);
  data.set("reply_url", context.permalink + "?replytocom=" + id + "#respond");
  return data;
}

// Thread() lists parents before their children with a depth each; this nests them. An item
// deeper than its predecessor's children are is taken as one of them.
mustache::data CommentLevel(const std::vector<comments::ThreadedComment>& items, size_t& pos,
                            int depth, const CommentContext& context) {
  // Built as a vector with room for every sibling: kainjow's data has no noexcept move, so a
  // growing list would copy every comment (and its replies) at each reallocation.
  size_t siblings = 0;
  for (size_t at = pos; at < items.size() && items[at].depth >= depth; ++at) {
    if (items[at].depth == depth || at == pos) ++siblings;
  }
  mustache::list level;
  level.reserve(siblings);
  while (pos < items.size() && items[pos].depth >= depth) {
    const comments::ThreadedComment& item = items[pos++];
    mustache::data data = CommentData(item, context);
    mustache::data children = CommentLevel(items, pos, item.depth + 1, context);
    data.set("has_children", !children.is_empty_list());
    data["children"] = std::move(children);  // moved: set() would copy the subtree
    level.push_back(std::move(data));
  }
  return mustache::data(level);
}

// How many of `list` are approved (a held one shown to its author does not count toward paging,
// so that its author sees the pages everyone sees).
size_t ApprovedCount(const std::vector<store::Comment>& list) {
  return static_cast<size_t>(std::count_if(list.begin(), list.end(), [](const store::Comment& c) {
    return c.status == store::CommentStatus::kApproved;
  }));
}

// Where each top-level thread starts in Thread()'s list.
std::vector<size_t> ThreadStarts(const std::vector<comments::ThreadedComment>& threaded) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < threaded.size(); ++i) {
    if (threaded[i].depth == 1) starts.push_back(i);
  }
  return starts;
}

// The comments of one page: its top-level threads with their replies, newest thread first when
// `descending`.
std::vector<comments::ThreadedComment> PageThreads(
    const std::vector<comments::ThreadedComment>& threaded, const std::vector<size_t>& starts,
    ThreadRange range, bool descending) {
  std::vector<std::vector<comments::ThreadedComment>> threads;
  for (size_t t = range.begin; t < range.end; ++t) {
    size_t end = t + 1 < starts.size() ? starts[t + 1] : threaded.size();
    threads.emplace_back(threaded.begin() + static_cast<std::ptrdiff_t>(starts[t]),
                         threaded.begin() + static_cast<std::ptrdiff_t>(end));
  }
  if (descending) std::reverse(threads.begin(), threads.end());
  std::vector<comments::ThreadedComment> out;
  for (auto& thread : threads) out.insert(out.end(), thread.begin(), thread.end());
  return out;
}

// "Older Comments" / "Newer Comments" links around `page` of `count`.
void SetNavigationData(mustache::data& data, const std::string& permalink, int64_t page,
                       int64_t count) {
  data.set("comment_navigation", count > 1);
  data.set("has_older_comments", page > 1);
  data.set("older_comments_url", CommentPagePath(permalink, page - 1));
  data.set("has_newer_comments", page < count);
  data.set("newer_comments_url", CommentPagePath(permalink, page + 1));
}

// The page's published children, linked, in their menu order.
Result<mustache::data> ChildPagesData(store::Store& store, const store::Post& item,
                                      const store::Settings& settings) {
  mustache::data list(mustache::data::type::list);
  if (item.type != store::PostType::kPage) return list;
  Result<std::vector<store::Post>> children = store::ChildPages(store, item.id);
  if (!children) return std::unexpected(children.error());
  for (const store::Post& child : *children) {
    Result<std::string> path = ItemPath(store, child, settings);
    if (!path) return std::unexpected(path.error());
    mustache::data data;
    data.set("title", child.title);
    data.set("url", *path);
    list.push_back(std::move(data));
  }
  return list;
}

// The <head> meta of the item's page at `path`: its author's name and featured image read.
Result<PageMeta> ItemMeta(store::Store& store, const store::Post& item,
                          const store::Settings& settings, const std::string& path) {
  std::string author;
  if (item.author_id != 0) {
    Result<std::optional<store::User>> user = store.FindUser(item.author_id);
    if (!user) return std::unexpected(user.error());
    if (*user) author = (*user)->display_name.empty() ? (*user)->login : (*user)->display_name;
  }
  std::string image;
  int width = 0, height = 0;
  Result<std::optional<media::FeaturedImage>> featured =
      media::FeaturedImageOf(store, item.featured_media_id, "large");
  if (!featured) return std::unexpected(featured.error());
  if (*featured) {
    image = AbsoluteUrl(settings, (*featured)->url_path);
    width = (*featured)->width;
    height = (*featured)->height;
  }
  PageMeta meta =
      MetaForItem(item, settings, AbsoluteUrl(settings, path), author, image, width, height);
  meta.noindex = item.status != store::PostStatus::kPublish;
  return meta;
}

// What the article shows about the item besides its comments: title, dates, child pages, and
// its body, or the password form while it is `locked`.
Status SetItemData(mustache::data& data, store::Store& store, const store::Post& item,
                   const store::Settings& settings, const std::string& permalink, bool locked) {
  bool is_private = item.status == store::PostStatus::kPrivate;
  bool is_preview = item.status != store::PostStatus::kPublish && !is_private;
  data.set("post_id", std::to_string(item.id));
  data.set("title", ItemTitle(item));
  data.set("permalink", permalink);
  data.set("is_post", item.type == store::PostType::kPost);
  data.set("is_preview", is_preview);
  data.set("status", std::string(store::ToString(item.status)));
  data.set("protected", locked);
  if (locked) {
    data.set("password_action", std::string(kPostPassAction));
    data.set("password_notice", std::string(kProtectedNotice));
  } else {
    // Local upload images get their size, srcset and lazy loading (one media query per image).
    data.set("body", media::MakeResponsive(content::RenderBody(item), media::StoreLookup(store)));
  }
  data.set("date_iso", util::FormatIso8601(item.published_at));
  data.set("date_human", util::FormatHumanDate(item.published_at));
  Result<mustache::data> children = ChildPagesData(store, item, settings);
  if (!children) return std::unexpected(children.error());
  data.set("has_child_pages", !children->is_empty_list());
  data["child_pages"] = std::move(*children);
  return {};
}

}  // namespace

ArticlePage::ArticlePage(store::Store& store, const Theme& theme) : store_(store), theme_(theme) {}

bool ArticlePage::CommentsOpen(const store::Post& post, const store::Settings& settings,
                               int64_t now) {
  if (!post.comments_open || post.status != store::PostStatus::kPublish) return false;
  if (!settings.close_comments_for_old_posts) return true;
  return now - post.published_at <= settings.close_comments_days_old * kSecondsPerDay;
}

Result<std::string> ArticlePage::Render(const store::Post& post, const store::Settings& settings,
                                        const ArticleView& view) const {
  store::CommentQuery query{.post_id = post.id};
  if (view.pending_id > 0) query.also_pending_ids.push_back(view.pending_id);
  Result<std::vector<store::Comment>> list = store_.ListComments(query);
  if (!list) return std::unexpected(list.error());

  Result<std::string> item_path = ItemPath(store_, post, settings);
  if (!item_path) return std::unexpected(item_path.error());
  std::string permalink = view.canonical_path.empty() ? *item_path : view.canonical_path;
  bool open = CommentsOpen(post, settings, view.now);
  std::vector<comments::ThreadedComment> threaded =
      comments::Thread(*list, settings.thread_comments, settings.thread_comments_depth);
  std::string page_url = permalink;
  mustache::data data;
  data.set("comment_navigation", false);
  bool paged = CommentsPaged(settings.page_comments, ApprovedCount(*list));
  if (!paged && view.comment_page > 0) return Fail(ErrorKind::kNotFound, "comments are not paged");
  if (paged) {
    std::vector<size_t> starts = ThreadStarts(threaded);
    int64_t count = CommentPageCount(starts.size(), settings.comments_per_page);
    int64_t page = view.comment_page > 0
                       ? view.comment_page
                       : DefaultCommentPage(starts.size(), settings.comments_per_page,
                                            settings.default_comments_page == "newest");
    std::optional<ThreadRange> range =
        ThreadsOnPage(starts.size(), settings.comments_per_page, page);
    if (!range) return Fail(ErrorKind::kNotFound, "no such comment page");
    threaded = PageThreads(threaded, starts, *range, settings.comment_order == "desc");
    if (view.comment_page > 0) page_url = CommentPagePath(permalink, page);
    SetNavigationData(data, permalink, page, count);
  }
  CommentContext context{settings, page_url, open && settings.thread_comments};
  size_t pos = 0;

  bool locked = !post.password.empty() && !view.password_accepted;
  if (Status set = SetItemData(data, store_, post, settings, permalink, locked); !set) {
    return std::unexpected(set.error());
  }
  if (locked) {        // neither shown nor counted; the template leaves them out
    threaded.clear();  // it points into *list
    list->clear();
  }
  data.set("has_comments", !list->empty());
  // Counts what is shown: the approved comments, and a held one to its author.
  data.set("comments_heading", CommentsHeading(static_cast<int64_t>(list->size()), post.title));
  data["comments"] = CommentLevel(threaded, pos, 1, context);  // moved, not copied
  // A typed comment_parent keeps the reply context; otherwise ?replytocom= asks for it.
  int64_t parent = view.form.parent_id != 0 ? view.form.parent_id : view.reply_to;
  const store::Comment* reply_to = FindApproved(*list, parent);
  std::string reply_to_url = reply_to ? "#comment-" + std::to_string(reply_to->id) : "";
  SetCommentFormData(data, post, settings, view, reply_to, reply_to_url, permalink, open);

  Result<std::string> main = theme_.Render("single", data);
  if (!main) return main;
  Result<PageMeta> meta = ItemMeta(store_, post, settings, page_url);
  if (!meta) return std::unexpected(meta.error());
  std::string body_class = post.type == store::PostType::kPage ? "page" : "single";
  return RenderDocument(theme_, settings, *meta, body_class, std::move(*main));
}

Result<int64_t> ArticlePage::PageOfComment(const store::Post& post, const store::Settings& settings,
                                           const store::Comment& comment) const {
  if (comment.post_id != post.id) return 0;
  // Counted, not listed (issue 11); 0 when the permalink shows it.
  return comments::PageOfComment(store_, settings, comment, comments::LinkUse::kNow);
}

std::unordered_map<int64_t, int64_t> CommentPageIndex(const std::vector<store::Comment>& list,
                                                      const store::Settings& settings) {
  std::unordered_map<int64_t, int64_t> pages;
  if (!CommentsPaged(settings.page_comments, ApprovedCount(list))) return pages;
  std::vector<comments::ThreadedComment> threaded =
      comments::Thread(list, settings.thread_comments, settings.thread_comments_depth);
  size_t threads_seen = 0;  // top-level threads up to and including the current item
  for (const comments::ThreadedComment& item : threaded) {
    if (item.depth == 1) ++threads_seen;
    if (threads_seen > 0) {
      pages[item.comment->id] = PageOfThread(threads_seen - 1, settings.comments_per_page);
    }
  }
  return pages;
}

std::string CommentContentHtml(const store::Comment& comment) {
  if (!comment.html) return comments::RenderCommentText(comment.content);
  return comments::AutoParagraph(content::SanitizeCommentHtml(comment.content));
}

std::string CommentsHeading(int64_t count, std::string_view title) {
  std::string quoted = "\u201c" + std::string(title) + "\u201d";
  if (count == 1) return "One thought on " + quoted;
  return std::to_string(count) + " thoughts on " + quoted;
}

}  // namespace quire::site
