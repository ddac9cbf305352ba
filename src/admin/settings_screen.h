// Discussion settings, /admin/settings/discussion/ (administrators: Capability::kManageOptions):
// every discussion setting of WordPress's Settings → Discussion that Quire has, then the spam
// defence, email (SMTP) and personal-data settings, each with its label and WordPress's wording
// where WordPress has one.
//
// Saving goes through Settings::Load / ToMap: a value that does not come back unchanged (a
// number out of range, a word that is not one of the choices) is refused with a message and
// nothing is saved. The changed keys are written in one transaction that records the change
// tag "*", so the server reloads its settings and clears its page cache at once. The SMTP
// password is write-only: the form never shows it, and an empty field keeps it.
#pragma once

#include <map>
#include <string>

#include "admin/admin_layout.h"
#include "admin/auth.h"
#include "admin/screen_deps.h"
#include "http/form.h"
#include "http/message.h"
#include "util/status.h"

namespace quire::admin {

class SettingsScreen {
 public:
  SettingsScreen(ScreenDeps& deps, const AdminLayout& layout) : deps_(deps), layout_(layout) {}

  // GET: the form with the current values (a notice after saving: ?updated=1).
  void Show(const http::Request& request, const Principal& principal, http::Respond respond) const;
  // POST: CSRF check, validation, one write of what changed, 303 back to the form.
  void Save(const http::Request& request, const Principal& principal, http::Respond respond) const;

  // The settings the form sets, as stored text, from the submitted form and the current values:
  // every key the form shows; an unchecked box is "0"; an empty password keeps `current`'s.
  // kInvalid naming the field when a value does not survive Settings::Load / ToMap.
  static Result<std::map<std::string, std::string>> FromForm(
      const http::Form& form, const std::map<std::string, std::string>& current);

 private:
  ScreenDeps& deps_;
  const AdminLayout& layout_;
};

}  // namespace quire::admin
