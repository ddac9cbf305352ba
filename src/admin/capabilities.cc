#include "admin/capabilities.h"

namespace quire::admin {

bool Can(store::Role role, Capability capability) {
  using store::Role;
  switch (capability) {
    case Capability::kRead: return true;
    case Capability::kEditPosts: return role != Role::kSubscriber;
    case Capability::kPublishPosts:
    case Capability::kUploadFiles:
      return role == Role::kAdministrator || role == Role::kEditor || role == Role::kAuthor;
    case Capability::kEditOthersPosts:
    case Capability::kModerateComments:
    case Capability::kUnfilteredHtml:
    case Capability::kEditPages:
    case Capability::kPublishPages:
    case Capability::kEditOthersPages:
    case Capability::kManageCategories:
    case Capability::kReadPrivatePosts:
    case Capability::kReadPrivatePages:
      return role == Role::kAdministrator || role == Role::kEditor;
    case Capability::kManageOptions:
    case Capability::kListUsers: return role == Role::kAdministrator;
  }
  return false;
}

std::string_view CapabilityName(Capability capability) {
  switch (capability) {
    case Capability::kRead: return "read";
    case Capability::kEditPosts: return "edit_posts";
    case Capability::kPublishPosts: return "publish_posts";
    case Capability::kEditOthersPosts: return "edit_others_posts";
    case Capability::kModerateComments: return "moderate_comments";
    case Capability::kManageOptions: return "manage_options";
    case Capability::kListUsers: return "list_users";
    case Capability::kUnfilteredHtml: return "unfiltered_html";
    case Capability::kEditPages: return "edit_pages";
    case Capability::kPublishPages: return "publish_pages";
    case Capability::kEditOthersPages: return "edit_others_pages";
    case Capability::kManageCategories: return "manage_categories";
    case Capability::kReadPrivatePosts: return "read_private_posts";
    case Capability::kReadPrivatePages: return "read_private_pages";
    case Capability::kUploadFiles: return "upload_files";
  }
  return "";
}

}  // namespace quire::admin
