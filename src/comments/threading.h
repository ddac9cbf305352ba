// Threaded display order: parents before children, siblings oldest first, depth capped at the
// setting (replies deeper than the cap are shown at the cap, under their nearest shown ancestor).
#pragma once

#include <vector>

#include "store/records.h"

namespace quire::comments {

struct ThreadedComment {
  const store::Comment* comment = nullptr;
  int depth = 1;          // 1 = top level
  bool can_reply = true;  // false at the maximum depth (no Reply link there)
};

// comments: oldest first. A comment whose parent is missing from the list is shown top level.
// threaded=false: a flat list, depth 1 everywhere, no reply links.
std::vector<ThreadedComment> Thread(const std::vector<store::Comment>& comments, bool threaded,
                                    int max_depth);

}  // namespace quire::comments
