// The wp/v2 resources anonymous callers may read: posts, pages, comments, categories, tags,
// users, types, taxonomies, statuses and search, each as WordPress 6.1 answers them (see
// docs/api.md). routes.cc lists them with their arguments; the handlers live in
// resources_*.cc, one file per kind of resource.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/error.h"
#include "api/route_table.h"
#include "api/serialize.h"
#include "store/records.h"
#include "store/settings.h"
#include "store/store.h"

namespace quire::api {

class Resources {
 public:
  explicit Resources(store::Store& store) : store_(store) {}

  // Every route, in the order the index lists them. `table` is the finished table itself, for
  // the index routes ("/" and "/wp/v2"): it must outlive the handlers.
  RouteTable Routes(const RouteTable* table) const;

  // --- look-ups shared by the handlers (resources.cc) ---
  static Urls UrlsOf(const store::Settings& settings);
  RestResult<PostView> ViewOfPost(const store::Post& post, const store::Settings& settings,
                                  bool unlocked) const;
  // The comment page of each comment, by post id (site::CommentPageIndex; empty: not paged),
  // read once per post for a whole list.
  using CommentPages = std::map<int64_t, std::unordered_map<int64_t, int64_t>>;
  RestResult<CommentView> ViewOfComment(const store::Comment& comment,
                                        const store::Settings& settings, CommentPages& pages) const;
  TermView ViewOfTerm(const store::Term& term, const store::Settings& settings) const;
  UserView ViewOfUser(const store::User& user, const store::Settings& settings) const;

 private:
  // --- posts and pages (resources_posts.cc) ---
  RestResult<Reply> ListItems(const Call& call, store::PostType type) const;
  RestResult<Reply> GetItem(const Call& call, store::PostType type) const;
  // --- comments (resources_comments.cc) ---
  RestResult<Reply> ListComments(const Call& call) const;
  RestResult<Reply> GetComment(const Call& call) const;
  // --- categories and tags (resources_terms.cc) ---
  RestResult<Reply> ListTerms(const Call& call, std::string_view taxonomy) const;
  RestResult<Reply> GetTerm(const Call& call, std::string_view taxonomy) const;
  // --- users (resources_users.cc) ---
  RestResult<Reply> ListUsers(const Call& call) const;
  RestResult<Reply> GetUser(const Call& call) const;
  // --- types, taxonomies, statuses, search (resources_meta.cc) ---
  RestResult<Reply> ListTypes(const Call& call) const;
  RestResult<Reply> GetType(const Call& call) const;
  RestResult<Reply> ListTaxonomies(const Call& call) const;
  RestResult<Reply> GetTaxonomy(const Call& call) const;
  RestResult<Reply> ListStatuses(const Call& call) const;
  RestResult<Reply> GetStatus(const Call& call) const;
  RestResult<Reply> Search(const Call& call) const;

  store::Store& store_;
};

// --- helpers the handlers share (resources.cc) ---
Context ContextOf(const Call& call);
// X-WP-Total, X-WP-TotalPages and Link rel prev/next on the collection at `route` (e.g.
// "/wp/v2/posts"); the links repeat the request's arguments with page replaced.
void AddPaging(Reply& reply, const Call& call, std::string_view route, int64_t total);
// The ids of an integer-list argument ([] when absent).
std::vector<int64_t> IdsOf(const Json& args, const char* name);
std::vector<std::string> StringsOf(const Json& args, const char* name);
// A date-time argument (api/args.h kDateTime) as UTC seconds, read in the site's zone when it
// names none; 0 when absent.
int64_t DateArg(const Call& call, const char* name);
// Where a page of a collection starts: `offset` when given, else (page - 1) * per_page; at most
// kMaxOffset (a page far past any end stays past it without overflowing).
inline constexpr int64_t kMaxOffset = INT32_MAX;
int64_t OffsetOf(const Call& call);
// A route's numeric placeholder; nullopt when it does not fit an id.
std::optional<int64_t> IdOf(std::string_view capture);
// WordPress's "page past the end" refusal when page > pages and total > 0.
std::optional<RestError> PagePastEnd(const Call& call, int64_t total, std::string_view code);

}  // namespace quire::api
