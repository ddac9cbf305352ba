// The schema's history: numbered migrations, applied in order at open and tracked with
// PRAGMA user_version. A released migration is never edited; changes are new migrations.
// docs/schema.md describes the resulting schema.
#pragma once

#include <span>
#include <string_view>

#include "store/sqlite/connection.h"
#include "util/status.h"

namespace quire::store::sqlite {

// Migration N (1-based) is Migrations()[N - 1].
std::span<const std::string_view> Migrations();

// Brings the database to the latest schema inside one IMMEDIATE transaction; returns how many
// migrations ran (0 when already current). Fails if the file's schema is newer than this code.
Result<int> Migrate(Connection& connection);

}  // namespace quire::store::sqlite
