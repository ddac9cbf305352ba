#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration for the mail tables; see docs/schema.md.
const std::string_view kMailSchema = R"sql(
SELECT 1;
)sql";

}  // namespace quire::store::sqlite
