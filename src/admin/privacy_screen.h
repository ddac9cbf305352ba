// Personal data, /admin/privacy/ (administrators: Capability::kManageOptions): one email field
// and three buttons, each a POST carrying the CSRF field (403 and nothing done without it):
//   export  — downloads the JSON of privacy::ExportPersonalData (what `quire privacy export`
//             prints) as an attachment;
//   erase   — anonymises the address's comments WordPress's way (`quire privacy erase`);
//   delete  — deletes them (`quire privacy erase --delete`).
// Erasing and deleting also need the confirmation checkbox `confirm`; the result comes back as
// a notice saying how many comments changed.
#pragma once

#include "admin/admin_layout.h"
#include "admin/auth.h"
#include "admin/screen_deps.h"
#include "http/message.h"

namespace quire::admin {

class PrivacyScreen {
 public:
  PrivacyScreen(ScreenDeps& deps, const AdminLayout& layout) : deps_(deps), layout_(layout) {}

  // GET: the form (and the notice of a finished erasure: ?erased=N or ?deleted=N).
  void Show(const http::Request& request, const Principal& principal, http::Respond respond) const;

  // POST: fields `email`, `action` (export|erase|delete), `confirm` (yes) for erase and delete.
  // Export answers the JSON; erase and delete answer 303 back to the form with their count; a
  // missing email or confirmation answers 400 with the form and a message.
  void Act(const http::Request& request, const Principal& principal, http::Respond respond) const;

 private:
  ScreenDeps& deps_;
  const AdminLayout& layout_;
};

}  // namespace quire::admin
