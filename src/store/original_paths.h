// Where an imported site's items lived (migration 11, store/sqlite/schema_wxr_paths.cc): each
// item's path on the old site, from its WXR <link>, so that the old URL answers after an import
// (200 when the site's permalink structure gives the item that path, else a 301 to the item),
// and the base paths of subfolder installs that were dropped (/blog/X answers 301 to /X).
// Paths are stored percent-decoded (UTF-8 as typed), starting with '/', without the host, the
// query or the fragment. SQLite's answer: store/sqlite/sqlite_original_paths.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"
#include "store/wxr_ids.h"
#include "util/status.h"

namespace quire::store {

// What an original path names: an item (kPost: a post or page) or an attachment (kMedia).
struct OriginalPathTarget {
  WxrKind kind = WxrKind::kPost;
  int64_t quire_id = 0;
};

// Remembers that `path` (decoded) was the address of the item or attachment; a later import
// naming the same path replaces it. kInvalid for a path not starting with '/' or a kind other
// than kPost and kMedia.
Status AddOriginalPath(Transaction& tx, std::string_view path, WxrKind kind, int64_t quire_id);
// What the decoded path was the address of; nullopt when no import recorded it.
Result<std::optional<OriginalPathTarget>> FindOriginalPath(Store& store, std::string_view path);
// The original paths of an item or attachment, sorted (for the export).
Result<std::vector<std::string>> OriginalPathsOf(Store& store, WxrKind kind, int64_t quire_id);

// Remembers that the site was served under `base` ("/blog", no final '/') and was moved to
// the root: a request under it that finds nothing else answers 301 to the path without it.
Status AddDroppedBase(Transaction& tx, std::string_view base);
// Every dropped base, longest first.
Result<std::vector<std::string>> ListDroppedBases(Store& store);

}  // namespace quire::store
