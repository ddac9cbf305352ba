// What a WordPress import remembers (migration 10, store/sqlite/schema_wxr.cc): WordPress's
// original ids mapped to Quire's, per source site, so that re-imports match and `?p=ID` and
// `#comment-ID` keep working; comment types and meta Quire does not interpret, for the export.
// SQLite's answer: store/sqlite/sqlite_wxr_ids.cc. The writes run inside a Store::Write job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store {

enum class WxrKind { kPost, kComment, kTerm, kUser, kMedia };
std::string_view ToString(WxrKind kind);  // "post", "comment", "term", "user", "media"

// --- the id mapping ---
// Remembers that `original_id` of the site `source` (its base URL) is Quire's `quire_id`
// (replacing an earlier mapping of the same original).
Status MapWxrId(Transaction& tx, WxrKind kind, std::string_view source, int64_t original_id,
                int64_t quire_id);
// The Quire id of an original id of `source`, inside the import's transaction.
Result<std::optional<int64_t>> FindWxrId(Transaction& tx, WxrKind kind, std::string_view source,
                                         int64_t original_id);
// For the site: the Quire item (post or page) that WordPress's post `original_id` became
// (`/?p=ID`, `/?page_id=ID`), of whichever source mapped it most recently; nullopt when no
// import mapped it (the caller may then try the id as Quire's own).
Result<std::optional<int64_t>> FindImportedPost(Store& store, int64_t original_id);
// For the site: the Quire comment WordPress's comment `original_id` became (`#comment-ID`).
Result<std::optional<int64_t>> FindImportedComment(Store& store, int64_t original_id);
// The original id Quire's `quire_id` came from (any source), for the export; nullopt if none.
Result<std::optional<int64_t>> OriginalIdOf(Store& store, WxrKind kind, int64_t quire_id);

// --- inserts that keep WordPress's numbers where they are free ---
// Inserts the post with id `preferred_id` when no post has it (and it is > 0), else with a new
// id above both every id in use and `reserved_up_to` (the file's largest id: a renumbered item
// must not take the number a later item of the file keeps). Returns the id used.
Result<int64_t> InsertPostPreferringId(Transaction& tx, const Post& post, int64_t preferred_id,
                                       int64_t reserved_up_to);
// The same for a comment. With `ceiling` > 0 (a staged import's reserved range, see
// store/staged_write.h) every comment that does not keep `preferred_id` — renumbered, or
// without one — gets the next id above `reserved_up_to` among the ids <= ceiling, never an id
// above the ceiling (the live site's new comments take those meanwhile).
Result<int64_t> InsertCommentPreferringId(Transaction& tx, const Comment& comment,
                                          int64_t preferred_id, int64_t reserved_up_to,
                                          int64_t ceiling = 0);
// A bulk import's page cache: the connection under `tx` keeps up to `kib` KiB of pages (0: back
// to the default), so that a large import does not spill dirty pages to the WAL and read them
// back over and over. Not transactional: set it back when the import ends, however it ends.
Status SetImportCache(Transaction& tx, int64_t kib);

// The post of this type carrying this GUID (the oldest when several do), inside the tx.
Result<std::optional<int64_t>> FindPostByGuid(Transaction& tx, std::string_view guid);
// Whether an item of this type other than `except_id` has the slug, inside the tx.
Result<bool> SlugTaken(Transaction& tx, PostType type, std::string_view slug, int64_t except_id);
// How many posts and pages there are (any status), inside the tx.
Result<int64_t> CountItems(Transaction& tx);
// How many comments there are (any status, any item), inside the tx.
Result<int64_t> CountComments(Transaction& tx);
// Deletes an item with its comments, terms and revisions: the untouched sample post of a new
// site, which an import replaces (so that the file's post 1, /hello-world/ and #comment-1 are
// its own).
Status DeleteItemForImport(Transaction& tx, int64_t post_id);
// Sets a stored post's parent page and featured image (the importer's fix-ups).
Status SetPostLinks(Transaction& tx, int64_t post_id, int64_t parent_id, int64_t featured_media_id);

// --- what Quire has no column for ---
// A comment's WordPress type when it is not an ordinary comment ("pingback", "trackback").
Status SetCommentType(Transaction& tx, int64_t comment_id, std::string_view type);
// Every comment's type that is not ordinary: (comment id, type).
Result<std::vector<std::pair<int64_t, std::string>>> ListCommentTypes(Store& store);
// Appends a meta row to an item (kPost), comment, term or attachment (kMedia).
Status AddWxrMeta(Transaction& tx, WxrKind kind, int64_t quire_id, std::string_view key,
                  std::string_view value);
// Whether the owner has any meta row yet (a re-import adds none twice).
Result<bool> HasWxrMeta(Transaction& tx, WxrKind kind, int64_t quire_id);
// The owner's meta rows in the order they were added.
Result<std::vector<std::pair<std::string, std::string>>> ListWxrMeta(Store& store, WxrKind kind,
                                                                     int64_t quire_id);
// --- reads for the export (every status) ---
// Up to `limit` posts and pages with id > after_id, by id.
Result<std::vector<Post>> ListItemsAfter(Store& store, int64_t after_id, int limit);
// Every comment of an item whatever its status, by id.
Result<std::vector<Comment>> ListAllComments(Store& store, int64_t post_id);
// The taxonomies that have terms, by name.
Result<std::vector<std::string>> ListTaxonomies(Store& store);
// For the site's [gallery ids="..."]: the upload WordPress's attachment `original_id` became.
Result<std::optional<int64_t>> FindImportedMedia(Store& store, int64_t original_id);
// The old slugs that redirect to an item (store/publishing.h's AddOldSlug), oldest first.
Result<std::vector<std::string>> OldSlugsOf(Store& store, int64_t post_id);

}  // namespace quire::store
