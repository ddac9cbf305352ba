#include "admin/admin_layout.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "site/layout.h"
#include "store/moderation.h"

namespace quire::admin {
namespace {

namespace mustache = kainjow::mustache;

struct NavItem {
  Section section;
  std::string_view label;
  std::string_view url;
  Capability needed;
};

constexpr NavItem kNav[] = {
    {Section::kDashboard, "Dashboard", "/admin/", Capability::kRead},
    {Section::kPosts, "Posts", "/admin/posts/", Capability::kEditPosts},
    {Section::kPages, "Pages", "/admin/pages/", Capability::kEditPages},
    {Section::kCategories, "Categories", "/admin/categories/", Capability::kManageCategories},
    {Section::kTags, "Tags", "/admin/tags/", Capability::kManageCategories},
    {Section::kMedia, "Media", "/admin/media/", Capability::kUploadFiles},
    {Section::kComments, "Comments", "/admin/comments/", Capability::kModerateComments},
    {Section::kSettings, "Discussion settings", "/admin/settings/discussion/",
     Capability::kManageOptions},
    {Section::kPrivacy, "Personal data", "/admin/privacy/", Capability::kManageOptions},
    {Section::kImport, "Import", "/admin/import/", Capability::kManageOptions},
    {Section::kExport, "Export", "/admin/export/", Capability::kManageOptions},
    {Section::kProfile, "Profile", "/admin/profile/", Capability::kRead},
};

mustache::data Navigation(const Principal& principal, Section current, int64_t pending) {
  mustache::data items(mustache::data::type::list);
  for (const NavItem& item : kNav) {
    if (!principal.Can(item.needed)) continue;
    mustache::data entry;
    entry.set("label", std::string(item.label));
    entry.set("url", std::string(item.url));
    entry.set("current", item.section == current);
    bool badge = item.section == Section::kComments && pending > 0;
    entry.set("has_badge", badge);
    entry.set("badge", std::to_string(pending));
    items.push_back(std::move(entry));
  }
  return items;
}

}  // namespace

void MarkAdmin(http::Response& response) {
  site::MarkPrivate(response);
  response.Set("X-Frame-Options", "DENY");
  response.Set("Referrer-Policy", "same-origin");
}

http::Response SeeOther(std::string location) {
  http::Response response = http::Response::Redirect(303, std::move(location));
  MarkAdmin(response);
  return response;
}

Result<std::string> AdminLayout::RenderScreen(std::string_view name, const Principal& principal,
                                              mustache::data data) const {
  data.set("csrf", principal.csrf_token);
  data.set("csrf_field", std::string(kCsrfField));
  return theme_.Render("admin-" + std::string(name), data);
}

http::Response AdminLayout::Respond(const Principal& principal, const AdminPage& page,
                                    int status) const {
  int64_t pending = 0;
  if (principal.Can(Capability::kModerateComments)) {
    Result<store::CommentCounts> counts = store::CountCommentsByStatus(deps_.store);
    if (!counts) return site::FailureResponse(counts.error());
    pending = counts->pending;
  }
  const std::string site_title = deps_.settings.Get()->title;
  mustache::data data;
  data.set("page_title", page.title);
  data.set("site_title", site_title);
  data.set("nav", Navigation(principal, page.section, pending));
  data.set("user_name", principal.user.display_name.empty() ? principal.user.login
                                                            : principal.user.display_name);
  data.set("csrf", principal.csrf_token);
  data.set("csrf_field", std::string(kCsrfField));
  data.set("has_notice", !page.notice.empty());
  data.set("notice", page.notice);
  data.set("has_error", !page.error.empty());
  data.set("error", page.error);
  data.set("content", page.main_html);
  Result<std::string> html = theme_.Render("admin-layout", data);
  if (!html) return site::FailureResponse(html.error());
  http::Response response = http::Response::Html(status, std::move(*html));
  MarkAdmin(response);
  return response;
}

http::Response AdminLayout::Screen(std::string_view name, const Principal& principal,
                                   mustache::data data, AdminPage page, int status) const {
  Result<std::string> main = RenderScreen(name, principal, std::move(data));
  if (!main) return site::FailureResponse(main.error());
  page.main_html = std::move(*main);
  return Respond(principal, page, status);
}

http::Response AdminLayout::ErrorPage(const Principal& principal, Section section,
                                      const Error& error) const {
  int status = HttpStatusFor(error.kind);
  if (status >= 500) return site::FailureResponse(error);
  AdminPage page;
  page.title = status == 404 ? "Not found" : "Something went wrong";
  page.section = section;
  page.error = error.message;
  return Respond(principal, page, status);
}

}  // namespace quire::admin
