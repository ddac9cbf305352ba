#include "admin/dashboard.h"

#include <utility>

#include "admin/comment_view.h"
#include "site/layout.h"
#include "store/moderation.h"

namespace quire::admin {

namespace mustache = kainjow::mustache;

void Dashboard::Show(const http::Request&, const Principal& principal,
                     http::Respond respond) const {
  mustache::data data;
  const bool moderator = principal.Can(Capability::kModerateComments);
  data.set("moderator", moderator);
  data.set("can_manage_options", principal.Can(Capability::kManageOptions));
  if (moderator) {
    Result<store::CommentCounts> counts = store::CountCommentsByStatus(deps_.store);
    if (!counts) return respond(site::FailureResponse(counts.error()));
    Result<store::ModerationPage> latest = store::ListForModeration(
        deps_.store, {.filter = store::CommentFilter::kAll, .limit = kDashboardComments});
    if (!latest) return respond(site::FailureResponse(latest.error()));
    Result<std::map<int64_t, store::Post>> posts = PostsOf(deps_.store, latest->comments);
    if (!posts) return respond(site::FailureResponse(posts.error()));
    const auto settings = deps_.settings.Get();
    mustache::data rows(mustache::data::type::list);
    for (const store::Comment& comment : latest->comments) {
      auto post = posts->find(comment.post_id);
      rows.push_back(CommentView(deps_.store, comment,
                                 post == posts->end() ? nullptr : &post->second, *settings));
    }
    const int64_t pending = counts->pending;
    data.set("pending_label", std::to_string(pending) + (pending == 1 ? " comment" : " comments") +
                                  " awaiting moderation");
    data.set("pending_url", ListState{.filter = store::CommentFilter::kPending}.Url());
    data.set("approved_count", std::to_string(counts->approved));
    data.set("spam_count", std::to_string(counts->spam));
    data.set("trash_count", std::to_string(counts->trash));
    data.set("comments", rows);
    data.set("has_comments", !latest->comments.empty());
    data.set("state", ListState().Hidden());
  }
  respond(layout_.Screen("dashboard", principal, std::move(data),
                         {.title = "Dashboard", .section = Section::kDashboard}));
}

}  // namespace quire::admin
