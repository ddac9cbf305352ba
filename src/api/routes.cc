// The API's route table, read top to bottom: every route Quire serves under /wp-json, with the
// arguments it takes. The index (GET /wp-json/) is written from this same table.
#include "api/resources.h"

namespace quire::api {
namespace {

ArgSpec ContextArg(std::vector<std::string> contexts = {"view", "embed", "edit"}) {
  return ArgSpec{.name = "context",
                 .type = ArgType::kString,
                 .description =
                     "Scope under which the request is made; determines fields present "
                     "in response.",
                 .default_value = "view",
                 .enum_values = std::move(contexts)};
}

ArgSpec Integer(std::string name, std::string description, Json default_value = nullptr,
                std::optional<int64_t> minimum = std::nullopt,
                std::optional<int64_t> maximum = std::nullopt) {
  return ArgSpec{.name = std::move(name),
                 .type = ArgType::kInteger,
                 .description = std::move(description),
                 .default_value = std::move(default_value),
                 .minimum = minimum,
                 .maximum = maximum};
}

ArgSpec Ids(std::string name, std::string description) {
  return ArgSpec{.name = std::move(name),
                 .type = ArgType::kIntegerList,
                 .description = std::move(description),
                 .default_value = Json::array()};
}

ArgSpec Text(std::string name, std::string description, Json default_value = nullptr,
             std::vector<std::string> enum_values = {}) {
  return ArgSpec{.name = std::move(name),
                 .type = ArgType::kString,
                 .description = std::move(description),
                 .default_value = std::move(default_value),
                 .enum_values = std::move(enum_values)};
}

ArgSpec Texts(std::string name, std::string description, std::vector<std::string> enum_values = {},
              Json default_value = nullptr) {
  return ArgSpec{.name = std::move(name),
                 .type = ArgType::kStringList,
                 .description = std::move(description),
                 .default_value = std::move(default_value),
                 .enum_values = std::move(enum_values)};
}

// page, per_page (1..100) and search: every collection's.
std::vector<ArgSpec> Collection() {
  return {ContextArg(), Integer("page", "Current page of the collection.", 1, 1),
          Integer("per_page", "Maximum number of items to be returned in result set.", 10, 1, 100),
          Text("search", "Limit results to those matching a string.")};
}

ArgSpec Date(std::string name, std::string description) {
  return ArgSpec{
      .name = std::move(name), .type = ArgType::kDateTime, .description = std::move(description)};
}

std::vector<ArgSpec> With(std::vector<ArgSpec> base, std::vector<ArgSpec> more) {
  for (ArgSpec& spec : more) base.push_back(std::move(spec));
  return base;
}

// What posts may be ordered by; pages also by menu_order.
std::vector<std::string> OrderBy(bool page) {
  std::vector<std::string> keys = {"author", "date",      "id",   "include", "modified",
                                   "parent", "relevance", "slug", "title"};
  if (page) keys.emplace_back("menu_order");
  return keys;
}

std::vector<ArgSpec> ItemArgs(bool page) {
  std::vector<ArgSpec> args = With(
      Collection(),
      {Date("after", "Limit response to posts published after a given ISO8601 compliant date."),
       Date("modified_after",
            "Limit response to posts modified after a given ISO8601 compliant date."),
       Ids("author", "Limit result set to posts assigned to specific authors."),
       Ids("author_exclude", "Ensure result set excludes posts assigned to specific authors."),
       Date("before", "Limit response to posts published before a given ISO8601 compliant date."),
       Date("modified_before",
            "Limit response to posts modified before a given ISO8601 compliant date."),
       Ids("exclude", "Ensure result set excludes specific IDs."),
       Ids("include", "Limit result set to specific IDs."),
       Integer("offset", "Offset the result set by a specific number of items.", nullptr, 0),
       Text("order", "Order sort attribute ascending or descending.", "desc", {"asc", "desc"}),
       Text("orderby", "Sort collection by post attribute.", "date", OrderBy(page)),
       Texts("slug", "Limit result set to posts with one or more specific slugs."),
       Texts("status", "Limit result set to posts assigned one or more statuses.",
             {"publish", "future", "draft", "pending", "private", "trash"},
             Json::array({"publish"}))});
  if (page) {
    args.push_back(Ids("parent", "Limit result set to items with particular parent IDs."));
    args.push_back(Ids("parent_exclude",
                       "Limit result set to all items except those of a particular parent ID."));
  } else {
    args.push_back(ArgSpec{.name = "sticky",
                           .type = ArgType::kBoolean,
                           .description = "Limit result set to items that are sticky."});
    args.push_back(
        Ids("categories",
            "Limit result set to items with specific terms assigned in the categories taxonomy."));
    args.push_back(Ids("categories_exclude",
                       "Limit result set to items except those with specific terms assigned in the "
                       "categories taxonomy."));
    args.push_back(Ids(
        "tags", "Limit result set to items with specific terms assigned in the tags taxonomy."));
    args.push_back(Ids("tags_exclude",
                       "Limit result set to items except those with specific terms assigned in the "
                       "tags taxonomy."));
  }
  return args;
}

std::vector<ArgSpec> OneItemArgs() {
  return {ContextArg(), Text("password", "The password for the post if it is password protected.")};
}

std::vector<ArgSpec> CommentArgs() {
  return With(
      Collection(),
      {Date("after", "Limit response to comments published after a given ISO8601 compliant date."),
       Ids("author",
           "Limit result set to comments assigned to specific user IDs. Requires authorization."),
       Ids("author_exclude",
           "Ensure result set excludes comments assigned to specific user IDs. Requires "
           "authorization."),
       Text("author_email",
            "Limit result set to that from a specific author email. Requires authorization."),
       Date("before",
            "Limit response to comments published before a given ISO8601 compliant date."),
       Ids("exclude", "Ensure result set excludes specific IDs."),
       Ids("include", "Limit result set to specific IDs."),
       Integer("offset", "Offset the result set by a specific number of items.", nullptr, 0),
       Text("order", "Order sort attribute ascending or descending.", "desc", {"asc", "desc"}),
       Text("orderby", "Sort collection by comment attribute.", "date_gmt",
            {"date", "date_gmt", "id", "include", "post", "parent", "type"}),
       Ids("parent", "Limit result set to comments of specific parent IDs."),
       Ids("parent_exclude", "Ensure result set excludes specific parent IDs."),
       Ids("post", "Limit result set to comments assigned to specific post IDs."),
       Text("status",
            "Limit result set to comments assigned a specific status. Requires authorization.",
            "approve"),
       Text("type",
            "Limit result set to comments assigned a specific type. Requires authorization.",
            "comment")});
}

std::vector<ArgSpec> TermArgs(bool category) {
  std::vector<ArgSpec> args =
      With(Collection(),
           {Ids("exclude", "Ensure result set excludes specific IDs."),
            Ids("include", "Limit result set to specific IDs."),
            Integer("offset", "Offset the result set by a specific number of items.", nullptr, 0),
            Text("order", "Order sort attribute ascending or descending.", "asc", {"asc", "desc"}),
            Text("orderby", "Sort collection by term attribute.", "name",
                 {"id", "include", "name", "slug", "description", "count"}),
            ArgSpec{.name = "hide_empty",
                    .type = ArgType::kBoolean,
                    .description = "Whether to hide terms not assigned to any posts.",
                    .default_value = false},
            Integer("post", "Limit result set to terms assigned to a specific post."),
            Texts("slug", "Limit result set to terms with one or more specific slugs.")});
  if (category) {
    args.push_back(Integer("parent", "Limit result set to terms assigned to a specific parent."));
  }
  return args;
}

std::vector<ArgSpec> UserArgs() {
  return With(
      Collection(),
      {Ids("exclude", "Ensure result set excludes specific IDs."),
       Ids("include", "Limit result set to specific IDs."),
       Integer("offset", "Offset the result set by a specific number of items.", nullptr, 0),
       Text("order", "Order sort attribute ascending or descending.", "asc", {"asc", "desc"}),
       Text("orderby", "Sort collection by user attribute.", "name",
            {"id", "include", "name", "slug"}),
       Texts("slug", "Limit result set to users with one or more specific slugs."),
       Texts("roles",
             "Limit result set to users matching at least one specific role provided. Accepts csv "
             "list or single role."),
       Texts("capabilities",
             "Limit result set to users matching at least one specific capability provided. "
             "Accepts csv list or single capability."),
       Text("who", "Limit result set to users who are considered authors.", nullptr, {"authors"})});
}

std::vector<ArgSpec> SearchArgs() {
  return {ContextArg({"view", "embed"}),
          Integer("page", "Current page of the collection.", 1, 1),
          Integer("per_page", "Maximum number of items to be returned in result set.", 10, 1, 100),
          Text("search", "Limit results to those matching a string."),
          Text("type", "Limit results to items of an object type.", "post", {"post", "term"}),
          Texts("subtype", "Limit results to items of one or more object subtypes.",
                {"post", "page", "category", "post_tag", "any"}, Json::array({"any"}))};
}

}  // namespace

RouteTable Resources::Routes(const RouteTable* table) const {
  using store::PostType;
  RouteTable routes;
  auto add = [&routes](std::string pattern, std::vector<ArgSpec> args, EndpointHandler handler) {
    routes.Add(Route{std::move(pattern), std::move(args), std::move(handler)});
  };
  auto index = [table](const Call& call) -> RestResult<Reply> {
    Reply reply;
    reply.body = {
        {"namespace", "wp/v2"},
        {"routes", table->DescribeNamespace("wp/v2", call.api_root)},
        {"_links", {{"up", Json::array({Json{{"href", std::string(call.api_root) + "/"}}})}}}};
    reply.tags = {"api-static"};
    return reply;
  };
  // "/" (the index) is answered by the Api itself: it needs the site's name and address.
  add("/", {ContextArg({"view"})}, nullptr);
  add("/wp/v2", {ContextArg({"view"})}, index);

  add("/wp/v2/posts", ItemArgs(false),
      [this](const Call& c) { return ListItems(c, PostType::kPost); });
  add("/wp/v2/posts/(?P<id>[\\d]+)", OneItemArgs(),
      [this](const Call& c) { return GetItem(c, PostType::kPost); });
  add("/wp/v2/pages", ItemArgs(true),
      [this](const Call& c) { return ListItems(c, PostType::kPage); });
  add("/wp/v2/pages/(?P<id>[\\d]+)", OneItemArgs(),
      [this](const Call& c) { return GetItem(c, PostType::kPage); });
  add("/wp/v2/comments", CommentArgs(), [this](const Call& c) { return ListComments(c); });
  add("/wp/v2/comments/(?P<id>[\\d]+)", OneItemArgs(),
      [this](const Call& c) { return GetComment(c); });
  add("/wp/v2/categories", TermArgs(true),
      [this](const Call& c) { return ListTerms(c, store::kCategory); });
  add("/wp/v2/categories/(?P<id>[\\d]+)", {ContextArg()},
      [this](const Call& c) { return GetTerm(c, store::kCategory); });
  add("/wp/v2/tags", TermArgs(false),
      [this](const Call& c) { return ListTerms(c, store::kPostTag); });
  add("/wp/v2/tags/(?P<id>[\\d]+)", {ContextArg()},
      [this](const Call& c) { return GetTerm(c, store::kPostTag); });
  add("/wp/v2/users", UserArgs(), [this](const Call& c) { return ListUsers(c); });
  add("/wp/v2/users/(?P<id>[\\d]+)", {ContextArg()}, [this](const Call& c) { return GetUser(c); });
  add("/wp/v2/users/me", {ContextArg()}, [](const Call&) -> RestResult<Reply> {
    return std::unexpected(Unauthorized("rest_not_logged_in", "You are not currently logged in."));
  });
  add("/wp/v2/types", {ContextArg()}, [this](const Call& c) { return ListTypes(c); });
  add("/wp/v2/types/(?P<type>[\\w-]+)", {ContextArg()},
      [this](const Call& c) { return GetType(c); });
  add("/wp/v2/taxonomies",
      {ContextArg(),
       Text("type", "Limit results to taxonomies associated with a specific post type.")},
      [this](const Call& c) { return ListTaxonomies(c); });
  add("/wp/v2/taxonomies/(?P<taxonomy>[\\w-]+)", {ContextArg()},
      [this](const Call& c) { return GetTaxonomy(c); });
  add("/wp/v2/statuses", {ContextArg()}, [this](const Call& c) { return ListStatuses(c); });
  add("/wp/v2/statuses/(?P<status>[\\w-]+)", {ContextArg()},
      [this](const Call& c) { return GetStatus(c); });
  add("/wp/v2/search", SearchArgs(), [this](const Call& c) { return Search(c); });
  return routes;
}

}  // namespace quire::api
