// The SQL of each numbered migration after the first, one file per area. Migration N is
// applied once, in order (see migrations.cc); a released one is never edited.
#pragma once

#include <string_view>

namespace quire::store::sqlite {

extern const std::string_view kAccountsSchema;  // 2: sessions, login throttling, reset tokens
extern const std::string_view kSpamSchema;      // 3: bans, filter tokens, rate state
extern const std::string_view kMailSchema;      // 4: outbox, subscriptions

}  // namespace quire::store::sqlite
