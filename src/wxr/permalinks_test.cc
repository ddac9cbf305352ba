#include "wxr/permalinks.h"

#include <gtest/gtest.h>

namespace quire::wxr {
namespace {

LinkFacts Facts(std::string_view link, std::string_view slug = "hello-world", int64_t id = 42) {
  LinkFacts facts;
  facts.link = link;
  facts.local_date = "2012-01-31 23:30:00";
  facts.slug = slug;
  facts.post_id = id;
  return facts;
}

std::string StructureOf(const LinkFacts& facts, std::string_view base = "") {
  std::optional<LinkStructure> s = InferStructure(facts, base);
  return s ? s->structure : "(none)";
}

TEST(LinkPath, DecodesThePathAndRefusesQueries) {
  EXPECT_EQ(LinkPath("https://a.org/fa/%d8%b9/"), "/fa/\u0639/");
  EXPECT_EQ(LinkPath("https://a.org"), "/");
  EXPECT_EQ(LinkPath("http://a.org/x/#more"), "/x/");
  EXPECT_EQ(LinkPath("https://wpthemetestdata.wordpress.com//greek/x/"), "//greek/x/");
  EXPECT_FALSE(LinkPath("http://a.org/?p=44"));
  EXPECT_FALSE(LinkPath("/relative/"));
  EXPECT_FALSE(LinkPath("ftp://a.org/x"));
}

TEST(BasePath, IsThePathOfASubfolderInstall) {
  EXPECT_EQ(BasePath("http://swizec.com/blog"), "/blog");
  EXPECT_EQ(BasePath("http://swizec.com/blog/"), "/blog");
  EXPECT_EQ(BasePath("https://a.org/"), "");
  EXPECT_EQ(BasePath(""), "");
}

TEST(InferStructure, DatesSlugsAndIds) {
  EXPECT_EQ(StructureOf(Facts("http://a.org/2012/01/31/hello-world/")),
            "/%year%/%monthnum%/%day%/%postname%/");
  EXPECT_EQ(StructureOf(Facts("http://a.org/archives/42")), "/archives/%post_id%");
  EXPECT_EQ(StructureOf(Facts("http://a.org/hello-world-42/")), "/%postname%-%post_id%/");
  EXPECT_EQ(StructureOf(Facts("http://a.org/hello-world-43/")), "(none)");
  // A slug that looks like the year: the last segment showing it is the slug.
  EXPECT_EQ(StructureOf(Facts("http://a.org/2012/01/2012/", "2012")),
            "/%year%/%monthnum%/%postname%/");
  EXPECT_EQ(StructureOf(Facts("http://a.org/about/", "other")), "(none)");
}

TEST(InferStructure, KeepsSuffixes) {
  EXPECT_EQ(StructureOf(Facts("http://everet.org/2012/01/hello-world.html")),
            "/%year%/%monthnum%/%postname%.html");
  EXPECT_EQ(StructureOf(Facts("http://a.org/42.htm")), "/%post_id%.htm");
}

TEST(InferStructure, PercentEncodedSlugsOfEitherCase) {
  EXPECT_EQ(StructureOf(Facts("https://a.org/2012/01/%CE%B1%CE%B2/", "%ce%b1%ce%b2")),
            "/%year%/%monthnum%/%postname%/");
}

TEST(InferStructure, CategoryAndAuthorBelowABasePath) {
  LinkFacts facts = Facts("http://swizec.com/blog/stvarce/swizec/409", "kernel", 409);
  facts.categories = {"stvarce"};
  facts.author = "Swizec";
  EXPECT_EQ(StructureOf(facts, "/blog"), "/%category%/%author%/%post_id%");
  EXPECT_EQ(StructureOf(facts, "/other"), "(none)");
}

TEST(InferStructure, LeavesOutALanguagePrefix) {
  LinkFacts facts = Facts("https://blog.parchlinux.com/fa/%d8%b9/", "%d8%b9");
  facts.language = "fa";
  std::optional<LinkStructure> s = InferStructure(facts, "");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->structure, "/%postname%/");
  EXPECT_EQ(s->language, "fa");
  facts.language = "en";
  EXPECT_EQ(StructureOf(facts), "/fa/%postname%/");
}

TEST(IsExpressible, OnlyQuiresTags) {
  EXPECT_TRUE(IsExpressible("/%year%/%monthnum%/%postname%.html"));
  EXPECT_TRUE(IsExpressible("/archives/%post_id%"));
  EXPECT_FALSE(IsExpressible("/%category%/%author%/%post_id%"));
  EXPECT_FALSE(IsExpressible("/about/"));
}

TEST(StructureVotes, TheMostCommonWinsAndSaysWhetherMostFollowIt) {
  StructureVotes votes;
  EXPECT_FALSE(votes.Best());
  votes.Add(Facts("http://a.org/2012/01/31/a/", "a"), "");
  votes.Add(Facts("http://a.org/2012/01/31/b/", "b"), "");
  votes.Add(Facts("http://a.org/b-side/", "b-side"), "");
  votes.Add(Facts("http://a.org/?p=4", "c"), "");  // plain links count for nothing
  std::optional<StructureVotes::Choice> best = votes.Best();
  ASSERT_TRUE(best);
  EXPECT_EQ(best->structure, "/%year%/%monthnum%/%day%/%postname%/");
  EXPECT_EQ(best->votes, 2);
  EXPECT_EQ(best->total, 3);
  EXPECT_TRUE(best->majority);
  EXPECT_TRUE(best->expressible);
}

}  // namespace
}  // namespace quire::wxr
