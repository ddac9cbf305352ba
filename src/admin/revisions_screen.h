// The revisions screen, /admin/posts/ID/revisions/?from=R1&to=R2: every kept revision of an
// item (newest first, with its date and who saved it), a diff between any two of them (title
// and body; content/diff.h), by default the previous against the newest, and Restore buttons.
//
// Restoring is a POST to the same URL with the CSRF field and `revision=R`: the item takes that
// revision's title, body, format and excerpt (everything else stays), saved as any edit is
// (store::SavePost, with a new revision of its own), then 303 to the editor with restored=1.
// Reading and restoring need the right to edit the item (post_form.h's MayEditItem); the
// route's guard has checked Capability::kEditPosts.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "admin/admin_layout.h"
#include "admin/auth.h"
#include "admin/screen_deps.h"
#include "http/message.h"
#include "store/records.h"
#include "store/revisions.h"

namespace quire::admin {

// The two revisions to compare: `from` and `to` as asked when they are among `revisions`
// (newest first); otherwise `to` is the newest and `from` the one saved just before `to` (or
// `to` itself when it is the oldest). nullopt when there are no revisions.
struct RevisionPair {
  const store::Revision* from = nullptr;
  const store::Revision* to = nullptr;
};
std::optional<RevisionPair> ChooseRevisions(const std::vector<store::Revision>& revisions,
                                            std::optional<int64_t> from, std::optional<int64_t> to);

class RevisionsScreen {
 public:
  RevisionsScreen(ScreenDeps& deps, const AdminLayout& layout) : deps_(deps), layout_(layout) {}

  // GET /admin/posts/ID/revisions/?from=R1&to=R2.
  void Show(const http::Request& request, int64_t post_id, const Principal& principal,
            http::Respond respond) const;

  // POST /admin/posts/ID/revisions/ with `revision`: restores it (see above).
  void Restore(const http::Request& request, int64_t post_id, const Principal& principal,
               http::Respond respond) const;

 private:
  // The item when it exists and the principal may edit it; otherwise answers and returns
  // nullopt.
  std::optional<store::Post> LoadEditable(int64_t post_id, const Principal& principal,
                                          http::Respond& respond) const;
  // Whether the user who saved the revision may publish raw HTML (now; a user since deleted
  // may not).
  Result<bool> SaverTrusted(const store::Revision& revision) const;
  ScreenDeps& deps_;
  const AdminLayout& layout_;
};

}  // namespace quire::admin
