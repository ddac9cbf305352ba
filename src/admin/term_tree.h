// Categories in tree order for the admin: each parent followed by its children (by name), with
// their depth, so that lists and selects can indent them.
#pragma once

#include <vector>

#include "store/taxonomy.h"

namespace quire::admin {

struct TreeTerm {
  store::Term term;
  int depth = 0;  // 0: top level
};

// `terms` (any order) as a tree walk: parents before their children, siblings by name
// (case-insensitively). A term whose parent is missing (or which sits in a cycle) is shown at
// the top level, so every term appears exactly once.
std::vector<TreeTerm> InTreeOrder(std::vector<store::Term> terms);

}  // namespace quire::admin
