// The SQLite taxonomy reads on a given connection, for the other SQLite files of the store that
// need them inside a write (publishing's RecordItemChange) as well as on the read pool.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/taxonomy.h"
#include "util/status.h"

namespace quire::store::sqlite {

// The term with this id, if any.
Result<std::optional<Term>> SelectTerm(Connection& c, int64_t id);
// The terms of an item, of every taxonomy, categories first then by name.
Result<std::vector<Term>> SelectTermsOf(Connection& c, int64_t post_id);
// The ancestors of a term, top first (a broken parent chain or a cycle ends the walk).
Result<std::vector<Term>> SelectAncestors(Connection& c, int64_t term_id);

}  // namespace quire::store::sqlite
