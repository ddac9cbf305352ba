#include "admin/capabilities.h"

#include <gtest/gtest.h>

namespace quire::admin {
namespace {

using store::Role;

TEST(Capabilities, FollowWordPressRoles) {
  EXPECT_TRUE(Can(Role::kAdministrator, Capability::kManageOptions));
  EXPECT_FALSE(Can(Role::kEditor, Capability::kManageOptions));
  EXPECT_TRUE(Can(Role::kEditor, Capability::kModerateComments));
  EXPECT_FALSE(Can(Role::kAuthor, Capability::kModerateComments));
  EXPECT_TRUE(Can(Role::kAuthor, Capability::kPublishPosts));
  EXPECT_FALSE(Can(Role::kContributor, Capability::kPublishPosts));
  EXPECT_TRUE(Can(Role::kContributor, Capability::kEditPosts));
  EXPECT_FALSE(Can(Role::kSubscriber, Capability::kEditPosts));
  EXPECT_TRUE(Can(Role::kSubscriber, Capability::kRead));
  EXPECT_FALSE(Can(Role::kAuthor, Capability::kUnfilteredHtml));
}

}  // namespace
}  // namespace quire::admin
