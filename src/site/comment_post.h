// POST /wp-comments-post.php: the "Leave a Reply" form's target. Hands the fields to
// comments::Submit; on success 303 to the comment (with the pending token when held) and the
// commenter cookies set or cleared; on refusal a light page (site/refusal_page.h) with the
// refusal's status, the form filled with what was typed and the message above it, and a link
// back to the post (docs/conventions.md).
#pragma once

#include <memory>

#include "comments/spam/spam_guard.h"
#include "comments/submission.h"
#include "http/message.h"
#include "site/article_page.h"
#include "site/render_workers.h"
#include "site/site.h"
#include "site/theme.h"

namespace quire::site {

class CommentPost {
 public:
  // Accepted comments are answered on `workers` (finding the comment's page reads the post's
  // comments), not on the store's writer thread.
  CommentPost(SiteDeps deps, const Theme& theme, const ArticlePage& article,
              RenderWorkers& workers);

  // Answers one submission; `respond` may be called on a thread of the store's.
  void Handle(const http::Request& request, http::Respond respond) const;

 private:
  http::Response Refuse(const store::Post& post, const store::Settings& settings,
                        const CommentFormState& typed, const Error& error) const;
  // The refusal for a post the public may not see: the message and the typed text only.
  http::Response RefuseAlone(const store::Settings& settings, const CommentFormState& typed,
                             const Error& error) const;
  // The engine's comment_stored hook bound to the form's subscribe box (empty without a hook).
  comments::AfterStore AfterStore(bool subscribe) const;
  // page_known: find the comment page that shows it (false: the plain permalink).
  http::Response Accept(const store::Post& post, const store::Settings& settings,
                        const store::Comment& comment, bool consent, bool page_known) const;

  SiteDeps deps_;
  const Theme& theme_;
  const ArticlePage& article_;
  RenderWorkers& workers_;
  // The spam defence's rate limits (in memory) for this site's comment form.
  std::unique_ptr<comments::spam::SpamGuard> spam_guard_;
};

}  // namespace quire::site
