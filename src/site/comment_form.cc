#include "site/comment_form.h"

#include <algorithm>

#include "comments/spam/form_stamp.h"

namespace quire::site {

namespace mustache = kainjow::mustache;

const store::Comment* FindApproved(const std::vector<store::Comment>& list, int64_t id) {
  if (id <= 0) return nullptr;
  auto it = std::find_if(list.begin(), list.end(), [id](const store::Comment& c) {
    return c.id == id && c.status == store::CommentStatus::kApproved;
  });
  return it == list.end() ? nullptr : &*it;
}

namespace {

// The form's stamp: the one a refused form was sent with while it is still ours and fresh (so
// the time counts from when the form was first shown), else a new one for now.
std::string FormStamp(const store::Post& post, const store::Settings& settings,
                      const ArticleView& view) {
  if (!view.form.stamp.empty()) {
    comments::spam::StampCheck check =
        comments::spam::CheckFormStamp(settings.secret, post.id, view.form.stamp, view.now, 0)
            .check;
    if (check == comments::spam::StampCheck::kFresh) return view.form.stamp;
  }
  return comments::spam::MakeFormStamp(settings.secret, post.id, view.now);
}

}  // namespace

void SetCommentFormData(mustache::data& data, const store::Post& post,
                        const store::Settings& settings, const ArticleView& view,
                        const store::Comment* reply_to, const std::string& reply_to_url,
                        const std::string& permalink, bool open) {
  bool registration = open && settings.comment_registration;
  data.set("comments_closed", !open);
  data.set("registration_required", registration);
  data.set("form_shown", open && !registration);
  data.set("replying", reply_to != nullptr);
  data.set("reply_to_url", reply_to_url);
  data.set("reply_to_id", reply_to ? std::to_string(reply_to->id) : std::string());
  data.set("reply_to_name", reply_to ? reply_to->author : std::string());
  data.set("cancel_url", permalink + "#respond");
  data.set("has_error", !view.error.empty());
  data.set("error", view.error);
  data.set("post_id", std::to_string(post.id));
  int64_t form_parent =
      view.form.parent_id != 0 ? view.form.parent_id : (reply_to ? reply_to->id : 0);
  data.set("form_parent", std::to_string(form_parent));
  data.set("form_author", view.form.author);
  data.set("form_email", view.form.email);
  data.set("form_url", view.form.url);
  data.set("form_comment", view.form.comment);
  data.set("consent_checked", view.form.consent);
  data.set("subscribe_checked", view.form.subscribe);
  data.set("show_consent", settings.show_comments_cookies_opt_in);
  data.set("require_name_email", settings.require_name_email);
  data.set("honeypot", settings.spam_honeypot);
  data.set("form_stamp", FormStamp(post, settings, view));
}

}  // namespace quire::site
