#include "admin/capabilities.h"

namespace quire::admin {

bool Can(store::Role role, Capability capability) {
  using store::Role;
  switch (capability) {
    case Capability::kRead: return true;
    case Capability::kEditPosts: return role != Role::kSubscriber;
    case Capability::kPublishPosts:
      return role == Role::kAdministrator || role == Role::kEditor || role == Role::kAuthor;
    case Capability::kEditOthersPosts:
    case Capability::kModerateComments:
    case Capability::kUnfilteredHtml: return role == Role::kAdministrator || role == Role::kEditor;
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
  }
  return "";
}

}  // namespace quire::admin
