#include "site/comment_post.h"

#include <memory>
#include <string>
#include <utility>

#include "comments/comment_link.h"
#include "comments/spam/form_stamp.h"
#include "comments/spam/spam_guard.h"
#include "comments/submission.h"
#include "comments/tokens.h"
#include "content/permalink.h"
#include "http/form.h"
#include "site/comment_pages.h"
#include "site/commenter_cookies.h"
#include "site/layout.h"
#include "site/list_page.h"
#include "site/post_password.h"
#include "site/refusal_page.h"
#include "util/strings.h"

namespace quire::site {

namespace {

constexpr std::string_view kErrorPrefix = "Error: ";
constexpr std::string_view kProtectedRefusal =
    "This post is password protected. Enter the password to view any comments.";

CommentFormState TypedFields(const http::Form& form) {
  CommentFormState typed;
  typed.author = std::string(form.GetOr("author"));
  typed.email = std::string(form.GetOr("email"));
  typed.url = std::string(form.GetOr("url"));
  typed.comment = std::string(form.GetOr("comment"));
  typed.consent = form.GetOr("wp-comment-cookies-consent") == "yes";
  typed.subscribe = form.GetOr("subscribe") == "yes";
  typed.parent_id = util::ParseInt(form.GetOr("comment_parent")).value_or(0);
  typed.stamp = std::string(form.GetOr(comments::spam::kStampField));
  return typed;
}

comments::Submission MakeSubmission(const CommentFormState& typed, const http::Form& form,
                                    int64_t post_id, const http::Request& request) {
  comments::Submission submission;
  submission.post_id = post_id;
  submission.parent_id = typed.parent_id;
  submission.author = typed.author;
  submission.email = typed.email;
  submission.url = typed.url;
  submission.content = typed.comment;
  submission.cookies_consent = typed.consent;
  submission.ip = request.remote_ip;
  submission.user_agent = std::string(request.Find("user-agent").value_or(""));
  submission.honeypot = std::string(form.GetOr(comments::spam::kHoneypotField));
  submission.form_stamp = typed.stamp;
  return submission;
}

// WordPress's sentences carry their own "Error: "; the conventions' markup adds it.
std::string RefusalMessage(std::string_view message) {
  if (util::StartsWith(message, kErrorPrefix)) message.remove_prefix(kErrorPrefix.size());
  return std::string(message);
}

}  // namespace

CommentPost::CommentPost(SiteDeps deps, const Theme& theme, const ArticlePage& article,
                         RenderWorkers& workers)
    : deps_(deps),
      theme_(theme),
      article_(article),
      workers_(workers),
      spam_guard_(std::make_unique<comments::spam::SpamGuard>(deps.store)) {}

comments::AfterStore CommentPost::AfterStore(bool subscribe) const {
  if (!deps_.comment_stored) return {};
  return [hook = deps_.comment_stored, subscribe](store::Transaction& tx,
                                                  const store::Comment& stored) {
    return hook(tx, stored, subscribe);
  };
}

void CommentPost::Handle(const http::Request& request, http::Respond respond) const {
  std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
  http::Form form = http::Form::Parse(request.body);
  int64_t post_id = util::ParseInt(form.GetOr("comment_post_ID")).value_or(0);
  Result<std::optional<store::Post>> post =
      post_id > 0 ? deps_.store.FindPost(post_id) : Result<std::optional<store::Post>>();
  if (!post) return respond(FailureResponse(post.error()));
  if (!post->has_value()) return respond(NotFoundResponse(theme_, *settings));
  CommentFormState typed = TypedFields(form);
  // As WordPress: no comments on a protected item from whoever has not entered its password.
  if (!PasswordAccepted(request, **post, *settings)) {
    return respond(RefuseAlone(*settings, typed,
                               Error{ErrorKind::kForbidden, std::string(kProtectedRefusal)}));
  }
  comments::Submission submission = MakeSubmission(typed, form, post_id, request);
  comments::AfterStore after_store = AfterStore(typed.subscribe);
  comments::Submit(
      deps_.store, *spam_guard_, *settings, std::move(submission), deps_.clock.Now(),
      [this, settings, post = std::move(**post), typed = std::move(typed),
       respond = std::move(respond)](Result<comments::Accepted> accepted) mutable {
        if (!accepted) {
          if (accepted.error().kind == ErrorKind::kNotFound) {
            return respond(NotFoundResponse(theme_, *settings));
          }
          return respond(Refuse(post, *settings, typed, accepted.error()));
        }
        // Off the store's thread; when every worker is busy, the plain permalink will do.
        workers_.Run([this, settings, post = std::move(post), comment = accepted->comment,
                      consent = typed.consent,
                      respond = std::move(respond)](bool on_worker) mutable {
          respond(Accept(post, *settings, comment, consent, on_worker));
        });
      },
      std::move(after_store));
}

http::Response CommentPost::Accept(const store::Post& post, const store::Settings& settings,
                                   const store::Comment& comment, bool consent,
                                   bool page_known) const {
  // The item's URL (a page's is /parent/child/); the post permalink when the store fails.
  std::string location =
      ItemPath(deps_.store, post, settings).value_or(content::PostPath(post, settings));
  // With comments paged, the page that holds the new comment (a failed look-up: the permalink).
  int64_t page = page_known ? article_.PageOfComment(post, settings, comment).value_or(0) : 0;
  std::string query;
  // Held, spammed and trashed comments all answer alike, so that a spammer learns nothing: each
  // shows up to its author, with its token, as "awaiting moderation".
  if (comment.status != store::CommentStatus::kApproved) {
    query = "unapproved=" + std::to_string(comment.id) +
            "&moderation-hash=" + comments::PendingToken(settings.secret, comment.id);
  }
  location = comments::CommentLink(location, page, comment.id, query);
  http::Response response = http::Response::Redirect(303, std::move(location));
  AddCommenterCookies(response, comment, consent);
  MarkPrivate(response);
  return response;
}

http::Response CommentPost::Refuse(const store::Post& post, const store::Settings& settings,
                                   const CommentFormState& typed, const Error& error) const {
  // A post the public may not see (draft, private, trash) is not shown, not even here: the
  // message and the typed text come back on a page of their own.
  if (post.status != store::PostStatus::kPublish) return RefuseAlone(settings, typed, error);
  // A light page (the form, the message, a link back), never the article with its comments.
  ArticleView view;
  view.form = typed;
  view.error = RefusalMessage(error.message);
  view.now = deps_.clock.Now();
  Result<std::string> html = RenderRefusalPage(deps_.store, theme_, post, settings, view);
  if (!html) return FailureResponse(html.error());
  int status = HttpStatusFor(error.kind);
  http::Response response = http::Response::Html(status, std::move(*html));
  if (status == 503) response.Set("Retry-After", "30");
  MarkPrivate(response);
  return response;
}

http::Response CommentPost::RefuseAlone(const store::Settings& settings,
                                        const CommentFormState& typed, const Error& error) const {
  kainjow::mustache::data data;
  data.set("message", RefusalMessage(error.message));
  data.set("comment", typed.comment);
  Result<std::string> main = theme_.Render("refused", data);
  if (!main) return FailureResponse(main.error());
  Result<std::string> html =
      RenderDocument(theme_, settings, "Comment not posted", "comment-refused", std::move(*main));
  if (!html) return FailureResponse(html.error());
  http::Response response = http::Response::Html(HttpStatusFor(error.kind), std::move(*html));
  MarkPrivate(response);
  return response;
}

}  // namespace quire::site
