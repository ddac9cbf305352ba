// A post's own page: the article, its comments (threaded) and the "Leave a Reply" form, in
// WordPress's markup (see ../shared/WORDPRESS-COMMENTS.md and docs/conventions.md).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "site/theme.h"
#include "store/records.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::site {

// What the form shows: the commenter's cookies on a page view, or what was typed when a
// submission is refused.
struct CommentFormState {
  std::string author;
  std::string email;
  std::string url;
  std::string comment;
  bool consent = false;
  bool subscribe = false;  // "Notify me of follow-up comments by email" (field subscribe=yes)
  int64_t parent_id = 0;   // comment_parent as typed (replying)
  // quire_stamp as sent: a refused form keeps the stamp of when it was first shown, so that
  // fixing a field quickly does not look like a bot (comments/spam/form_stamp.h).
  std::string stamp;
};

// Who is looking and why: read from the request, or from a refused submission.
struct ArticleView {
  int64_t pending_id = 0;  // a held comment shown to its author (its token already verified)
  int64_t reply_to = 0;    // ?replytocom=ID; ignored unless an approved comment of the post
  CommentFormState form;
  std::string error;  // a refusal's message without "Error: "; empty: none
  int64_t now = 0;    // Unix seconds, for "close comments on old posts"
  // While comments are paged (site::CommentsPaged): the comment page asked for
  // (PERMALINK/comment-page-N/); 0: the default page (the plain permalink). A page asked for
  // while they are not paged is not found.
  int64_t comment_page = 0;
  // The page's own URL path when it is not the item's (the static front page is at "/");
  // "" : the item's path.
  std::string canonical_path;
  // The reader sent the item's password (site/post_password.h: PasswordAccepted). A protected
  // item shows its body, comments and form only then; otherwise its title and the password form.
  bool password_accepted = false;
};

class ArticlePage {
 public:
  ArticlePage(store::Store& store, const Theme& theme);

  // The full HTML document for `post` (a post or a page) as `view` sees it, with its <head>
  // meta (site::MetaForItem; noindex unless published) and, for a page, its published child
  // pages. Fails when the store or the theme does, and with kNotFound when view.comment_page is
  // past the last comment page.
  Result<std::string> Render(const store::Post& post, const store::Settings& settings,
                             const ArticleView& view) const;

  // The comment page (1-based) that shows `comment` of `post` (a held one as shown to its
  // author); 0 when the post's comments are not paged, the comment is not shown, or the plain
  // permalink shows its page (comments::PageOfComment with LinkUse::kNow).
  Result<int64_t> PageOfComment(const store::Post& post, const store::Settings& settings,
                                const store::Comment& comment) const;

  // Whether comments may be posted on `post` at `now` (open, and not closed by age).
  static bool CommentsOpen(const store::Post& post, const store::Settings& settings, int64_t now);

 private:
  store::Store& store_;
  const Theme& theme_;
};

// The comment page (1-based) of each comment in `list` (a post's comments, oldest first, as
// store::ListComments gives them), threaded and paged as `settings` say; empty when they are not
// paged (site::CommentsPaged, counting the approved ones).
std::unordered_map<int64_t, int64_t> CommentPageIndex(const std::vector<store::Comment>& list,
                                                      const store::Settings& settings);

// A comment's text as safe HTML: a typed comment through comments::RenderCommentText; an
// imported WordPress one (Comment::html) through WordPress's comment allowlist
// (content::SanitizeCommentHtml) and its paragraphs and line breaks (comments::AutoParagraph).
std::string CommentContentHtml(const store::Comment& comment);

// "One thought on “TITLE”" / "N thoughts on “TITLE”" (plain text; escaped when written).
std::string CommentsHeading(int64_t count, std::string_view title);

}  // namespace quire::site
