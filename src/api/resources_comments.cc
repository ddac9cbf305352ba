// /wp/v2/comments: approved comments on published items. Nothing here ever carries an email
// address or a hash of one (api/serialize.h).
#include "api/resources.h"
#include "store/api_queries.h"

namespace quire::api {
namespace {

using OrderBy = store::CommentFilter::OrderBy;

OrderBy OrderByOf(std::string_view word) {
  if (word == "id") return OrderBy::kId;
  if (word == "post") return OrderBy::kPost;
  if (word == "parent") return OrderBy::kParent;
  if (word == "include") return OrderBy::kInclude;
  return OrderBy::kDate;  // date, date_gmt; type (every comment is of type "comment")
}

// WordPress's rest_forbidden_param: filters only moderators may use (status other than
// "approve", type other than "comment", any author filter).
std::optional<RestError> ForbiddenParam(const Call& call) {
  std::vector<std::string> forbidden;
  if (!IdsOf(call.args, "author").empty()) forbidden.push_back("author");
  if (!IdsOf(call.args, "author_exclude").empty()) forbidden.push_back("author_exclude");
  if (!call.args.value("author_email", std::string()).empty()) forbidden.push_back("author_email");
  if (call.args.value("type", std::string("comment")) != "comment") forbidden.push_back("type");
  if (call.args.value("status", std::string("approve")) != "approve") forbidden.push_back("status");
  if (forbidden.empty()) return std::nullopt;
  std::string names;
  for (const std::string& name : forbidden) names += (names.empty() ? "" : ", ") + name;
  return Unauthorized("rest_forbidden_param", "Query parameter not permitted: " + names);
}

}  // namespace

RestResult<Reply> Resources::ListComments(const Call& call) const {
  if (auto refused = ForbiddenParam(call)) return std::unexpected(*refused);
  store::CommentFilter filter;
  filter.include = IdsOf(call.args, "include");
  filter.exclude = IdsOf(call.args, "exclude");
  filter.posts = IdsOf(call.args, "post");
  filter.parents = IdsOf(call.args, "parent");
  filter.parents_exclude = IdsOf(call.args, "parent_exclude");
  filter.search = call.args.value("search", std::string());
  filter.after = DateArg(call, "after");
  filter.before = DateArg(call, "before");
  std::string order_by = call.args.value("orderby", std::string("date_gmt"));
  if (order_by == "include" && filter.include.empty()) {
    return RestFail(400, "rest_orderby_include_missing_include",
                    "You need to define an include parameter to order by include.");
  }
  filter.order_by = OrderByOf(order_by);
  filter.ascending = call.args.value("order", std::string("desc")) == "asc";
  int64_t per_page = call.args.value("per_page", int64_t{10});
  filter.limit = static_cast<int>(per_page);
  filter.offset = static_cast<int>(OffsetOf(call));
  Result<store::CommentPage> found = store::QueryComments(store_, filter);
  if (!found) return std::unexpected(FromStoreError(found.error()));
  if (auto past = PagePastEnd(call, found->total, "rest_comment_invalid_page_number")) {
    return std::unexpected(*past);
  }
  Reply reply;
  reply.body = Json::array();
  // "comments": every new or moderated comment records it (docs/conventions.md).
  reply.tags = {"comments"};
  const Urls urls = UrlsOf(call.settings);
  CommentPages pages;
  for (const store::Comment& comment : found->comments) {
    RestResult<CommentView> view = ViewOfComment(comment, call.settings, pages);
    if (!view) return std::unexpected(view.error());
    reply.body.push_back(CommentJson(*view, ContextOf(call), urls));
    reply.tags.push_back("post:" + std::to_string(comment.post_id));
  }
  AddPaging(reply, call, "/wp/v2/comments", found->total);
  return reply;
}

RestResult<Reply> Resources::GetComment(const Call& call) const {
  std::optional<int64_t> id = IdOf(call.capture);
  Result<std::optional<store::Comment>> comment =
      id ? store_.FindComment(*id) : Result<std::optional<store::Comment>>();
  if (!comment) return std::unexpected(FromStoreError(comment.error()));
  if (!*comment) return RestFail(404, "rest_comment_invalid_id", "Invalid comment ID.");
  Result<std::optional<store::Post>> post = store_.FindPost((*comment)->post_id);
  if (!post) return std::unexpected(FromStoreError(post.error()));
  bool readable = (*comment)->status == store::CommentStatus::kApproved && *post &&
                  (*post)->status == store::PostStatus::kPublish && (*post)->password.empty();
  if (!readable) {
    return std::unexpected(
        Unauthorized("rest_cannot_read", "Sorry, you are not allowed to read this comment."));
  }
  CommentPages pages;
  RestResult<CommentView> view = ViewOfComment(**comment, call.settings, pages);
  if (!view) return std::unexpected(view.error());
  Reply reply;
  reply.body = CommentJson(*view, ContextOf(call), UrlsOf(call.settings));
  reply.tags = {"comments", "post:" + std::to_string((*comment)->post_id)};
  return reply;
}

}  // namespace quire::api
