#include "admin/term_tree.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <string>

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
  {  // by name, equal names in the given order (a stable sort: libstdc++ 12's std::stable_sort
     // calls get_temporary_buffer, deprecated in C++23, which clang's -Werror refuses)
    std::vector<size_t> order(terms.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::ranges::sort(order, [&terms](size_t a, size_t b) {
      std::string name_a = util::ToLower(terms[a].name), name_b = util::ToLower(terms[b].name);
      return name_a != name_b ? name_a < name_b : a < b;
    });
    std::vector<Term> sorted;
    sorted.reserve(terms.size());
    for (size_t i : order) sorted.push_back(std::move(terms[i]));
    terms = std::move(sorted);
  }
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
