#include "app/cli_post_terms.h"

#include <map>
#include <utility>

#include "content/permalink.h"
#include "store/taxonomy.h"
#include "util/strings.h"

namespace quire::app {
namespace {

// The category `name` under `parent_id`: an existing one with its slug, else a new one.
// `made` remembers the ones created in this job (by parent and slug).
Result<int64_t> EnsureCategory(store::Store& store, store::Transaction& tx, std::string_view name,
                               int64_t parent_id, std::map<std::string, int64_t>& made) {
  std::string slug = content::Slugify(name);
  std::string key = std::to_string(parent_id) + "/" + slug;
  if (auto it = made.find(key); it != made.end()) return it->second;
  Result<std::optional<store::Term>> found = store::FindTermBySlug(store, store::kCategory, slug);
  if (!found) return std::unexpected(found.error());
  if (*found && (*found)->parent_id == parent_id) return (*found)->id;
  store::Term term;
  term.taxonomy = std::string(store::kCategory);
  term.name = std::string(name);
  term.slug = slug;
  term.parent_id = parent_id;
  Result<store::Term> saved = store::SaveTerm(tx, std::move(term));
  if (!saved) return std::unexpected(saved.error());
  made[key] = saved->id;
  return saved->id;
}

}  // namespace

Status AssignTerms(store::Store& store, store::Transaction& tx, int64_t post_id,
                   const std::vector<std::string>& categories,
                   const std::vector<std::string>& tags) {
  std::map<std::string, int64_t> made;
  std::vector<int64_t> category_ids;
  for (const std::string& path : categories) {
    int64_t parent = 0;
    for (std::string_view level : util::Split(path, '/')) {
      level = util::Trim(level);
      if (level.empty()) continue;
      Result<int64_t> id = EnsureCategory(store, tx, level, parent, made);
      if (!id) return std::unexpected(id.error());
      parent = *id;
    }
    if (parent != 0) category_ids.push_back(parent);
  }
  if (!category_ids.empty()) {
    Status set = store::SetItemTerms(tx, post_id, store::kCategory, category_ids);
    if (!set) return set;
  }
  if (tags.empty()) return {};
  Result<std::vector<int64_t>> tag_ids = store::EnsureTerms(tx, store::kPostTag, tags);
  if (!tag_ids) return std::unexpected(tag_ids.error());
  return store::SetItemTerms(tx, post_id, store::kPostTag, *tag_ids);
}

}  // namespace quire::app
