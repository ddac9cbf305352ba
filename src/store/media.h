// Uploaded files (WordPress's attachments): one row per file with its metadata and its resized
// variants. The bytes live under DATA/uploads/YYYY/MM/ (media/ writes them); this is the
// index. SQLite's answer: store/sqlite/sqlite_media.cc, migration 9 (schema_media.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"
#include "util/status.h"

namespace quire::store {

struct MediaVariant {
  std::string name;  // WordPress's size name: "thumbnail", "medium", "large", or "webp:<size>"
  std::string file;  // relative to uploads/, e.g. "2026/11/cat-300x200.jpg"
  std::string mime_type;
  int width = 0, height = 0;
  int64_t bytes = 0;
};

struct Media {
  int64_t id = 0;
  std::string file;       // relative to uploads/, e.g. "2026/11/cat.jpg" (unique)
  std::string mime_type;  // decided by content sniffing, not the name
  std::string title;
  std::string alt;
  std::string caption;
  int width = 0, height = 0;  // 0 for files that are not images
  int64_t bytes = 0;
  int64_t author_id = 0;
  int64_t parent_post_id = 0;  // the item it was uploaded to / attached to (0: none)
  int64_t created_at = 0;
  std::string guid;         // WordPress's GUID when imported
  int64_t original_id = 0;  // WordPress's attachment ID when imported (0: none)
  std::vector<MediaVariant> variants;
};

Result<std::optional<Media>> FindMedia(Store& store, int64_t id);
Result<std::optional<Media>> FindMediaByFile(Store& store, std::string_view file);
// Newest first.
Result<std::vector<Media>> ListMedia(Store& store, int offset, int limit);
Result<int64_t> CountMedia(Store& store);
// Items whose body refers to the file (its URL path) or that use it as featured image.
Result<std::vector<int64_t>> MediaUsedBy(Store& store, const Media& media);

// --- writes (inside a Store::Write job) ---
// Inserts (id == 0) or updates (alt, caption, title, variants...). Records "media:ID" and,
// for each item using it, "post:ID". Returns the id.
Result<int64_t> SaveMedia(Transaction& tx, const Media& media);
// Removes the row (the caller removes the files after the commit). Records "media:ID".
Status DeleteMedia(Transaction& tx, int64_t media_id);

}  // namespace quire::store
