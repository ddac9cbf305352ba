// /wp/v2/types, /taxonomies, /statuses (what Quire has: posts, pages, categories, tags, the
// published status anonymous callers may read) and /wp/v2/search.
#include "api/resources.h"
#include "content/markdown.h"
#include "store/api_queries.h"
#include "store/search.h"
#include "store/taxonomy.h"
#include "util/strings.h"

namespace quire::api {
namespace {

struct TypeInfo {
  const char* slug;
  const char* name;
  const char* rest_base;
  bool hierarchical;
  std::vector<std::string> taxonomies;
};

const std::vector<TypeInfo>& Types() {
  static const std::vector<TypeInfo> types = {
      {"post", "Posts", "posts", false, {"category", "post_tag"}},
      {"page", "Pages", "pages", true, {}}};
  return types;
}

Json TypeJson(const TypeInfo& type, Context context, const Urls& urls) {
  Json json = Json::object();
  if (context == Context::kView) {
    json["description"] = "";
    json["hierarchical"] = type.hierarchical;
    json["has_archive"] = false;
  }
  json["name"] = type.name;
  json["slug"] = type.slug;
  if (context == Context::kView) json["taxonomies"] = type.taxonomies;
  json["rest_base"] = type.rest_base;
  json["rest_namespace"] = "wp/v2";
  json["_links"] = {
      {"collection", Json::array({Json{{"href", urls.Api("/wp/v2/types")}}})},
      {"wp:items",
       Json::array({Json{{"href", urls.Api("/wp/v2/" + std::string(type.rest_base))}}})},
      {"curies", Curies()}};
  return json;
}

struct TaxonomyInfo {
  const char* slug;
  const char* name;
  const char* rest_base;
  bool hierarchical;
};

const std::vector<TaxonomyInfo>& Taxonomies() {
  static const std::vector<TaxonomyInfo> taxonomies = {
      {"category", "Categories", "categories", true}, {"post_tag", "Tags", "tags", false}};
  return taxonomies;
}

Json TaxonomyJson(const TaxonomyInfo& taxonomy, Context context, const Urls& urls) {
  Json json = Json::object();
  json["name"] = taxonomy.name;
  json["slug"] = taxonomy.slug;
  if (context == Context::kView) {
    json["description"] = "";
    json["types"] = {"post"};
    json["hierarchical"] = taxonomy.hierarchical;
  }
  json["rest_base"] = taxonomy.rest_base;
  json["rest_namespace"] = "wp/v2";
  json["_links"] = {
      {"collection", Json::array({Json{{"href", urls.Api("/wp/v2/taxonomies")}}})},
      {"wp:items",
       Json::array({Json{{"href", urls.Api("/wp/v2/" + std::string(taxonomy.rest_base))}}})},
      {"curies", Curies()}};
  return json;
}

Json PublishStatusJson(Context context, const Urls& urls) {
  Json json = Json::object();
  json["name"] = "Published";
  if (context == Context::kView) {
    json["public"] = true;
    json["queryable"] = true;
  }
  json["slug"] = "publish";
  if (context == Context::kView) json["date_floating"] = false;
  json["_links"] = {{"archives", Json::array({Json{{"href", urls.Api("/wp/v2/posts")}}})}};
  return json;
}

// Static answers change only with the build (and "*", which drops everything).
const std::vector<std::string> kStaticTags = {"api-static"};

}  // namespace

RestResult<Reply> Resources::ListTypes(const Call& call) const {
  Reply reply;
  reply.body = Json::object();
  for (const TypeInfo& type : Types()) {
    reply.body[type.slug] = TypeJson(type, ContextOf(call), UrlsOf(call.settings));
  }
  reply.tags = kStaticTags;
  return reply;
}

RestResult<Reply> Resources::GetType(const Call& call) const {
  for (const TypeInfo& type : Types()) {
    if (call.capture == type.slug) {
      return Reply{.body = TypeJson(type, ContextOf(call), UrlsOf(call.settings)),
                   .tags = kStaticTags};
    }
  }
  return RestFail(404, "rest_type_invalid", "Invalid post type.");
}

RestResult<Reply> Resources::ListTaxonomies(const Call& call) const {
  std::string type = call.args.value("type", std::string());
  Reply reply;
  reply.body = Json::object();
  for (const TaxonomyInfo& taxonomy : Taxonomies()) {
    if (!type.empty() && type != "post") continue;
    reply.body[taxonomy.slug] = TaxonomyJson(taxonomy, ContextOf(call), UrlsOf(call.settings));
  }
  if (reply.body.empty()) reply.body = Json::array();  // WordPress: [] when none
  reply.tags = kStaticTags;
  return reply;
}

RestResult<Reply> Resources::GetTaxonomy(const Call& call) const {
  for (const TaxonomyInfo& taxonomy : Taxonomies()) {
    if (call.capture == taxonomy.slug) {
      return Reply{.body = TaxonomyJson(taxonomy, ContextOf(call), UrlsOf(call.settings)),
                   .tags = kStaticTags};
    }
  }
  return RestFail(404, "rest_taxonomy_invalid", "Invalid taxonomy.");
}

RestResult<Reply> Resources::ListStatuses(const Call& call) const {
  Reply reply;
  reply.body = {{"publish", PublishStatusJson(ContextOf(call), UrlsOf(call.settings))}};
  reply.tags = kStaticTags;
  return reply;
}

RestResult<Reply> Resources::GetStatus(const Call& call) const {
  if (call.capture == "publish") {
    return Reply{.body = PublishStatusJson(ContextOf(call), UrlsOf(call.settings)),
                 .tags = kStaticTags};
  }
  static const std::vector<std::string> known = {"future", "draft", "pending", "private", "trash"};
  if (std::ranges::find(known, call.capture) != known.end()) {
    return std::unexpected(Unauthorized("rest_cannot_read_status", "Cannot view status."));
  }
  return RestFail(404, "rest_status_invalid", "Invalid status.");
}

RestResult<Reply> Resources::Search(const Call& call) const {
  const std::string type = call.args.value("type", std::string("post"));
  const std::vector<std::string> subtypes = StringsOf(call.args, "subtype");
  auto wanted = [&](std::string_view subtype) {
    return subtypes.empty() || std::ranges::find(subtypes, "any") != subtypes.end() ||
           std::ranges::find(subtypes, subtype) != subtypes.end();
  };
  const std::string terms = call.args.value("search", std::string());
  int64_t per_page = call.args.value("per_page", int64_t{10});
  const Urls urls = UrlsOf(call.settings);
  Reply reply;
  reply.body = Json::array();
  int64_t total = 0;
  auto add = [&](Json id, const std::string& title, const std::string& url, const char* kind,
                 std::string_view subtype, const std::string& self) {
    Json hit = Json::object();
    hit["id"] = std::move(id);
    hit["title"] = title;
    hit["url"] = url;
    hit["type"] = kind;
    hit["subtype"] = subtype;
    hit["_links"] = {
        {"self", Json::array({Json{{"embeddable", true}, {"href", self}}})},
        {"about",
         Json::array({Json{{"href", urls.Api(std::string("/wp/v2/") +
                                             (std::string_view(kind) == "post"
                                                  ? "types/" + std::string(subtype)
                                                  : "taxonomies/" + std::string(subtype)))}}})}};
    reply.body.push_back(std::move(hit));
  };
  if (type == "post") {
    reply.tags = {"search", "front"};
    // Posts and pages both when no subtype narrows it (store::Search finds both).
    store::SearchQuery query{.terms = terms,
                             .offset = static_cast<int>(OffsetOf(call)),
                             .limit = static_cast<int>(per_page)};
    if (!wanted("post") && !wanted("page")) {
      total = 0;
    } else if (terms.empty()) {
      // No terms: every published item, newest first (WordPress's search without "search").
      store::ItemFilter filter{
          .type = wanted("post") ? store::PostType::kPost : store::PostType::kPage,
          .any_type = wanted("post") && wanted("page"),
          .offset = static_cast<int>(OffsetOf(call)),
          .limit = static_cast<int>(per_page)};
      Result<store::ListPage> found = store::QueryItems(store_, filter);
      if (!found) return std::unexpected(FromStoreError(found.error()));
      total = found->total;
      for (const store::Post& post : found->items) {
        RestResult<PostView> view = ViewOfPost(post, call.settings, false);
        if (!view) return std::unexpected(view.error());
        std::string base = post.type == store::PostType::kPage ? "pages" : "posts";
        add(post.id, util::HtmlEscape(post.title), view->link, "post", store::ToString(post.type),
            urls.Api("/wp/v2/" + base + "/" + std::to_string(post.id)));
        reply.tags.push_back("post:" + std::to_string(post.id));
      }
    } else {
      Result<store::SearchPage> found = store::Search(store_, query);
      if (!found) return std::unexpected(FromStoreError(found.error()));
      total = found->total;
      for (const store::SearchHit& hit : found->hits) {
        std::string_view subtype = store::ToString(hit.post.type);
        if (!wanted(subtype)) continue;
        RestResult<PostView> view = ViewOfPost(hit.post, call.settings, false);
        if (!view) return std::unexpected(view.error());
        std::string base = hit.post.type == store::PostType::kPage ? "pages" : "posts";
        add(hit.post.id, util::HtmlEscape(hit.post.title), view->link, "post", subtype,
            urls.Api("/wp/v2/" + base + "/" + std::to_string(hit.post.id)));
        reply.tags.push_back("post:" + std::to_string(hit.post.id));
      }
    }
  } else {  // "term"
    reply.tags = {"terms", "front"};
    std::vector<store::Term> matches;
    for (std::string_view taxonomy : {store::kCategory, store::kPostTag}) {
      if (!wanted(taxonomy)) continue;
      Result<std::vector<store::Term>> all = store::ListTerms(store_, taxonomy);
      if (!all) return std::unexpected(FromStoreError(all.error()));
      std::string needle = util::ToLower(terms);
      for (store::Term& term : *all) {
        if (needle.empty() || util::ToLower(term.name).find(needle) != std::string::npos) {
          matches.push_back(std::move(term));
        }
      }
    }
    total = static_cast<int64_t>(matches.size());
    for (int64_t i = OffsetOf(call); i < total && i < OffsetOf(call) + per_page; ++i) {
      const store::Term& term = matches[static_cast<size_t>(i)];
      add(term.id, term.name, ViewOfTerm(term, call.settings).link, "term", term.taxonomy,
          urls.Api("/wp/v2/" + std::string(RestBaseOf(term.taxonomy)) + "/" +
                   std::to_string(term.id)));
    }
  }
  if (auto past = PagePastEnd(call, total, "rest_search_invalid_page_number")) {
    return std::unexpected(*past);
  }
  AddPaging(reply, call, "/wp/v2/search", total);
  return reply;
}

}  // namespace quire::api
