// /wp/v2/users: anonymous callers see only users with published items, as WordPress shows
// them; never a login's email, nor a hash of one (the avatar is the keyed identicon).
#include <algorithm>

#include "api/resources.h"
#include "store/api_queries.h"
#include "util/stable_sort.h"
#include "util/strings.h"

namespace quire::api {

RestResult<Reply> Resources::ListUsers(const Call& call) const {
  // Filters WordPress keeps for those who may list users (or edit posts, for "who").
  if (!StringsOf(call.args, "roles").empty() || !StringsOf(call.args, "capabilities").empty()) {
    return std::unexpected(Unauthorized("rest_user_cannot_view",
                                        "Sorry, you are not allowed to filter users by role."));
  }
  if (call.args.contains("who")) {
    return std::unexpected(Unauthorized(
        "rest_forbidden_who", "Sorry, you are not allowed to query users by this parameter."));
  }
  Result<std::vector<int64_t>> ids = store::PublishedAuthorIds(store_);
  if (!ids) return std::unexpected(FromStoreError(ids.error()));
  const std::vector<int64_t> include = IdsOf(call.args, "include");
  const std::vector<int64_t> exclude = IdsOf(call.args, "exclude");
  const std::vector<std::string> slugs = StringsOf(call.args, "slug");
  const std::string search = util::ToLower(call.args.value("search", std::string()));
  std::vector<store::User> users;
  for (int64_t id : *ids) {
    if (!include.empty() && std::ranges::find(include, id) == include.end()) continue;
    if (std::ranges::find(exclude, id) != exclude.end()) continue;
    Result<std::optional<store::User>> user = store_.FindUser(id);
    if (!user) return std::unexpected(FromStoreError(user.error()));
    if (!*user) continue;
    if (!slugs.empty() && std::ranges::find(slugs, (*user)->login) == slugs.end()) continue;
    UserView shown = ViewOfUser(**user, call.settings);
    if (!search.empty() && util::ToLower(shown.name).find(search) == std::string::npos &&
        util::ToLower(shown.slug).find(search) == std::string::npos) {
      continue;
    }
    users.push_back(std::move(**user));
  }
  std::string order_by = call.args.value("orderby", std::string("name"));
  bool ascending = call.args.value("order", std::string("asc")) == "asc";
  auto key_less = [&](const store::User& a, const store::User& b) {
    if (order_by == "id") return a.id < b.id;
    if (order_by == "slug") return a.login < b.login;
    if (order_by == "include") {
      return std::ranges::find(include, a.id) < std::ranges::find(include, b.id);
    }
    return util::ToLower(a.display_name) < util::ToLower(b.display_name);
  };
  util::StableSort(users, [&](const store::User& a, const store::User& b) {
    return ascending ? key_less(a, b) : key_less(b, a);
  });

  Reply reply;
  reply.tags = {"front"};  // an author's first or last published item records it
  reply.body = Json::array();
  const int64_t total = static_cast<int64_t>(users.size());
  int64_t per_page = call.args.value("per_page", int64_t{10});
  const int64_t offset = OffsetOf(call);
  const Urls urls = UrlsOf(call.settings);
  for (int64_t i = std::max<int64_t>(offset, 0); i < total && i < offset + per_page; ++i) {
    const store::User& user = users[static_cast<size_t>(i)];
    reply.body.push_back(UserJson(ViewOfUser(user, call.settings), ContextOf(call), urls));
    reply.tags.push_back("author:" + std::to_string(user.id));
  }
  AddPaging(reply, call, "/wp/v2/users", total);
  return reply;
}

RestResult<Reply> Resources::GetUser(const Call& call) const {
  std::optional<int64_t> id = IdOf(call.capture);
  Result<std::optional<store::User>> user =
      id ? store_.FindUser(*id) : Result<std::optional<store::User>>();
  if (!user) return std::unexpected(FromStoreError(user.error()));
  if (!*user) return RestFail(404, "rest_user_invalid_id", "Invalid user ID.");
  Result<std::vector<int64_t>> authors = store::PublishedAuthorIds(store_);
  if (!authors) return std::unexpected(FromStoreError(authors.error()));
  if (!std::ranges::binary_search(*authors, (*user)->id)) {
    return std::unexpected(
        Unauthorized("rest_user_cannot_view", "Sorry, you are not allowed to list users."));
  }
  Reply reply;
  reply.body = UserJson(ViewOfUser(**user, call.settings), ContextOf(call), UrlsOf(call.settings));
  reply.tags = {"front", "author:" + std::to_string((*user)->id)};
  return reply;
}

}  // namespace quire::api
