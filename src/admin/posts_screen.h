// The posts and pages screens (docs/conventions.md, admin URLs):
//   /admin/posts/ and /admin/pages/: the All / Published / Scheduled / Drafts / Pending /
//   Private / Trash tabs with counts, 20 items a page (title, author, categories and tags for
//   posts, status, comments, date);
//   the editor at /admin/posts/new/ (a post), /admin/pages/new/ (a page; also
//   /admin/posts/new/?post_type=page) and /admin/posts/ID/edit/ (either): title, slug, body
//   (Markdown, HTML or text), excerpt, date, visibility, comments; for posts categories (a
//   checkbox tree), tags (comma-separated names, created when new) and sticky; for pages the
//   parent page and menu order; a featured image chosen among the uploaded images. Buttons
//   Publish (or Schedule, by the date), Save Draft, Submit for Review and Preview; Move to Trash
//   at /admin/posts/ID/trash/.
//
// Who may do what is post_form.h's (WordPress's capabilities): contributors submit for review,
// authors publish their own posts, editors and administrators everything, pages need
// edit_pages. A refused change answers 403 with the form and a message, and nothing is saved.
// Every change is a POST carrying the CSRF field (403 and nothing changed without it), written
// in one Store::Write: the item (store::SavePost, which records its change tags and keeps a
// renamed slug), its terms, and a revision (store::AddRevision).
//
// Every handler assumes the route's guard has checked Capability::kEditPosts (kEditPages for
// the pages list and new page).
#pragma once

#include <cstdint>
#include <optional>

#include "admin/admin_layout.h"
#include "admin/auth.h"
#include "admin/post_form.h"
#include "admin/screen_deps.h"
#include "http/message.h"
#include "store/records.h"

namespace quire::admin {

// How many items a page of the list shows.
inline constexpr int kPostsPerPage = 20;

// Whether the principal may edit this item at all (post_form.h's MayEditItem).
inline bool MayEditPost(const Principal& principal, const store::Post& post) {
  return MayEditItem(principal, post);
}

class PostsScreen {
 public:
  PostsScreen(ScreenDeps& deps, const AdminLayout& layout) : deps_(deps), layout_(layout) {}

  // GET /admin/posts/ or /admin/pages/ (`type`) ?post_status=WORD&paged=N (and the notice word
  // trashed=1). Without edit_others_posts (edit_others_pages) only one's own are listed.
  void List(const http::Request& request, store::PostType type, const Principal& principal,
            http::Respond respond) const;

  // GET /admin/posts/ID/edit/, or a new item's form when id is 0 (of `new_type`, or a page
  // when the query says post_type=page).
  void EditForm(const http::Request& request, int64_t id, store::PostType new_type,
                const Principal& principal, http::Respond respond) const;

  // POST to the editor's URL (id 0: a new item of `new_type`), field `action`: "publish",
  // "draft", "pending" or "preview" (renders the body into the form, saves nothing). After a
  // save: 303 to the item's edit page with a notice.
  void Save(const http::Request& request, int64_t id, store::PostType new_type,
            const Principal& principal, http::Respond respond) const;

  // POST /admin/posts/ID/trash/: moves the item to the Trash; 303 to its list.
  void Trash(const http::Request& request, int64_t id, const Principal& principal,
             http::Respond respond) const;

 private:
  // Loads item `id` into `stored` when it exists and the principal may edit it (id 0: a new
  // item, nothing to load); otherwise answers (404, 403 or a store failure) and returns false.
  bool LoadEditable(int64_t id, const Principal& principal, http::Respond& respond,
                    std::optional<store::Post>& stored) const;
  // Checks what the form points to (the parent page, categories, the featured image) against
  // the store; kInvalid with a message for the form.
  Status CheckReferences(PostForm& form, const store::Post* stored) const;
  // Adds what the editor offers to choose from: categories or parent pages, images, and the
  // revisions link.
  Status AddChoices(kainjow::mustache::data& data, const PostForm& form,
                    const store::Post* stored) const;
  // The editor page: the form, everything it offers to choose from, a preview or an error.
  http::Response Editor(const PostForm& form, const store::Post* stored, const Principal& principal,
                        AdminPage page, std::string preview_html, int status) const;
  ScreenDeps& deps_;
  const AdminLayout& layout_;
};

}  // namespace quire::admin
