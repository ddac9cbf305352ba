// `quire post add --category/--tag`: the terms an added item gets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/store.h"
#include "util/status.h"

namespace quire::app {

// Gives item `post_id` these categories and tags, creating missing ones. A category written
// "Parent/Child" is Child under Parent (each level found by its slug, else created). Runs inside
// the item's write job; the caller records the item change afterwards.
Status AssignTerms(store::Store& store, store::Transaction& tx, int64_t post_id,
                   const std::vector<std::string>& categories,
                   const std::vector<std::string>& tags);

}  // namespace quire::app
