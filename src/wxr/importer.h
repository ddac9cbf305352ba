// `quire import wxr`: a WordPress export read into the store as ONE staged write (built on a
// copy, applied in one transaction: store/staged_write.h), so that it lands
// whole or not at all (any error rolls everything back). Items are matched by GUID and by
// WordPress's original ids (store/wxr_ids.h), so importing the same file again changes nothing.
// What maps to what, and the rules for ids, URLs and authors: docs/wxr-mapping.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "store/store.h"
#include "util/status.h"

namespace quire::wxr {

// What to do with a file's authors that have no user of the same login here.
enum class AuthorMode {
  kCreate,  // create them (role author, no password: they reset it to log in)
  kMap,     // create nobody: their items are imported without an author, with a warning
};

struct ImportOptions {
  std::string file;
  bool dry_run = false;  // do everything, report, then roll back
  AuthorMode authors = AuthorMode::kCreate;
  // The slug of the sample post a new site starts with: a site holding only that post,
  // untouched (never edited, at most its one sample comment), counts as empty: the sample is
  // deleted so that the file's post 1, /hello-world/ and #comment-1 are its own, and the
  // file's permalink structure, time zone, front page, title and tagline are adopted. "" : none.
  std::string sample_slug;
  // A blog installed in a subfolder (its links under /blog/): false (the default) serves it at
  // the site's root, every old /blog/... address answering 301 with its new one; true keeps
  // the folder in the permalink structure, so posts keep their exact addresses (pages,
  // archives and feeds are at the root either way, their old addresses redirecting).
  bool keep_base_path = false;
  // Called after each item with (bytes read, file size, items read), on the store's writer
  // thread. May be empty.
  std::function<void(int64_t, int64_t, int64_t)> progress;
};

// An attachment whose bytes an --uploads copy may hold: `file` relative to uploads/.
struct AttachmentFile {
  int64_t media_id = 0;
  std::string file;
  std::string url;  // where the source site served it
  // Its path in the source's uploads when it differs from `file` (a second attachment of the
  // same file gets a copy under a new name); "" : the same.
  std::string source;
};

struct ImportReport {
  // Per kind ("authors", "categories", "tags", "terms", "posts", "pages", "attachments",
  // "comments approved", "comments pending", "comments spam", "comments trash"): how many were
  // created, and how many were already here (matched, left unchanged).
  std::map<std::string, int64_t> created;
  std::map<std::string, int64_t> matched;
  // What was left out on purpose, by reason ("nav_menu_item items", "notes", ...).
  std::map<std::string, int64_t> skipped;
  // Items and comments whose WordPress number was taken here (they got another; the mapping
  // keeps ?p=ID and #comment-ID working).
  int64_t renumbered_items = 0, renumbered_comments = 0;
  std::vector<std::string> warnings;  // "FILE:LINE:COLUMN: what"
  std::vector<AttachmentFile> files;  // attachments created by this import
  std::string permalink_structure;    // set by this import ("" : left as it was)
  // What the import decided about addresses and the site (structure, subfolder, language
  // prefixes, time zone, front page, sample post), one sentence each, for the summary.
  std::vector<std::string> notes;
  int64_t original_paths = 0;  // old addresses recorded (each answers 200 or a 301)
  int64_t bytes = 0;           // the file's size
  bool rolled_back = false;    // a dry run
};

// Imports the file. Errors (the file unreadable or malformed, a store failure) leave the store
// exactly as it was; the message names the file's line and column when the file is at fault.
Result<ImportReport> Import(store::Store& store, const ImportOptions& options);

}  // namespace quire::wxr
