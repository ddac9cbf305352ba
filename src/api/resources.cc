#include "api/resources.h"

#include <algorithm>

#include "api/absolute_links.h"
#include "comments/tokens.h"
#include "content/markdown.h"
#include "content/site_zone.h"
#include "media/responsive.h"
#include "site/article_page.h"
#include "site/comment_pages.h"
#include "site/list_page.h"
#include "store/api_queries.h"
#include "store/taxonomy.h"
#include "util/strings.h"

namespace quire::api {

Context ContextOf(const Call& call) {
  return call.args.value("context", std::string("view")) == "embed" ? Context::kEmbed
                                                                    : Context::kView;
}

std::vector<int64_t> IdsOf(const Json& args, const char* name) {
  std::vector<int64_t> ids;
  auto it = args.find(name);
  if (it == args.end() || !it->is_array()) return ids;
  for (const Json& id : *it) ids.push_back(id.get<int64_t>());
  return ids;
}

std::vector<std::string> StringsOf(const Json& args, const char* name) {
  std::vector<std::string> texts;
  auto it = args.find(name);
  if (it == args.end() || !it->is_array()) return texts;
  for (const Json& text : *it) texts.push_back(text.get<std::string>());
  return texts;
}

int64_t DateArg(const Call& call, const char* name) {
  auto it = call.args.find(name);
  if (it == call.args.end() || !it->is_string()) return 0;
  content::SiteZone zone = content::SiteZone::Of(call.settings);
  std::optional<int64_t> utc = RestDateToUtc(
      it->get<std::string>(), [&zone](int64_t local) { return zone.FromLocal(local); });
  return utc.value_or(0);
}

int64_t OffsetOf(const Call& call) {
  if (call.args.contains("offset")) {
    return std::clamp<int64_t>(call.args["offset"].get<int64_t>(), 0, kMaxOffset);
  }
  int64_t per_page = std::max<int64_t>(call.args.value("per_page", int64_t{10}), 1);
  int64_t page = std::max<int64_t>(call.args.value("page", int64_t{1}), 1);
  if (page - 1 > kMaxOffset / per_page) return kMaxOffset;
  return (page - 1) * per_page;
}

std::optional<int64_t> IdOf(std::string_view capture) {
  std::optional<int64_t> id = util::ParseInt(capture);
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

std::optional<RestError> PagePastEnd(const Call& call, int64_t total, std::string_view code) {
  int64_t per_page = call.args.value("per_page", int64_t{10});
  int64_t page = call.args.value("page", int64_t{1});
  int64_t pages = per_page > 0 ? (total + per_page - 1) / per_page : 0;
  if (total > 0 && page > pages) {
    return RestError{400, std::string(code),
                     "The page number requested is larger than the number of pages available."};
  }
  return std::nullopt;
}

void AddPaging(Reply& reply, const Call& call, std::string_view route, int64_t total) {
  int64_t per_page = std::max<int64_t>(call.args.value("per_page", int64_t{10}), 1);
  int64_t page = call.args.value("page", int64_t{1});
  int64_t pages = (total + per_page - 1) / per_page;
  reply.headers.push_back({"X-WP-Total", std::to_string(total)});
  reply.headers.push_back({"X-WP-TotalPages", std::to_string(pages)});
  // The request's own arguments, page last (WordPress's add_query_arg on the collection URL);
  // lists as name[0]=..., as WordPress writes them back.
  std::string query;
  for (const std::string& name : call.query.Names()) {
    if (name == "page") continue;
    auto add = [&query](std::string_view key, std::string_view value) {
      query += query.empty() ? "" : "&";
      query += util::UrlEncode(key) + "=" + util::UrlEncode(value);
    };
    auto it = call.args.find(name);
    if (it != call.args.end() && it->is_array()) {
      for (size_t i = 0; i < it->size(); ++i) {
        const Json& item = (*it)[i];
        add(name + "[" + std::to_string(i) + "]",
            item.is_string() ? item.get<std::string>() : item.dump());
      }
    } else if (std::optional<std::string_view> value = call.query.First(name)) {
      add(name, *value);
    }
  }
  auto link = [&](int64_t to) {
    std::string url = std::string(call.api_root) + std::string(route) + "?" + query;
    url += (query.empty() ? "" : "&") + std::string("page=") + std::to_string(to);
    return "<" + url + ">";
  };
  std::string header;
  if (page > 1) header = link(std::min(page - 1, pages)) + "; rel=\"prev\"";
  if (page < pages) {
    header += (header.empty() ? "" : ", ") + link(page + 1) + "; rel=\"next\"";
  }
  if (!header.empty()) reply.headers.push_back({"Link", std::move(header)});
}

Urls Resources::UrlsOf(const store::Settings& settings) {
  std::string home = settings.home_url;
  while (home.ends_with('/')) home.pop_back();
  return Urls{std::move(home)};
}

RestResult<PostView> Resources::ViewOfPost(const store::Post& post, const store::Settings& settings,
                                           bool unlocked) const {
  PostView view;
  view.post = post;
  Result<std::string> path = site::ItemPath(store_, post, settings);
  if (!path) return std::unexpected(FromStoreError(path.error()));
  view.link = UrlsOf(settings).Site(*path);
  content::SiteZone zone = content::SiteZone::Of(settings);
  view.date_local = zone.ToLocal(post.published_at);
  view.modified_local = zone.ToLocal(post.modified_at);
  view.is_protected = !post.password.empty() && !unlocked;
  if (!view.is_protected) {
    view.content_html =
        AbsoluteLinks(media::MakeResponsive(content::RenderBody(post), media::StoreLookup(store_)),
                      UrlsOf(settings).home);
    view.excerpt_text = content::Excerpt(post);
  }
  if (post.type == store::PostType::kPost) {
    Result<std::vector<store::Term>> terms = store::TermsOf(store_, post.id);
    if (!terms) return std::unexpected(FromStoreError(terms.error()));
    for (const store::Term& term : *terms) {
      if (term.taxonomy == store::kCategory) view.categories.push_back(term.id);
      if (term.taxonomy == store::kPostTag) view.tags.push_back(term.id);
    }
  }
  return view;
}

RestResult<CommentView> Resources::ViewOfComment(const store::Comment& comment,
                                                 const store::Settings& settings,
                                                 CommentPages& pages) const {
  CommentView view;
  view.comment = comment;
  Result<std::optional<store::Post>> post = store_.FindPost(comment.post_id);
  if (!post) return std::unexpected(FromStoreError(post.error()));
  if (*post) {
    Result<std::string> path = site::ItemPath(store_, **post, settings);
    if (!path) return std::unexpected(FromStoreError(path.error()));
    // The page that shows it while the post's comments are paged (as the feeds link it).
    auto index = pages.find(comment.post_id);
    if (index == pages.end()) {
      Result<std::vector<store::Comment>> list = store_.ListComments({.post_id = comment.post_id});
      if (!list) return std::unexpected(FromStoreError(list.error()));
      index = pages.emplace(comment.post_id, site::CommentPageIndex(*list, settings)).first;
    }
    auto page = index->second.find(comment.id);
    if (page != index->second.end() && page->second > 0) {
      *path = site::CommentPagePath(*path, page->second);
    }
    view.link = UrlsOf(settings).Site(*path) + "#comment-" + std::to_string(comment.id);
    view.post_type = (*post)->type;
  }
  view.date_local = content::SiteZone::Of(settings).ToLocal(comment.created_at);
  view.content_html = site::CommentContentHtml(comment);
  if (settings.show_avatars) {
    view.avatar_key =
        comment.status == store::CommentStatus::kApproved
            ? comments::AvatarKey(settings.secret,
                                  comment.email.empty() ? comment.author : comment.email)
            : std::string(comments::kNeutralAvatarKey);
  }
  store::CommentFilter replies;
  replies.parents = {comment.id};
  replies.limit = 0;
  Result<store::CommentPage> children = store::QueryComments(store_, replies);
  if (!children) return std::unexpected(FromStoreError(children.error()));
  view.has_children = children->total > 0;
  return view;
}

TermView Resources::ViewOfTerm(const store::Term& term, const store::Settings& settings) const {
  std::string base = term.taxonomy == store::kCategory ? "/category/" : "/tag/";
  return TermView{term, UrlsOf(settings).Site(base + util::UrlEncode(term.slug) + "/")};
}

UserView Resources::ViewOfUser(const store::User& user, const store::Settings& settings) const {
  return UserView{.id = user.id,
                  .name = user.display_name.empty() ? user.login : user.display_name,
                  .slug = user.login,
                  .link = UrlsOf(settings).Site("/author/" + util::UrlEncode(user.login) + "/"),
                  .avatar_key = settings.show_avatars
                                    ? comments::AvatarKey(settings.secret, user.email)
                                    : std::string()};
}

}  // namespace quire::api
