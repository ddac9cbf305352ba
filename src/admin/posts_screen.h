// The posts screen, /admin/posts/ (docs/conventions.md): the All / Published / Drafts / Trash
// tabs with counts, 20 posts a page (title, status, date, author, approved comments), and the
// editor at /admin/posts/new/ and /admin/posts/ID/edit/: title, slug, body (Markdown, HTML or
// text), date, "Allow comments", and the buttons Publish, Save Draft and Preview; Move to Trash
// at /admin/posts/ID/trash/.
//
// Who may do what (WordPress's capabilities): kEditPosts writes one's own posts as drafts;
// kPublishPosts publishes (and changes published posts); kEditOthersPosts touches others' posts;
// the HTML format needs kUnfilteredHtml. A refused change answers 403 with the form and a
// message, and nothing is saved. Every change is a POST carrying the CSRF field (403 and nothing
// changed without it), written in one Store::Write recording "post:ID" and "front". A future
// date with Publish schedules the post (status publish, published_at in the future).
//
// Every handler assumes the route's guard has checked Capability::kEditPosts.
#pragma once

#include <cstdint>
#include <optional>

#include "admin/admin_layout.h"
#include "admin/auth.h"
#include "admin/screen_deps.h"
#include "http/message.h"
#include "store/records.h"

namespace quire::admin {

// How many posts a page of the list shows.
inline constexpr int kPostsPerPage = 20;

// Whether the principal may edit this post at all (its own with kEditPosts, others' with
// kEditOthersPosts; a published one also needs kPublishPosts).
bool MayEditPost(const Principal& principal, const store::Post& post);

class PostsScreen {
 public:
  PostsScreen(ScreenDeps& deps, const AdminLayout& layout) : deps_(deps), layout_(layout) {}

  // GET /admin/posts/?post_status=publish|draft|trash&paged=N (and the notice word trashed=1).
  // Without kEditOthersPosts only the principal's own posts are listed.
  void List(const http::Request& request, const Principal& principal, http::Respond respond) const;

  // GET /admin/posts/new/ and /admin/posts/ID/edit/ (id 0: a new post).
  void EditForm(const http::Request& request, int64_t id, const Principal& principal,
                http::Respond respond) const;

  // POST /admin/posts/new/ and /admin/posts/ID/edit/ (id 0: a new post), field `action`:
  // "publish", "draft" or "preview" (renders the body into the form, saves nothing). After a
  // save: 303 to the post's edit page with a notice.
  void Save(const http::Request& request, int64_t id, const Principal& principal,
            http::Respond respond) const;

  // POST /admin/posts/ID/trash/: moves the post to the Trash; 303 to the list.
  void Trash(const http::Request& request, int64_t id, const Principal& principal,
             http::Respond respond) const;

 private:
  // Loads post `id` into `stored` when it exists and the principal may edit it (id 0: a new
  // post, nothing to load); otherwise answers (404, 403 or a store failure) and returns false.
  bool LoadEditable(int64_t id, const Principal& principal, http::Respond& respond,
                    std::optional<store::Post>& stored) const;
  ScreenDeps& deps_;
  const AdminLayout& layout_;
};

}  // namespace quire::admin
