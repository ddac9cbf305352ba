#include "site/page_meta.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace quire::site {
namespace {

store::Post SamplePost() {
  store::Post post;
  post.id = 7;
  post.title = "Hello </script> world";
  post.body = "First words of the body.";
  post.published_at = 1704207845;
  post.modified_at = 1704211445;
  return post;
}

store::Settings SampleSettings() {
  store::Settings settings;
  settings.title = "Cats & Dogs";
  return settings;
}

TEST(MetaForItem, DescribesTheArticle) {
  PageMeta meta = MetaForItem(SamplePost(), SampleSettings(), "https://example.org/hello/", "Ada",
                              "https://example.org/a.jpg", 800, 600);
  EXPECT_EQ(meta.title, "Hello </script> world");
  EXPECT_EQ(meta.og_type, "article");
  EXPECT_EQ(meta.canonical, "https://example.org/hello/");
  EXPECT_EQ(meta.description, "First words of the body.");
  EXPECT_EQ(meta.published, "2024-01-02T15:04:05Z");
  EXPECT_EQ(meta.modified, "2024-01-02T16:04:05Z");
  EXPECT_EQ(meta.author, "Ada");
  EXPECT_EQ(meta.image, "https://example.org/a.jpg");
  EXPECT_EQ(meta.image_width, 800);
  EXPECT_EQ(meta.image_height, 600);
  EXPECT_FALSE(meta.noindex);
}

TEST(MetaForItem, WritesAJsonLdArticle) {
  PageMeta meta = MetaForItem(SamplePost(), SampleSettings(), "https://example.org/hello/", "Ada",
                              "https://example.org/a.jpg", 800, 600);
  nlohmann::json ld = nlohmann::json::parse(meta.json_ld);
  EXPECT_EQ(ld["@context"], "https://schema.org");
  EXPECT_EQ(ld["@type"], "Article");
  EXPECT_EQ(ld["headline"], "Hello </script> world");
  EXPECT_EQ(ld["datePublished"], "2024-01-02T15:04:05Z");
  EXPECT_EQ(ld["dateModified"], "2024-01-02T16:04:05Z");
  EXPECT_EQ(ld["author"]["@type"], "Person");
  EXPECT_EQ(ld["author"]["name"], "Ada");
  EXPECT_EQ(ld["image"]["url"], "https://example.org/a.jpg");
  EXPECT_EQ(ld["image"]["width"], 800);
  EXPECT_EQ(ld["mainEntityOfPage"]["@id"], "https://example.org/hello/");
  EXPECT_EQ(ld["publisher"]["@type"], "Organization");
  EXPECT_EQ(ld["publisher"]["name"], "Cats & Dogs");
  EXPECT_EQ(ld["description"], "First words of the body.");
}

TEST(MetaForItem, LeavesOutWhatIsMissing) {
  store::Post post = SamplePost();
  post.modified_at = 0;
  PageMeta meta = MetaForItem(post, SampleSettings(), "https://example.org/hello/", "", "", 0, 0);
  nlohmann::json ld = nlohmann::json::parse(meta.json_ld);
  EXPECT_FALSE(ld.contains("author"));
  EXPECT_FALSE(ld.contains("image"));
  EXPECT_EQ(ld["dateModified"], "2024-01-02T15:04:05Z");
  EXPECT_TRUE(meta.image.empty());
}

TEST(MetaForItem, UsesTheWrittenExcerptAndHidesProtectedText) {
  store::Post post = SamplePost();
  post.excerpt = "Written summary";
  EXPECT_EQ(MetaForItem(post, SampleSettings(), "u", "", "", 0, 0).description, "Written summary");
  post.password = "secret";
  PageMeta hidden = MetaForItem(post, SampleSettings(), "u", "", "", 0, 0);
  EXPECT_EQ(hidden.description, "");
  EXPECT_FALSE(nlohmann::json::parse(hidden.json_ld).contains("description"));
}

TEST(MetaForItem, SurvivesInvalidUtf8) {
  store::Post post = SamplePost();
  post.title = "bad \xC3( title";
  PageMeta meta = MetaForItem(post, SampleSettings(), "u", "", "", 0, 0);
  EXPECT_EQ(nlohmann::json::parse(meta.json_ld)["headline"], "bad \xEF\xBF\xBD( title");
}

}  // namespace
}  // namespace quire::site
