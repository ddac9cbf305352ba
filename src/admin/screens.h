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
//   GET/POST  /admin/settings/discussion/      discussion settings        (kManageOptions)
//   GET/POST  /admin/privacy/                  personal data              (kManageOptions)
// Screens owns the theme the admin templates come from (the built-in one, overridden by
// Settings::theme_dir as it is at start) and everything the routes point to.
#pragma once

#include <memory>

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
class PrivacyScreen;
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

 private:
  void AddPostRoutes(http::Router& router);
  void AddPrivacyRoutes(http::Router& router);

  ScreenDeps deps_;
  std::unique_ptr<site::Theme> theme_;
  std::unique_ptr<AdminLayout> layout_;
  std::unique_ptr<CommentsScreen> comments_;
  std::unique_ptr<Dashboard> dashboard_;
  std::unique_ptr<SettingsScreen> settings_;
  std::unique_ptr<PostsScreen> posts_;
  std::unique_ptr<PrivacyScreen> privacy_;
};

}  // namespace quire::admin
