// The document around every admin screen (admin-layout.mustache): the site's name, the admin
// navigation (Dashboard; Posts, Pages, Categories, Tags and Media for who may work on them;
// Comments with the pending count; Discussion settings, Personal data, Import and Export for
// administrators; Profile; and the Log out form — each entry only for users with its
// capability), a notice, and the screen's own markup. Admin pages are personal: never cached,
// never framed.
#pragma once

#include <string>

#include "admin/auth.h"
#include "admin/screen_deps.h"
#include "http/message.h"
#include "site/theme.h"
#include "util/status.h"

namespace quire::admin {

// The admin's sections, for the navigation's "current page" mark.
enum class Section {
  kDashboard,
  kPosts,
  kPages,
  kCategories,
  kTags,
  kMedia,
  kComments,
  kSettings,
  kPrivacy,
  kImport,
  kExport,
  kProfile,
};

struct AdminPage {
  std::string title;  // the page's h1 and document title
  Section section = Section::kDashboard;
  std::string notice;     // a success message ("1 comment approved."), "" for none
  std::string error;      // an error message, "" for none
  std::string main_html;  // the screen's markup (theme output, inserted raw)
};

class AdminLayout {
 public:
  // `theme` and `deps` must outlive the layout.
  AdminLayout(const site::Theme& theme, ScreenDeps& deps) : theme_(theme), deps_(deps) {}

  // Renders a screen's template (admin-NAME.mustache) with `data`; the layout's common values
  // are added to it: `csrf` (the principal's token), `csrf_field` (its name).
  Result<std::string> RenderScreen(std::string_view name, const Principal& principal,
                                   kainjow::mustache::data data) const;

  // The whole page with `status`, or a failure answer when the theme or the store fails.
  http::Response Respond(const Principal& principal, const AdminPage& page, int status = 200) const;

  // A screen's template inside the layout: RenderScreen, then Respond.
  http::Response Screen(std::string_view name, const Principal& principal,
                        kainjow::mustache::data data, AdminPage page, int status = 200) const;

  // An error page inside the layout: the error's message, its kind's status code.
  http::Response ErrorPage(const Principal& principal, Section section, const Error& error) const;

 private:
  const site::Theme& theme_;
  ScreenDeps& deps_;
};

// Marks an admin answer as personal and not to be framed.
void MarkAdmin(http::Response& response);

// 303 See Other to `location`, marked as an admin answer.
http::Response SeeOther(std::string location);

}  // namespace quire::admin
