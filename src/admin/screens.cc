#include "admin/screens.h"

#include <utility>

#include "admin/admin_layout.h"
#include "admin/comments_screen.h"
#include "admin/dashboard.h"
#include "admin/guard.h"
#include "admin/posts_screen.h"
#include "admin/privacy_screen.h"
#include "admin/settings_screen.h"
#include "site/theme.h"

namespace quire::admin {

Screens::Screens(ScreenDeps deps)
    : deps_(std::move(deps)),
      theme_(std::make_unique<site::Theme>(deps_.settings.Get()->theme_dir)),
      layout_(std::make_unique<AdminLayout>(*theme_, deps_)),
      comments_(std::make_unique<CommentsScreen>(deps_, *layout_)),
      dashboard_(std::make_unique<Dashboard>(deps_, *layout_)),
      settings_(std::make_unique<SettingsScreen>(deps_, *layout_)),
      posts_(std::make_unique<PostsScreen>(deps_, *layout_)),
      privacy_(std::make_unique<PrivacyScreen>(deps_, *layout_)) {}

Screens::~Screens() = default;

void Screens::AddRoutes(http::Router& router) {
  Auth& auth = deps_.auth;
  const CommentsScreen& comments = *comments_;
  constexpr Capability kModerate = Capability::kModerateComments;
  auto id_of = [](const http::Params& params) { return params.GetInt("id"); };

  router.Add("GET", "/admin/",
             Guard(auth, Capability::kRead,
                   [this](const http::Request& request, const http::Params&,
                          const Principal& principal, http::Respond respond) {
                     dashboard_->Show(request, principal, std::move(respond));
                   }));
  router.Add("GET", "/admin/comments/",
             Guard(auth, kModerate,
                   [&comments](const http::Request& request, const http::Params&,
                               const Principal& principal, http::Respond respond) {
                     comments.List(request, principal, std::move(respond));
                   }));
  router.Add("POST", "/admin/comments/",
             Guard(auth, kModerate,
                   [&comments](const http::Request& request, const http::Params&,
                               const Principal& principal, http::Respond respond) {
                     comments.Bulk(request, principal, std::move(respond));
                   }));
  router.Add("GET", "/admin/comments/{id:int}/",
             Guard(auth, kModerate,
                   [&comments, id_of](const http::Request& request, const http::Params& params,
                                      const Principal& principal, http::Respond respond) {
                     comments.Confirm(request, id_of(params), principal, std::move(respond));
                   }));
  router.Add("POST", "/admin/comments/{id:int}/",
             Guard(auth, kModerate,
                   [&comments, id_of](const http::Request& request, const http::Params& params,
                                      const Principal& principal, http::Respond respond) {
                     comments.Act(request, id_of(params), principal, std::move(respond));
                   }));
  router.Add("GET", "/admin/comments/{id:int}/edit/",
             Guard(auth, kModerate,
                   [&comments, id_of](const http::Request& request, const http::Params& params,
                                      const Principal& principal, http::Respond respond) {
                     comments.EditForm(request, id_of(params), principal, std::move(respond));
                   }));
  router.Add("POST", "/admin/comments/{id:int}/edit/",
             Guard(auth, kModerate,
                   [&comments, id_of](const http::Request& request, const http::Params& params,
                                      const Principal& principal, http::Respond respond) {
                     comments.SaveEdit(request, id_of(params), principal, std::move(respond));
                   }));
  router.Add("POST", "/admin/comments/{id:int}/reply/",
             Guard(auth, kModerate,
                   [&comments, id_of](const http::Request& request, const http::Params& params,
                                      const Principal& principal, http::Respond respond) {
                     comments.Reply(request, id_of(params), principal, std::move(respond));
                   }));
  router.Add("GET", "/admin/settings/discussion/",
             Guard(auth, Capability::kManageOptions,
                   [this](const http::Request& request, const http::Params&,
                          const Principal& principal, http::Respond respond) {
                     settings_->Show(request, principal, std::move(respond));
                   }));
  router.Add("POST", "/admin/settings/discussion/",
             Guard(auth, Capability::kManageOptions,
                   [this](const http::Request& request, const http::Params&,
                          const Principal& principal, http::Respond respond) {
                     settings_->Save(request, principal, std::move(respond));
                   }));
  AddPostRoutes(router);
  AddPrivacyRoutes(router);
}

void Screens::AddPostRoutes(http::Router& router) {
  Auth& auth = deps_.auth;
  const PostsScreen& posts = *posts_;
  constexpr Capability kWrite = Capability::kEditPosts;
  auto id_of = [](const http::Params& params) { return params.GetInt("id"); };
  router.Add("GET", "/admin/posts/",
             Guard(auth, kWrite,
                   [&posts](const http::Request& request, const http::Params&,
                            const Principal& principal, http::Respond respond) {
                     posts.List(request, principal, std::move(respond));
                   }));
  router.Add("GET", "/admin/posts/new/",
             Guard(auth, kWrite,
                   [&posts](const http::Request& request, const http::Params&,
                            const Principal& principal, http::Respond respond) {
                     posts.EditForm(request, 0, principal, std::move(respond));
                   }));
  router.Add("POST", "/admin/posts/new/",
             Guard(auth, kWrite,
                   [&posts](const http::Request& request, const http::Params&,
                            const Principal& principal, http::Respond respond) {
                     posts.Save(request, 0, principal, std::move(respond));
                   }));
  router.Add("GET", "/admin/posts/{id:int}/edit/",
             Guard(auth, kWrite,
                   [&posts, id_of](const http::Request& request, const http::Params& params,
                                   const Principal& principal, http::Respond respond) {
                     posts.EditForm(request, id_of(params), principal, std::move(respond));
                   }));
  router.Add("POST", "/admin/posts/{id:int}/edit/",
             Guard(auth, kWrite,
                   [&posts, id_of](const http::Request& request, const http::Params& params,
                                   const Principal& principal, http::Respond respond) {
                     posts.Save(request, id_of(params), principal, std::move(respond));
                   }));
  router.Add("POST", "/admin/posts/{id:int}/trash/",
             Guard(auth, kWrite,
                   [&posts, id_of](const http::Request& request, const http::Params& params,
                                   const Principal& principal, http::Respond respond) {
                     posts.Trash(request, id_of(params), principal, std::move(respond));
                   }));
}

void Screens::AddPrivacyRoutes(http::Router& router) {
  Auth& auth = deps_.auth;
  router.Add("GET", "/admin/privacy/",
             Guard(auth, Capability::kManageOptions,
                   [this](const http::Request& request, const http::Params&,
                          const Principal& principal, http::Respond respond) {
                     privacy_->Show(request, principal, std::move(respond));
                   }));
  router.Add("POST", "/admin/privacy/",
             Guard(auth, Capability::kManageOptions,
                   [this](const http::Request& request, const http::Params&,
                          const Principal& principal, http::Respond respond) {
                     privacy_->Act(request, principal, std::move(respond));
                   }));
}

}  // namespace quire::admin
