#include "comments/threading.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace quire::comments {
namespace {

// Children of each comment (indices into the input), in input order (oldest first).
struct Tree {
  std::vector<std::vector<size_t>> children;
  std::vector<size_t> roots;
};

Tree BuildTree(const std::vector<store::Comment>& comments) {
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < comments.size(); ++i) index.emplace(comments[i].id, i);
  Tree tree;
  tree.children.resize(comments.size());
  for (size_t i = 0; i < comments.size(); ++i) {
    auto parent = index.find(comments[i].parent_id);
    bool orphan = comments[i].parent_id == 0 || parent == index.end() || parent->second == i;
    if (orphan) {
      tree.roots.push_back(i);
    } else {
      tree.children[parent->second].push_back(i);
    }
  }
  return tree;
}

// Depth-first, parents before children, with an explicit stack (a long reply chain cannot
// exhaust the call stack). Depth stops growing at max_depth.
void Walk(const std::vector<store::Comment>& comments, const Tree& tree, size_t root, int max_depth,
          std::vector<bool>& seen, std::vector<ThreadedComment>& out) {
  std::vector<std::pair<size_t, int>> stack{{root, 1}};
  while (!stack.empty()) {
    auto [at, depth] = stack.back();
    stack.pop_back();
    if (seen[at]) continue;
    seen[at] = true;
    out.push_back({&comments[at], depth, depth < max_depth});
    const auto& kids = tree.children[at];
    for (auto kid = kids.rbegin(); kid != kids.rend(); ++kid) {
      stack.emplace_back(*kid, std::min(depth + 1, max_depth));
    }
  }
}

}  // namespace

std::vector<ThreadedComment> Thread(const std::vector<store::Comment>& comments, bool threaded,
                                    int max_depth) {
  std::vector<ThreadedComment> out;
  out.reserve(comments.size());
  if (!threaded) {
    for (const auto& comment : comments) out.push_back({&comment, 1, false});
    return out;
  }
  max_depth = std::max(max_depth, 1);
  Tree tree = BuildTree(comments);
  std::vector<bool> seen(comments.size(), false);
  for (size_t root : tree.roots) Walk(comments, tree, root, max_depth, seen, out);
  // Comments caught in a parent cycle (bad imported data) are reachable from no root: show
  // them rather than lose them, each cycle starting at its oldest member.
  for (size_t i = 0; i < comments.size(); ++i) {
    if (!seen[i]) Walk(comments, tree, i, max_depth, seen, out);
  }
  return out;
}

}  // namespace quire::comments
