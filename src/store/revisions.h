// Revisions: every save of an item keeps a copy of what was saved (title, body, format,
// excerpt), so the admin can compare any two and restore one. SQLite's answer:
// store/sqlite/sqlite_revisions.cc, migration 7 (schema_revisions.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store {

struct Revision {
  int64_t id = 0;
  int64_t post_id = 0;
  int64_t author_id = 0;  // who saved it
  int64_t created_at = 0;
  std::string title;
  std::string body;
  PostFormat format = PostFormat::kMarkdown;
  std::string excerpt;
};

// Keeps a revision of the post as it is now stored (call after saving it, in the same job).
// A save that changed none of title/body/format/excerpt since the newest revision adds none
// (and returns 0); otherwise returns the new revision's id.
Result<int64_t> AddRevision(Transaction& tx, const Post& post, int64_t author_id, int64_t now);
// The item's revisions, newest first.
Result<std::vector<Revision>> ListRevisions(Store& store, int64_t post_id);
Result<std::optional<Revision>> FindRevision(Store& store, int64_t revision_id);

}  // namespace quire::store
