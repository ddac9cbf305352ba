// What each WordPress role may do with posts, pages, terms, media and comments (WordPress's
// capabilities, the ones Quire has so far). One table in capabilities.cc; everything asks Can().
#pragma once

#include <string_view>

#include "store/records.h"

namespace quire::admin {

enum class Capability {
  kRead,              // subscriber and up: log in, see their profile
  kEditPosts,         // contributor and up: write their own posts (not publish)
  kPublishPosts,      // author and up: publish their own posts
  kEditOthersPosts,   // editor and up
  kModerateComments,  // editor and up: approve, spam, trash, edit any comment
  kManageOptions,     // administrator: settings
  kListUsers,         // administrator
  kUnfilteredHtml,    // editor and up: HTML kept as written
  kEditPages,         // editor and up: write pages (WordPress gives authors none)
  kPublishPages,      // editor and up
  kEditOthersPages,   // editor and up
  kManageCategories,  // editor and up: add, edit and delete categories and tags
  kReadPrivatePosts,  // editor and up: see private posts on the site and in lists
  kReadPrivatePages,  // editor and up
  kUploadFiles,       // author and up: the media library
};

bool Can(store::Role role, Capability capability);
std::string_view CapabilityName(Capability capability);

}  // namespace quire::admin
