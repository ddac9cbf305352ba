// The editor's form for posts and pages: its fields parsed from a request (or taken from a stored
// item), the save actions, who may do what (WordPress's capabilities), and the item a save
// writes. Pure: no store, no I/O; posts_screen.cc does the reads and the write.
//
// Statuses a save gives (WordPress's):
//   action "draft"    → draft
//   action "pending"  → pending (Submit for Review: anyone who may edit the item)
//   action "publish"  → private when visibility=private; else future when the date is ahead of
//                       now (published by app::Scheduler then); else publish. Needs
//                       publish_posts (posts) or publish_pages (pages).
//   action "preview"  → nothing saved
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "admin/auth.h"
#include "http/form.h"
#include "store/records.h"
#include "util/status.h"

namespace quire::admin {

// The capabilities that govern one type of item.
struct TypeCapabilities {
  Capability edit;         // write one's own (edit_posts, edit_pages)
  Capability edit_others;  // edit_others_posts, edit_others_pages
  Capability publish;      // publish_posts, publish_pages
};
TypeCapabilities CapabilitiesFor(store::PostType type);

// Whether the principal may open and change the item: their own with `edit`, others' with
// `edit_others`; one already published, scheduled or private also needs `publish`.
bool MayEditItem(const Principal& principal, const store::Post& item);

enum class SaveAction { kPublish, kDraft, kPending, kPreview };
std::optional<SaveAction> ParseSaveAction(std::string_view word);

// The editor's fields as typed (or as stored).
struct PostForm {
  store::PostType type = store::PostType::kPost;
  std::string title, slug, body, format = "markdown", date, excerpt;
  bool private_visibility = false;  // field visibility=private
  bool comments_open = true;
  bool sticky = false;              // posts only
  int64_t parent_id = 0;            // pages only
  int64_t menu_order = 0;           // pages only
  int64_t featured_media_id = 0;    // 0: none
  std::vector<int64_t> categories;  // posts only: checked category ids
  std::string tags;                 // posts only: tag names, comma-separated

  // From a POST body: post_type, post_title, post_name, content, post_format, date, excerpt,
  // visibility, comment_status=open, sticky=sticky, parent_id, menu_order, featured_media,
  // post_category[] (repeated), tags. Unparsable numbers count as 0.
  static PostForm Parse(const http::Form& form);
  // From a stored item (terms are filled in by the caller).
  static PostForm Of(const store::Post& item);
};

// The tag names typed as "a, b,,  c": trimmed, empties and repeats (case-insensitively) dropped.
std::vector<std::string> SplitTagNames(std::string_view typed);

// The item a save writes: `stored` (null: a new item by the principal) changed by the form,
// checked against the rules and the principal's capabilities: kInvalid (no title, bad date,
// format or UTF-8) or kForbidden (publishing without the capability) with a message for the
// form. Sets modified_at = now and the body's trust (KeepTrusted: raw HTML only when the principal
// has unfiltered_html and everything already stored came from such a writer), and keeps
// sticky unless the principal has edit_others_posts. A publish with an empty date keeps the
// date of an item already published (or scheduled, or private), else takes now.
Result<store::Post> BuildItem(const PostForm& form, const store::Post* stored, SaveAction action,
                              const Principal& principal, int64_t now);

// Trust follows the content's origin, not the last click: `item` keeps raw HTML (unfiltered)
// only when `trusted` — the writer of every part of it had unfiltered_html. Otherwise it is
// marked filtered and an HTML body is sanitised now, when it is saved (content::SanitizeHtml:
// what the writer may publish is kept), so that no later save, publish or restore by a trusted
// user can make a writer's <script> or onerror live. Markdown keeps its source and is sanitised
// when rendered (its flag stays false). Once filtered, an item stays filtered.
void KeepTrusted(store::Post& item, bool trusted);

}  // namespace quire::admin
