#include "admin/screens.h"

#include <utility>

#include "admin/admin_layout.h"
#include "admin/comments_screen.h"
#include "admin/dashboard.h"
#include "admin/guard.h"
#include "admin/media_screen.h"
#include "admin/posts_screen.h"
#include "admin/privacy_screen.h"
#include "admin/revisions_screen.h"
#include "admin/settings_screen.h"
#include "admin/terms_screen.h"
#include "admin/tools_screen.h"
#include "site/theme.h"
#include "store/taxonomy.h"

namespace quire::admin {

Screens::Screens(ScreenDeps deps)
    : deps_(std::move(deps)),
      theme_(std::make_unique<site::Theme>(deps_.settings.Get()->theme_dir)),
      layout_(std::make_unique<AdminLayout>(*theme_, deps_)),
      comments_(std::make_unique<CommentsScreen>(deps_, *layout_)),
      dashboard_(std::make_unique<Dashboard>(deps_, *layout_)),
      settings_(std::make_unique<SettingsScreen>(deps_, *layout_)),
      posts_(std::make_unique<PostsScreen>(deps_, *layout_)),
      privacy_(std::make_unique<PrivacyScreen>(deps_, *layout_)),
      media_(std::make_unique<MediaScreen>(deps_, *layout_)),
      revisions_(std::make_unique<RevisionsScreen>(deps_, *layout_)),
      terms_(std::make_unique<TermsScreen>(deps_, *layout_)),
      tools_(std::make_unique<ToolsScreen>(deps_, *layout_)) {}

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
  AddPost(router, "/admin/comments/", kModerate,
          [&comments](const http::Request& request, const http::Params&, const Principal& principal,
                      http::Respond respond) {
            comments.Bulk(request, principal, std::move(respond));
          });
  router.Add("GET", "/admin/comments/{id:int}/",
             Guard(auth, kModerate,
                   [&comments, id_of](const http::Request& request, const http::Params& params,
                                      const Principal& principal, http::Respond respond) {
                     comments.Confirm(request, id_of(params), principal, std::move(respond));
                   }));
  AddPost(router, "/admin/comments/{id:int}/", kModerate,
          [&comments, id_of](const http::Request& request, const http::Params& params,
                             const Principal& principal, http::Respond respond) {
            comments.Act(request, id_of(params), principal, std::move(respond));
          });
  router.Add("GET", "/admin/comments/{id:int}/edit/",
             Guard(auth, kModerate,
                   [&comments, id_of](const http::Request& request, const http::Params& params,
                                      const Principal& principal, http::Respond respond) {
                     comments.EditForm(request, id_of(params), principal, std::move(respond));
                   }));
  AddPost(router, "/admin/comments/{id:int}/edit/", kModerate,
          [&comments, id_of](const http::Request& request, const http::Params& params,
                             const Principal& principal, http::Respond respond) {
            comments.SaveEdit(request, id_of(params), principal, std::move(respond));
          });
  AddPost(router, "/admin/comments/{id:int}/reply/", kModerate,
          [&comments, id_of](const http::Request& request, const http::Params& params,
                             const Principal& principal, http::Respond respond) {
            comments.Reply(request, id_of(params), principal, std::move(respond));
          });
  router.Add("GET", "/admin/settings/discussion/",
             Guard(auth, Capability::kManageOptions,
                   [this](const http::Request& request, const http::Params&,
                          const Principal& principal, http::Respond respond) {
                     settings_->Show(request, principal, std::move(respond));
                   }));
  AddPost(
      router, "/admin/settings/discussion/", Capability::kManageOptions,
      [this](const http::Request& request, const http::Params&, const Principal& principal,
             http::Respond respond) { settings_->Save(request, principal, std::move(respond)); });
  AddPostRoutes(router);
  AddPrivacyRoutes(router);
  AddPublishingRoutes(router);
  AddMediaRoutes(router);
  AddToolRoutes(router);
}

void Screens::AddPost(http::Router& router, std::string path, Capability needed,
                      GuardedHandler handler) {
  Auth& auth = deps_.auth;
  router.Add("POST", std::move(path), Guard(auth, needed, std::move(handler)),
             GuardHead(auth, needed));
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
                     posts.List(request, store::PostType::kPost, principal, std::move(respond));
                   }));
  router.Add("GET", "/admin/posts/new/",
             Guard(auth, kWrite,
                   [&posts](const http::Request& request, const http::Params&,
                            const Principal& principal, http::Respond respond) {
                     posts.EditForm(request, 0, store::PostType::kPost, principal,
                                    std::move(respond));
                   }));
  AddPost(router, "/admin/posts/new/", kWrite,
          [&posts](const http::Request& request, const http::Params&, const Principal& principal,
                   http::Respond respond) {
            posts.Save(request, 0, store::PostType::kPost, principal, std::move(respond));
          });
  router.Add("GET", "/admin/posts/{id:int}/edit/",
             Guard(auth, kWrite,
                   [&posts, id_of](const http::Request& request, const http::Params& params,
                                   const Principal& principal, http::Respond respond) {
                     posts.EditForm(request, id_of(params), store::PostType::kPost, principal,
                                    std::move(respond));
                   }));
  AddPost(router, "/admin/posts/{id:int}/edit/", kWrite,
          [&posts, id_of](const http::Request& request, const http::Params& params,
                          const Principal& principal, http::Respond respond) {
            posts.Save(request, id_of(params), store::PostType::kPost, principal,
                       std::move(respond));
          });
  AddPost(router, "/admin/posts/{id:int}/trash/", kWrite,
          [&posts, id_of](const http::Request& request, const http::Params& params,
                          const Principal& principal, http::Respond respond) {
            posts.Trash(request, id_of(params), principal, std::move(respond));
          });
}

void Screens::AddPrivacyRoutes(http::Router& router) {
  Auth& auth = deps_.auth;
  router.Add("GET", "/admin/privacy/",
             Guard(auth, Capability::kManageOptions,
                   [this](const http::Request& request, const http::Params&,
                          const Principal& principal, http::Respond respond) {
                     privacy_->Show(request, principal, std::move(respond));
                   }));
  AddPost(router, "/admin/privacy/", Capability::kManageOptions,
          [this](const http::Request& request, const http::Params&, const Principal& principal,
                 http::Respond respond) { privacy_->Act(request, principal, std::move(respond)); });
}

void Screens::AddMediaRoutes(http::Router& router) {
  Auth& auth = deps_.auth;
  const MediaScreen& media = *media_;
  constexpr Capability kUpload = Capability::kUploadFiles;
  auto id_of = [](const http::Params& params) { return params.GetInt("id"); };
  router.Add("GET", "/admin/media/",
             Guard(auth, kUpload,
                   [&media](const http::Request& request, const http::Params&,
                            const Principal& principal, http::Respond respond) {
                     media.List(request, principal, std::move(respond));
                   }));
  // An upload (up to max_upload_mb) is refused from its head without the CSRF token there.
  router.Add("POST", "/admin/media/",
             Guard(auth, kUpload,
                   [&media](const http::Request& request, const http::Params&,
                            const Principal& principal, http::Respond respond) {
                     media.Upload(request, principal, std::move(respond));
                   }),
             GuardUploadHead(auth, kUpload));
  router.Add("GET", "/admin/media/{id:int}/",
             Guard(auth, kUpload,
                   [&media, id_of](const http::Request& request, const http::Params& params,
                                   const Principal& principal, http::Respond respond) {
                     media.EditForm(request, id_of(params), principal, std::move(respond));
                   }));
  AddPost(router, "/admin/media/{id:int}/", kUpload,
          [&media, id_of](const http::Request& request, const http::Params& params,
                          const Principal& principal, http::Respond respond) {
            media.Save(request, id_of(params), principal, std::move(respond));
          });
  router.Add("GET", "/admin/media/{id:int}/delete/",
             Guard(auth, kUpload,
                   [&media, id_of](const http::Request&, const http::Params& params,
                                   const Principal& principal, http::Respond respond) {
                     media.ConfirmDelete(id_of(params), principal, std::move(respond));
                   }));
  AddPost(router, "/admin/media/{id:int}/delete/", kUpload,
          [&media, id_of](const http::Request& request, const http::Params& params,
                          const Principal& principal, http::Respond respond) {
            media.Delete(request, id_of(params), principal, std::move(respond));
          });
}

void Screens::AddToolRoutes(http::Router& router) {
  Auth& auth = deps_.auth;
  const ToolsScreen& tools = *tools_;
  constexpr Capability kAdmin = Capability::kManageOptions;
  using Action = void (ToolsScreen::*)(const http::Request&, const Principal&, http::Respond) const;
  // A POST is refused from its head, before its body is read; the upload (up to 128 MB) also
  // needs the CSRF token there.
  auto add = [&](std::string_view method, std::string_view path, Action action,
                 http::AdmitHandler admit = nullptr) {
    router.Add(std::string(method), std::string(path),
               Guard(auth, kAdmin,
                     [&tools, action](const http::Request& request, const http::Params&,
                                      const Principal& principal, http::Respond respond) {
                       (tools.*action)(request, principal, std::move(respond));
                     }),
               admit              ? std::move(admit)
               : method == "POST" ? GuardHead(auth, kAdmin)
                                  : nullptr);
  };
  add("GET", kImportPath, &ToolsScreen::ImportForm);
  add("POST", kImportPath, &ToolsScreen::Upload, GuardUploadHead(auth, kAdmin));
  add("POST", "/admin/import/confirm/", &ToolsScreen::Confirm);
  add("GET", "/admin/export/", &ToolsScreen::ExportForm);
  add("POST", "/admin/export/", &ToolsScreen::Export);
}

void Screens::AddPublishingRoutes(http::Router& router) {
  Auth& auth = deps_.auth;
  const PostsScreen& posts = *posts_;
  const RevisionsScreen& revisions = *revisions_;
  auto id_of = [](const http::Params& params) { return params.GetInt("id"); };
  router.Add("GET", "/admin/pages/",
             Guard(auth, Capability::kEditPages,
                   [&posts](const http::Request& request, const http::Params&,
                            const Principal& principal, http::Respond respond) {
                     posts.List(request, store::PostType::kPage, principal, std::move(respond));
                   }));
  router.Add("GET", "/admin/pages/new/",
             Guard(auth, Capability::kEditPages,
                   [&posts](const http::Request& request, const http::Params&,
                            const Principal& principal, http::Respond respond) {
                     posts.EditForm(request, 0, store::PostType::kPage, principal,
                                    std::move(respond));
                   }));
  AddPost(router, "/admin/pages/new/", Capability::kEditPages,
          [&posts](const http::Request& request, const http::Params&, const Principal& principal,
                   http::Respond respond) {
            posts.Save(request, 0, store::PostType::kPage, principal, std::move(respond));
          });
  router.Add("GET", "/admin/posts/{id:int}/revisions/",
             Guard(auth, Capability::kEditPosts,
                   [&revisions, id_of](const http::Request& request, const http::Params& params,
                                       const Principal& principal, http::Respond respond) {
                     revisions.Show(request, id_of(params), principal, std::move(respond));
                   }));
  AddPost(router, "/admin/posts/{id:int}/revisions/", Capability::kEditPosts,
          [&revisions, id_of](const http::Request& request, const http::Params& params,
                              const Principal& principal, http::Respond respond) {
            revisions.Restore(request, id_of(params), principal, std::move(respond));
          });
  AddTermRoutes(router, "/admin/categories/", store::kCategory);
  AddTermRoutes(router, "/admin/tags/", store::kPostTag);
}

void Screens::AddTermRoutes(http::Router& router, std::string_view base,
                            std::string_view taxonomy) {
  Auth& auth = deps_.auth;
  const TermsScreen& terms = *terms_;
  constexpr Capability kManage = Capability::kManageCategories;
  auto id_of = [](const http::Params& params) { return params.GetInt("id"); };
  const std::string root(base);
  router.Add("GET", root,
             Guard(auth, kManage,
                   [&terms, taxonomy](const http::Request& request, const http::Params&,
                                      const Principal& principal, http::Respond respond) {
                     terms.List(request, taxonomy, principal, std::move(respond));
                   }));
  AddPost(router, root, kManage,
          [&terms, taxonomy](const http::Request& request, const http::Params&,
                             const Principal& principal, http::Respond respond) {
            terms.Add(request, taxonomy, principal, std::move(respond));
          });
  router.Add(
      "GET", root + "{id:int}/edit/",
      Guard(auth, kManage,
            [&terms, taxonomy, id_of](const http::Request& request, const http::Params& params,
                                      const Principal& principal, http::Respond respond) {
              terms.EditForm(request, taxonomy, id_of(params), principal, std::move(respond));
            }));
  AddPost(router, root + "{id:int}/edit/", kManage,
          [&terms, taxonomy, id_of](const http::Request& request, const http::Params& params,
                                    const Principal& principal, http::Respond respond) {
            terms.Save(request, taxonomy, id_of(params), principal, std::move(respond));
          });
  AddPost(router, root + "{id:int}/delete/", kManage,
          [&terms, taxonomy, id_of](const http::Request& request, const http::Params& params,
                                    const Principal& principal, http::Respond respond) {
            terms.Delete(request, taxonomy, id_of(params), principal, std::move(respond));
          });
}

}  // namespace quire::admin
