// The SQL of each numbered migration after the first, one file per area. Migration N is
// applied once, in order (see migrations.cc); a released one is never edited.
#pragma once

#include <string_view>

namespace quire::store::sqlite {

extern const std::string_view kAccountsSchema;    // 2: sessions, login throttling, reset tokens
extern const std::string_view kSpamSchema;        // 3: bans, filter tokens, rate state
extern const std::string_view kMailSchema;        // 4: outbox, subscriptions
extern const std::string_view kPublishingSchema;  // 5: item types and statuses, old slugs
extern const std::string_view kTaxonomySchema;    // 6: categories, tags, item terms
extern const std::string_view kRevisionsSchema;   // 7: revisions
extern const std::string_view kSearchSchema;      // 8: full-text index (FTS5)
extern const std::string_view kMediaSchema;       // 9: uploads and their variants
extern const std::string_view kWxrSchema;         // 10: WordPress import ids
extern const std::string_view kWxrPathsSchema;    // 11: imported items' original paths
extern const std::string_view kCommentIdsSchema;  // 12: comment ids never reused (reservable)

}  // namespace quire::store::sqlite
