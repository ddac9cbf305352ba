// The categories and tags screens: adding (slug derived, parent for categories), the tree
// listing with counts, editing, deleting, refusals (no name, unknown parent, a category under
// itself), CSRF; and the tree order used by every category list.
#include "admin/terms_screen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "admin/screens_test_fixture.h"
#include "admin/term_tree.h"
#include "store/taxonomy.h"

namespace quire::admin {
namespace {

using store::Role;
using store::Term;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class TermsScreenTest : public testing::ScreensTest {
 protected:
  http::Response Add(std::string_view taxonomy, const std::string& body) {
    return Call([&](http::Respond respond) {
      screens_->terms().Add(Post("/admin/x/", body), taxonomy, Moderator(), std::move(respond));
    });
  }
  http::Response List(std::string_view taxonomy, const std::string& target = "/admin/x/") {
    return Call([&](http::Respond respond) {
      screens_->terms().List(Get(target), taxonomy, Moderator(), std::move(respond));
    });
  }
  http::Response Save(std::string_view taxonomy, int64_t id, const std::string& body) {
    return Call([&](http::Respond respond) {
      screens_->terms().Save(Post("/admin/x/", body), taxonomy, id, Moderator(),
                             std::move(respond));
    });
  }
  http::Response Delete(std::string_view taxonomy, int64_t id, const std::string& body) {
    return Call([&](http::Respond respond) {
      screens_->terms().Delete(Post("/admin/x/", body), taxonomy, id, Moderator(),
                               std::move(respond));
    });
  }
  std::optional<Term> BySlug(std::string_view taxonomy, std::string_view slug) {
    auto found = store::FindTermBySlug(*store_, taxonomy, slug);
    EXPECT_TRUE(found);
    return found ? *found : std::nullopt;
  }

  static constexpr const char* kCsrf = "_wpnonce=csrf-token-123";
};

TEST_F(TermsScreenTest, AddsCategoriesWithParentsAndListsThemAsATree) {
  http::Response added = Add(store::kCategory, std::string(kCsrf) + "&tag-name=World+News");
  ASSERT_EQ(added.status, 303) << Body(added);
  EXPECT_EQ(Location(added), "/admin/categories/?added=1");
  std::optional<Term> world = BySlug(store::kCategory, "world-news");
  ASSERT_TRUE(world);
  ASSERT_EQ(Add(store::kCategory, std::string(kCsrf) + "&tag-name=Europe&slug=eu&description=" +
                                      "Old+%3Ccontinent%3E&parent=" + std::to_string(world->id))
                .status,
            303);
  std::optional<Term> europe = BySlug(store::kCategory, "eu");
  ASSERT_TRUE(europe);
  EXPECT_EQ(europe->parent_id, world->id);
  EXPECT_EQ(europe->description, "Old <continent>");
  const std::string html = Body(List(store::kCategory, "/admin/categories/?added=1"));
  EXPECT_THAT(html, HasSubstr("Category added."));
  EXPECT_THAT(html, HasSubstr("Old &lt;continent&gt;"));
  EXPECT_THAT(html, ::testing::ContainsRegex("World News</a>(.|\n)*\u2014 <a[^>]*>Europe</a>"));
  EXPECT_THAT(html, HasSubstr("href=\"/category/eu/\""));
}

TEST_F(TermsScreenTest, RefusesANamelessTermOrAnUnknownParentAndKeepsWhatWasTyped) {
  http::Response nameless = Add(store::kPostTag, std::string(kCsrf) + "&slug=typed-slug");
  EXPECT_EQ(nameless.status, 400);
  EXPECT_THAT(Body(nameless), HasSubstr("A name is required"));
  EXPECT_THAT(Body(nameless), HasSubstr("value=\"typed-slug\""));
  http::Response orphan = Add(store::kCategory, std::string(kCsrf) + "&tag-name=X&parent=424242");
  EXPECT_EQ(orphan.status, 400);
  auto terms = store::ListTerms(*store_, store::kCategory);
  ASSERT_TRUE(terms);
  EXPECT_TRUE(terms->empty());
}

TEST_F(TermsScreenTest, EditsAndDeletesATag) {
  ASSERT_EQ(Add(store::kPostTag, std::string(kCsrf) + "&tag-name=Cats").status, 303);
  const int64_t id = BySlug(store::kPostTag, "cats")->id;
  http::Response edited =
      Save(store::kPostTag, id, std::string(kCsrf) + "&tag-name=Felines&slug=&parent=5");
  ASSERT_EQ(edited.status, 303) << Body(edited);
  EXPECT_EQ(Location(edited), "/admin/tags/?updated=1");
  std::optional<Term> felines = BySlug(store::kPostTag, "felines");
  ASSERT_TRUE(felines);
  EXPECT_EQ(felines->id, id);
  EXPECT_EQ(felines->parent_id, 0);  // tags have no parents
  // Wrong taxonomy: a tag is not a category.
  EXPECT_EQ(Delete(store::kCategory, id, kCsrf).status, 404);
  EXPECT_EQ(Delete(store::kPostTag, id, "").status, 403);  // no CSRF token
  EXPECT_TRUE(BySlug(store::kPostTag, "felines"));
  http::Response deleted = Delete(store::kPostTag, id, kCsrf);
  ASSERT_EQ(deleted.status, 303);
  EXPECT_EQ(Location(deleted), "/admin/tags/?deleted=1");
  EXPECT_FALSE(BySlug(store::kPostTag, "felines"));
  EXPECT_THAT(Body(List(store::kPostTag)), Not(HasSubstr("Felines")));
}

TEST_F(TermsScreenTest, WithoutTheCsrfTokenNothingIsAdded) {
  EXPECT_EQ(Add(store::kPostTag, "tag-name=Forged").status, 403);
  EXPECT_FALSE(BySlug(store::kPostTag, "forged"));
}

TEST(BuildTermTest, DerivesTheSlugAndRefusesACategoryUnderItself) {
  Result<Term> term = BuildTerm({.name = "Hello World"}, store::kCategory, nullptr);
  ASSERT_TRUE(term);
  EXPECT_EQ(term->slug, "hello-world");
  EXPECT_EQ(term->taxonomy, "category");
  Term stored{.id = 4, .taxonomy = "category", .name = "A", .slug = "a"};
  EXPECT_FALSE(BuildTerm({.name = "A", .parent_id = 4}, store::kCategory, &stored));
}

TEST(TermTreeTest, ParentsComeBeforeTheirChildrenAndOrphansAndCyclesAtTheTop) {
  std::vector<Term> terms = {
      {.id = 1, .name = "b-root"},
      {.id = 2, .name = "child", .parent_id = 1},
      {.id = 3, .name = "A-root"},
      {.id = 4, .name = "grandchild", .parent_id = 2},
      {.id = 5, .name = "orphan", .parent_id = 99},
      {.id = 6, .name = "loop-x", .parent_id = 7},
      {.id = 7, .name = "loop-y", .parent_id = 6},
  };
  std::vector<std::string> walk;
  for (const TreeTerm& entry : InTreeOrder(terms)) {
    walk.push_back(std::to_string(entry.depth) + ":" + entry.term.name);
  }
  EXPECT_THAT(walk, ElementsAre("0:A-root", "0:b-root", "1:child", "2:grandchild", "0:orphan",
                                "0:loop-x", "1:loop-y"));
}

}  // namespace
}  // namespace quire::admin
