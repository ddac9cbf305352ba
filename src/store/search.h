// Full-text search over published items' titles, bodies and excerpts. SQLite's answer:
// store/sqlite/sqlite_search.cc with FTS5 (migration 8, schema_search.cc): an index kept by
// triggers on posts, Porter stems for English over unicode61 words (diacritics folded), and a
// trigram index beside it for scripts written without spaces; bm25 ranking with titles
// weighted above bodies. PostgreSQL will use its own full-text search behind the same call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store {

struct SearchQuery {
  std::string terms;  // as the reader typed them (?s=); quoted phrases kept, operators inert
  bool include_private = false;  // readers with read_private_posts also find private items
  int offset = 0;
  int limit = 10;
};

struct SearchHit {
  Post post;
  // Plain text around the best match, with the matched words between the markers \x02 and
  // \x03 (the caller escapes the text, then turns the markers into <mark> and </mark>).
  std::string snippet;
};

struct SearchPage {
  std::vector<SearchHit> hits;  // best first
  int64_t total = 0;
};

// Published posts and pages only (never drafts, pending, scheduled or trashed; private only
// with include_private). Empty or all-punctuation terms give no hits, not an error.
Result<SearchPage> Search(Store& store, const SearchQuery& query);

}  // namespace quire::store
