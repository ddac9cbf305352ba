// /wp/v2/categories and /wp/v2/tags. A site has few terms: they are read whole and filtered
// here, as the site's own term lists are.
#include <algorithm>

#include "api/resources.h"
#include "store/taxonomy.h"
#include "util/stable_sort.h"
#include "util/strings.h"

namespace quire::api {
namespace {

bool Contains(const std::vector<int64_t>& ids, int64_t id) {
  return std::ranges::find(ids, id) != ids.end();
}

// Orders terms as orderby says (name by default, case-insensitively); include: the include
// list's order.
void Sort(std::vector<store::Term>& terms, std::string_view order_by, bool ascending,
          const std::vector<int64_t>& include) {
  auto key_less = [&](const store::Term& a, const store::Term& b) {
    if (order_by == "id") return a.id < b.id;
    if (order_by == "slug") return a.slug < b.slug;
    if (order_by == "count") return a.count < b.count;
    if (order_by == "description") return a.description < b.description;
    if (order_by == "include") {
      return std::ranges::find(include, a.id) < std::ranges::find(include, b.id);
    }
    return util::ToLower(a.name) < util::ToLower(b.name);
  };
  util::StableSort(terms, [&](const store::Term& a, const store::Term& b) {
    return ascending ? key_less(a, b) : key_less(b, a);
  });
}

}  // namespace

RestResult<Reply> Resources::ListTerms(const Call& call, std::string_view taxonomy) const {
  Reply reply;
  reply.tags = {"terms", "front"};  // "terms": a term saved or deleted; "front": counts move
  std::vector<store::Term> terms;
  if (call.args.contains("post")) {
    int64_t post_id = call.args["post"].get<int64_t>();
    Result<std::optional<store::Post>> post = store_.FindPost(post_id);
    if (!post) return std::unexpected(FromStoreError(post.error()));
    if (!*post) return RestFail(400, "rest_post_invalid_id", "Invalid post ID.");
    if ((*post)->status != store::PostStatus::kPublish) {
      return std::unexpected(Unauthorized(
          "rest_forbidden_context", "Sorry, you are not allowed to view terms for this post."));
    }
    Result<std::vector<store::Term>> of_post = store::TermsOf(store_, post_id);
    if (!of_post) return std::unexpected(FromStoreError(of_post.error()));
    for (store::Term& term : *of_post) {
      if (term.taxonomy == taxonomy) terms.push_back(std::move(term));
    }
    reply.tags.push_back("post:" + std::to_string(post_id));
  } else {
    Result<std::vector<store::Term>> all = store::ListTerms(store_, taxonomy);
    if (!all) return std::unexpected(FromStoreError(all.error()));
    terms = std::move(*all);
  }
  const std::vector<int64_t> include = IdsOf(call.args, "include");
  const std::vector<int64_t> exclude = IdsOf(call.args, "exclude");
  const std::vector<std::string> slugs = StringsOf(call.args, "slug");
  const std::string search = util::ToLower(call.args.value("search", std::string()));
  const bool hide_empty = call.args.value("hide_empty", false);
  std::optional<int64_t> parent;
  if (call.args.contains("parent")) parent = call.args["parent"].get<int64_t>();
  std::erase_if(terms, [&](const store::Term& term) {
    if (!include.empty() && !Contains(include, term.id)) return true;
    if (Contains(exclude, term.id)) return true;
    if (!slugs.empty() && std::ranges::find(slugs, term.slug) == slugs.end()) return true;
    if (hide_empty && term.count == 0) return true;
    if (parent && term.parent_id != *parent) return true;
    return !search.empty() && util::ToLower(term.name).find(search) == std::string::npos &&
           util::ToLower(term.slug).find(search) == std::string::npos;
  });
  std::string order_by = call.args.value("orderby", std::string("name"));
  if (order_by == "include" && include.empty()) order_by = "name";
  Sort(terms, order_by, call.args.value("order", std::string("asc")) == "asc", include);

  const int64_t total = static_cast<int64_t>(terms.size());
  int64_t per_page = call.args.value("per_page", int64_t{10});
  const int64_t offset = OffsetOf(call);
  reply.body = Json::array();
  const Urls urls = UrlsOf(call.settings);
  for (int64_t i = std::max<int64_t>(offset, 0); i < total && i < offset + per_page; ++i) {
    const store::Term& term = terms[static_cast<size_t>(i)];
    reply.body.push_back(TermJson(ViewOfTerm(term, call.settings), ContextOf(call), urls));
    reply.tags.push_back("term:" + std::to_string(term.id));
  }
  AddPaging(reply, call, "/wp/v2/" + std::string(RestBaseOf(taxonomy)), total);
  return reply;
}

RestResult<Reply> Resources::GetTerm(const Call& call, std::string_view taxonomy) const {
  std::optional<int64_t> id = IdOf(call.capture);
  Result<std::optional<store::Term>> term =
      id ? store::FindTerm(store_, *id) : Result<std::optional<store::Term>>();
  if (!term) return std::unexpected(FromStoreError(term.error()));
  if (!*term || (*term)->taxonomy != taxonomy) {
    return RestFail(404, "rest_term_invalid", "Term does not exist.");
  }
  Reply reply;
  reply.body = TermJson(ViewOfTerm(**term, call.settings), ContextOf(call), UrlsOf(call.settings));
  reply.tags = {"terms", "front", "term:" + std::to_string((*term)->id)};
  return reply;
}

}  // namespace quire::api
