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

TEST(Capabilities, PagesTermsAndPrivateItemsAreForEditorsAndAdministrators) {
  for (Capability capability : {Capability::kEditPages, Capability::kPublishPages,
                                Capability::kEditOthersPages, Capability::kManageCategories,
                                Capability::kReadPrivatePosts, Capability::kReadPrivatePages}) {
    EXPECT_TRUE(Can(Role::kAdministrator, capability)) << CapabilityName(capability);
    EXPECT_TRUE(Can(Role::kEditor, capability)) << CapabilityName(capability);
    EXPECT_FALSE(Can(Role::kAuthor, capability)) << CapabilityName(capability);
    EXPECT_FALSE(Can(Role::kContributor, capability)) << CapabilityName(capability);
    EXPECT_FALSE(Can(Role::kSubscriber, capability)) << CapabilityName(capability);
  }
  EXPECT_EQ(CapabilityName(Capability::kManageCategories), "manage_categories");
}

TEST(Capabilities, AuthorsUploadFilesContributorsDoNot) {
  EXPECT_TRUE(Can(Role::kAuthor, Capability::kUploadFiles));
  EXPECT_TRUE(Can(Role::kEditor, Capability::kUploadFiles));
  EXPECT_FALSE(Can(Role::kContributor, Capability::kUploadFiles));
  EXPECT_EQ(CapabilityName(Capability::kUploadFiles), "upload_files");
}

}  // namespace
}  // namespace quire::admin
