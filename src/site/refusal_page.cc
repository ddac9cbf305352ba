#include "site/refusal_page.h"

#include <optional>

#include "comments/comment_link.h"
#include "site/comment_form.h"
#include "site/layout.h"
#include "site/list_page.h"

namespace quire::site {

namespace {

constexpr std::string_view kRefusalTitle = "Comment not posted";

// The approved comment of `post` that the form replies to (view.form.parent_id), if any.
Result<std::optional<store::Comment>> RepliedTo(store::Store& store, const store::Post& post,
                                                int64_t parent_id) {
  if (parent_id <= 0) return std::optional<store::Comment>();
  Result<std::optional<store::Comment>> parent = store.FindComment(parent_id);
  if (!parent || !*parent) return parent;
  bool shown =
      (*parent)->post_id == post.id && (*parent)->status == store::CommentStatus::kApproved;
  return shown ? std::move(parent) : std::optional<store::Comment>();
}

}  // namespace

Result<std::string> RenderRefusalPage(store::Store& store, const Theme& theme,
                                      const store::Post& post, const store::Settings& settings,
                                      const ArticleView& view) {
  Result<std::string> permalink = ItemPath(store, post, settings);
  if (!permalink) return std::unexpected(permalink.error());
  Result<std::optional<store::Comment>> parent = RepliedTo(store, post, view.form.parent_id);
  if (!parent) return std::unexpected(parent.error());
  const store::Comment* reply_to = *parent ? &**parent : nullptr;
  std::string reply_to_url = reply_to ? comments::CommentUrl(store, settings, *reply_to, *permalink,
                                                             comments::LinkUse::kNow)
                                      : std::string();

  kainjow::mustache::data data;
  data.set("title", ItemTitle(post));
  data.set("permalink", *permalink);
  SetCommentFormData(data, post, settings, view, reply_to, reply_to_url, *permalink,
                     ArticlePage::CommentsOpen(post, settings, view.now));
  Result<std::string> main = theme.Render("comment_refused", data);
  if (!main) return main;
  return RenderDocument(theme, settings, kRefusalTitle, "comment-refused", std::move(*main));
}

}  // namespace quire::site
