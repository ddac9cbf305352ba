// The comments screen, /admin/comments/ (docs/conventions.md): the All / Pending / Approved /
// Spam / Trash tabs with counts, a search, 20 comments a page, and per comment the moderators'
// actions, edit and reply. Every change is a POST carrying the CSRF field; without a valid one
// the answer is 403 and nothing changes. After a change: 303 back to the list, filters kept,
// with a notice ("1 comment approved.").
//
// Every handler assumes the route's guard has checked Capability::kModerateComments.
#pragma once

#include <cstdint>

#include "admin/admin_layout.h"
#include "admin/auth.h"
#include "admin/screen_deps.h"
#include "http/message.h"

namespace quire::admin {

// How many comments a page of the list shows.
inline constexpr int kCommentsPerPage = 20;

class CommentsScreen {
 public:
  CommentsScreen(ScreenDeps& deps, const AdminLayout& layout) : deps_(deps), layout_(layout) {}

  // GET /admin/comments/?comment_status=…&s=…&paged=N (and the notice words approved=N, …).
  void List(const http::Request& request, const Principal& principal, http::Respond respond) const;

  // POST /admin/comments/: the bulk action `action` on every `delete_comments[]` id (those it
  // does not apply to are skipped), in one transaction.
  void Bulk(const http::Request& request, const Principal& principal, http::Respond respond) const;

  // GET /admin/comments/ID/?action=…: the comment and a button that does the action (what the
  // links in emails open); the comment's other actions are offered too.
  void Confirm(const http::Request& request, int64_t id, const Principal& principal,
               http::Respond respond) const;

  // POST /admin/comments/ID/?action=…: does it (the action may also come in the body).
  void Act(const http::Request& request, int64_t id, const Principal& principal,
           http::Respond respond) const;

  // GET /admin/comments/ID/edit/: the form (author, email, url, text, status).
  void EditForm(const http::Request& request, int64_t id, const Principal& principal,
                http::Respond respond) const;

  // POST /admin/comments/ID/edit/: validates and saves (the form comes back with the error and
  // what was typed when a field is refused).
  void SaveEdit(const http::Request& request, int64_t id, const Principal& principal,
                http::Respond respond) const;

  // POST /admin/comments/ID/reply/ (field `content`): a reply by the logged-in user, through
  // comments::Submit as a moderator (so it is approved at once and every other rule applies).
  void Reply(const http::Request& request, int64_t id, const Principal& principal,
             http::Respond respond) const;

 private:
  // The comment, or nullopt once `respond` has answered (store failure, or no such comment).
  std::optional<store::Comment> FindOrAnswer(int64_t id, const Principal& principal,
                                             http::Respond& respond) const;
  ScreenDeps& deps_;
  const AdminLayout& layout_;
};

}  // namespace quire::admin
