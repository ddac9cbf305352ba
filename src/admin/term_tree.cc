#include "admin/term_tree.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "util/stable_sort.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

using store::Term;

void Walk(const std::multimap<int64_t, const Term*>& children, int64_t parent, int depth,
          std::set<int64_t>& seen, std::vector<TreeTerm>& out) {
  auto [begin, end] = children.equal_range(parent);
  for (auto it = begin; it != end; ++it) {
    const Term& term = *it->second;
    if (!seen.insert(term.id).second) continue;
    out.push_back({term, depth});
    Walk(children, term.id, depth + 1, seen, out);
  }
}

}  // namespace

std::vector<TreeTerm> InTreeOrder(std::vector<Term> terms) {
  // by name, equal names in the given order
  util::StableSort(terms, [](const Term& a, const Term& b) {
    return util::ToLower(a.name) < util::ToLower(b.name);
  });
  std::set<int64_t> ids;
  for (const Term& term : terms) ids.insert(term.id);
  std::multimap<int64_t, const Term*> children;  // parent id → children, by name (stable)
  for (const Term& term : terms) {
    const bool rooted =
        term.parent_id != 0 && term.parent_id != term.id && ids.contains(term.parent_id);
    children.emplace(rooted ? term.parent_id : 0, &term);
  }
  std::vector<TreeTerm> out;
  std::set<int64_t> seen;
  Walk(children, 0, 0, seen, out);
  for (const Term& term : terms) {  // cycles never reach the top: show them there
    if (!seen.contains(term.id)) {
      seen.insert(term.id);
      out.push_back({term, 0});
      Walk(children, term.id, 1, seen, out);
    }
  }
  return out;
}

}  // namespace quire::admin
