// /wp/v2/posts and /wp/v2/pages: published items, as anonymous callers see them.
#include <algorithm>

#include "api/resources.h"
#include "store/api_queries.h"

namespace quire::api {
namespace {

using OrderBy = store::ItemFilter::OrderBy;

OrderBy OrderByOf(std::string_view word) {
  if (word == "id") return OrderBy::kId;
  if (word == "title") return OrderBy::kTitle;
  if (word == "slug") return OrderBy::kSlug;
  if (word == "modified") return OrderBy::kModified;
  if (word == "author") return OrderBy::kAuthor;
  if (word == "parent") return OrderBy::kParent;
  if (word == "menu_order") return OrderBy::kMenuOrder;
  if (word == "include") return OrderBy::kInclude;
  if (word == "relevance") return OrderBy::kRelevance;
  return OrderBy::kDate;
}

std::string_view RouteOf(store::PostType type) {
  return type == store::PostType::kPage ? "/wp/v2/pages" : "/wp/v2/posts";
}

}  // namespace

RestResult<Reply> Resources::ListItems(const Call& call, store::PostType type) const {
  for (const std::string& status : StringsOf(call.args, "status")) {
    if (status != "publish") {
      return std::unexpected(Unauthorized("rest_forbidden_status", "Status is forbidden."));
    }
  }
  store::ItemFilter filter;
  filter.type = type;
  filter.include = IdsOf(call.args, "include");
  filter.exclude = IdsOf(call.args, "exclude");
  filter.authors = IdsOf(call.args, "author");
  filter.authors_exclude = IdsOf(call.args, "author_exclude");
  filter.slugs = StringsOf(call.args, "slug");
  filter.search = call.args.value("search", std::string());
  filter.after = DateArg(call, "after");
  filter.before = DateArg(call, "before");
  filter.modified_after = DateArg(call, "modified_after");
  filter.modified_before = DateArg(call, "modified_before");
  if (type == store::PostType::kPost && call.args.contains("sticky")) {
    filter.sticky = call.args["sticky"].get<bool>();
  }
  if (type == store::PostType::kPost) {
    filter.categories = IdsOf(call.args, "categories");
    filter.categories_exclude = IdsOf(call.args, "categories_exclude");
    filter.tags = IdsOf(call.args, "tags");
    filter.tags_exclude = IdsOf(call.args, "tags_exclude");
  } else {
    filter.parents = IdsOf(call.args, "parent");
    filter.parents_exclude = IdsOf(call.args, "parent_exclude");
  }
  std::string order_by = call.args.value("orderby", std::string("date"));
  if (order_by == "include" && filter.include.empty()) {
    return RestFail(400, "rest_orderby_include_missing_include",
                    "You need to define an include parameter to order by include.");
  }
  if (order_by == "relevance" && filter.search.empty()) {
    return RestFail(400, "rest_no_search_term_defined",
                    "You need to define a search term to order by relevance.");
  }
  filter.order_by = OrderByOf(order_by);
  filter.ascending = call.args.value("order", std::string("desc")) == "asc";
  int64_t per_page = call.args.value("per_page", int64_t{10});
  filter.limit = static_cast<int>(per_page);
  filter.offset = static_cast<int>(OffsetOf(call));
  Result<store::ListPage> found = store::QueryItems(store_, filter);
  if (!found) return std::unexpected(FromStoreError(found.error()));
  if (auto past = PagePastEnd(call, found->total, "rest_post_invalid_page_number")) {
    return std::unexpected(*past);
  }
  Reply reply;
  reply.body = Json::array();
  // Every item shown, and "front": any published item's change (a new one too) records it.
  reply.tags = {"front"};
  if (type == store::PostType::kPage) reply.tags.push_back("pages");
  const Urls urls = UrlsOf(call.settings);
  for (const store::Post& post : found->items) {
    RestResult<PostView> view = ViewOfPost(post, call.settings, false);
    if (!view) return std::unexpected(view.error());
    reply.body.push_back(PostJson(*view, ContextOf(call), urls));
    reply.tags.push_back("post:" + std::to_string(post.id));
  }
  AddPaging(reply, call, RouteOf(type), found->total);
  return reply;
}

RestResult<Reply> Resources::GetItem(const Call& call, store::PostType type) const {
  std::optional<int64_t> id = IdOf(call.capture);
  Result<std::optional<store::Post>> post =
      id ? store_.FindPost(*id) : Result<std::optional<store::Post>>();
  if (!post) return std::unexpected(FromStoreError(post.error()));
  if (!*post || (*post)->type != type || (*post)->status == store::PostStatus::kTrash) {
    return RestFail(404, "rest_post_invalid_id", "Invalid post ID.");
  }
  if ((*post)->status != store::PostStatus::kPublish) {
    return std::unexpected(
        Unauthorized("rest_forbidden", "Sorry, you are not allowed to do that."));
  }
  std::string password = call.args.value("password", std::string());
  bool unlocked = false;
  if (!(*post)->password.empty() && !password.empty()) {
    if (password != (*post)->password) {
      return RestFail(403, "rest_post_incorrect_password", "Incorrect post password.");
    }
    unlocked = true;
  }
  RestResult<PostView> view = ViewOfPost(**post, call.settings, unlocked);
  if (!view) return std::unexpected(view.error());
  Reply reply;
  reply.body = PostJson(*view, ContextOf(call), UrlsOf(call.settings));
  reply.headers.push_back({"Link", "<" + view->link + ">; rel=\"alternate\"; type=text/html"});
  // An unlocked body is for whoever gave the password: never cached.
  if (!unlocked) reply.tags = {"post:" + std::to_string((*post)->id)};
  return reply;
}

}  // namespace quire::api
