// The admin screens and their routes (docs/conventions.md), each behind admin::Guard:
//   GET       /admin/                          dashboard                  (kRead)
//   GET/POST  /admin/comments/                 list / bulk action         (kModerateComments)
//   GET/POST  /admin/comments/ID/?action=…     confirm / do one action    (kModerateComments)
//   GET/POST  /admin/comments/ID/edit/         edit a comment             (kModerateComments)
//   POST      /admin/comments/ID/reply/        reply as the user          (kModerateComments)
//   GET       /admin/posts/                    list                       (kEditPosts)
//   GET/POST  /admin/posts/new/                write a new post           (kEditPosts)
//   GET/POST  /admin/posts/ID/edit/            edit, publish, preview     (kEditPosts)
//   POST      /admin/posts/ID/trash/           move to the Trash          (kEditPosts)
//   GET/POST  /admin/posts/ID/revisions/       compare, restore           (kEditPosts)
//   GET       /admin/pages/                    list pages                 (kEditPages)
//   GET/POST  /admin/pages/new/                write a new page           (kEditPages)
//   GET/POST  /admin/categories/, /admin/tags/ list, add                  (kManageCategories)
//   GET/POST  /admin/categories/ID/edit/ (tags likewise)  edit           (kManageCategories)
//   POST      /admin/categories/ID/delete/ (tags likewise) delete        (kManageCategories)
//   GET/POST  /admin/settings/discussion/      discussion settings        (kManageOptions)
//   GET/POST  /admin/privacy/                  personal data              (kManageOptions)
//   GET/POST  /admin/media/                    media library, upload      (kUploadFiles)
//   GET/POST  /admin/media/ID/                 edit alt, caption, title   (kUploadFiles)
//   POST      /admin/media/ID/delete/          delete                     (kUploadFiles)
//   GET/POST  /admin/import/                   upload a WXR file: dry run (kManageOptions)
//   POST      /admin/import/confirm/           import the kept file       (kManageOptions)
//   GET/POST  /admin/export/                   download the WXR export    (kManageOptions)
// Screens owns the theme the admin templates come from (the built-in one, overridden by
// Settings::theme_dir as it is at start) and everything the routes point to.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "admin/guard.h"
#include "admin/screen_deps.h"
#include "http/router.h"

namespace quire::site {
class Theme;
}  // namespace quire::site

namespace quire::admin {

class AdminLayout;
class CommentsScreen;
class Dashboard;
class PostsScreen;
class MediaScreen;
class PrivacyScreen;
class RevisionsScreen;
class TermsScreen;
class ToolsScreen;
class SettingsScreen;

class Screens {
 public:
  // Everything `deps` refers to must outlive the Screens and the router it adds routes to.
  explicit Screens(ScreenDeps deps);
  ~Screens();
  Screens(const Screens&) = delete;
  Screens& operator=(const Screens&) = delete;

  // Adds the routes above; the Screens must outlive the router.
  void AddRoutes(http::Router& router);

  const CommentsScreen& comments() const { return *comments_; }
  const Dashboard& dashboard() const { return *dashboard_; }
  const SettingsScreen& settings() const { return *settings_; }
  const PostsScreen& posts() const { return *posts_; }
  const PrivacyScreen& privacy() const { return *privacy_; }
  const MediaScreen& media() const { return *media_; }
  const RevisionsScreen& revisions() const { return *revisions_; }
  const TermsScreen& terms() const { return *terms_; }
  const ToolsScreen& tools() const { return *tools_; }

 private:
  // A POST route checked twice: from the request's head before its body is read (GuardHead: an
  // anonymous or unauthorised upload is never read into memory), and by Guard with the body.
  void AddPost(http::Router& router, std::string path, Capability needed, GuardedHandler handler);
  void AddPostRoutes(http::Router& router);
  void AddPrivacyRoutes(http::Router& router);
  void AddMediaRoutes(http::Router& router);
  void AddToolRoutes(http::Router& router);
  void AddPublishingRoutes(http::Router& router);
  void AddTermRoutes(http::Router& router, std::string_view base, std::string_view taxonomy);

  ScreenDeps deps_;
  std::unique_ptr<site::Theme> theme_;
  std::unique_ptr<AdminLayout> layout_;
  std::unique_ptr<CommentsScreen> comments_;
  std::unique_ptr<Dashboard> dashboard_;
  std::unique_ptr<SettingsScreen> settings_;
  std::unique_ptr<PostsScreen> posts_;
  std::unique_ptr<PrivacyScreen> privacy_;
  std::unique_ptr<MediaScreen> media_;
  std::unique_ptr<RevisionsScreen> revisions_;
  std::unique_ptr<TermsScreen> terms_;
  std::unique_ptr<ToolsScreen> tools_;
};

}  // namespace quire::admin
