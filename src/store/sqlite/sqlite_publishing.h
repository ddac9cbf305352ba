// What the SQLite answer to store/publishing.h shows of itself, for its tests.
#pragma once

#include <string>

#include "store/publishing.h"

namespace quire::store::sqlite {

// The SQL ListItems runs for a query of this shape: its rows, or its total when `count`
// (for EXPLAIN QUERY PLAN in tests; the text lives as long as the process).
const std::string& ListItemsSql(const ListQuery& query, bool count);

}  // namespace quire::store::sqlite
