// Categories (hierarchical) and tags, WordPress's two built-in taxonomies, plus any custom
// taxonomy an import brings (kept, listed, not yet given pages). SQLite's answer:
// store/sqlite/sqlite_taxonomy.cc, migration 6 (schema_taxonomy.cc).
//
// Writes run inside a Store::Write job and record change tags: "term:ID" for the term's own
// archive, and RecordItemChange (publishing.h) for items whose terms change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::store {

inline constexpr std::string_view kCategory = "category";
inline constexpr std::string_view kPostTag = "post_tag";

struct Term {
  int64_t id = 0;
  std::string taxonomy;  // kCategory, kPostTag, or a custom taxonomy's name
  std::string name;
  std::string slug;  // unique within its taxonomy (UTF-8 as typed, not percent-encoded)
  std::string description;
  int64_t parent_id = 0;  // categories: the parent category (0: top level)
  int64_t count = 0;      // published items with this term (maintained by the store)
};

// --- reads ---
Result<std::optional<Term>> FindTerm(Store& store, int64_t id);
Result<std::optional<Term>> FindTermBySlug(Store& store, std::string_view taxonomy,
                                           std::string_view slug);
// Every term of a taxonomy, by name (categories: parents before children is the caller's job).
Result<std::vector<Term>> ListTerms(Store& store, std::string_view taxonomy);
// The terms of an item, of every taxonomy, categories first then by name.
Result<std::vector<Term>> TermsOf(Store& store, int64_t post_id);
// The ancestors of a category, top first (for breadcrumbs and /category/parent/child/).
Result<std::vector<Term>> Ancestors(Store& store, int64_t term_id);

// --- writes (inside a Store::Write job) ---
// Inserts (term.id == 0) or updates a term. The slug is made unique within the taxonomy
// ("name-2" ...) when taken by another term; an empty slug is derived from the name with
// content::Slugify by the caller. A category cannot be its own ancestor (kInvalid).
// Records "term:ID". Returns the term as stored.
Result<Term> SaveTerm(Transaction& tx, Term term);
// Deletes a term; its items lose it (a deleted category's children move to its parent).
// Records "term:ID" and RecordItemChange for its items.
Status DeleteTerm(Transaction& tx, int64_t term_id);
// Sets the item's terms of one taxonomy to exactly these ids (others of that taxonomy are
// removed). Keeps Term::count right. The caller records the item change (RecordItemChange
// before and after).
Status SetItemTerms(Transaction& tx, int64_t post_id, std::string_view taxonomy,
                    const std::vector<int64_t>& term_ids);
// Finds each name's term in the taxonomy (by name, case-insensitively, or slug) or creates it
// (tags typed in the editor as "a, b, c"). Returns the ids in the names' order.
Result<std::vector<int64_t>> EnsureTerms(Transaction& tx, std::string_view taxonomy,
                                         const std::vector<std::string>& names);
// The item's terms inside the transaction (for RecordItemChange and the importer).
Result<std::vector<Term>> TermsOf(Transaction& tx, int64_t post_id);

}  // namespace quire::store
