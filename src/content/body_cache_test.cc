#include "content/body_cache.h"

#include <gtest/gtest.h>

#include <string>

#include "content/markdown.h"

namespace quire::content {
namespace {

TEST(BodyCacheTest, ABodyIsRenderedOnceAndAnEditedOneAgain) {
  BodyCache cache;
  int renders = 0;
  auto render = [&](std::string_view body) {
    return [&renders, body] {
      ++renders;
      return "<p>" + std::string(body) + "</p>";
    };
  };
  EXPECT_EQ(cache.Get("one", store::PostFormat::kMarkdown, false, render("one")), "<p>one</p>");
  EXPECT_EQ(cache.Get("one", store::PostFormat::kMarkdown, false, render("one")), "<p>one</p>");
  EXPECT_EQ(renders, 1);
  EXPECT_EQ(cache.Hits(), 1u);
  // Whatever the rendering depends on is part of the key.
  cache.Get("one!", store::PostFormat::kMarkdown, false, render("one!"));
  cache.Get("one", store::PostFormat::kHtml, false, render("one"));
  cache.Get("one", store::PostFormat::kMarkdown, true, render("one"));
  EXPECT_EQ(renders, 4);
  EXPECT_EQ(cache.Misses(), 4u);
}

TEST(BodyCacheTest, AGalleryIsRenderedEveryTime) {
  BodyCache cache;
  EXPECT_FALSE(BodyCache::Cacheable("before [gallery ids=\"1,2\"] after"));
  EXPECT_FALSE(BodyCache::Cacheable("[GALLERY]"));
  EXPECT_TRUE(BodyCache::Cacheable("[caption]a[/caption] [galler"));
  int renders = 0;
  for (int i = 0; i < 2; ++i) {
    cache.Get("[gallery]", store::PostFormat::kHtml, true, [&] {
      ++renders;
      return std::string("<ul></ul>");
    });
  }
  EXPECT_EQ(renders, 2);
  EXPECT_EQ(cache.Bytes(), 0u);
}

TEST(BodyCacheTest, TheLeastRecentlyUsedGoOverTheBudget) {
  const std::string big(1000, 'x');
  BodyCache cache(5000);  // room for two entries of ~2,200 bytes
  int renders = 0;
  auto get = [&](char name) {
    return cache.Get(std::string(1, name) + big, store::PostFormat::kText, false, [&] {
      ++renders;
      return std::string(1, name) + big;
    });
  };
  get('a');
  get('b');
  get('a');  // a is now the most recent
  get('c');  // b goes
  EXPECT_LE(cache.Bytes(), 5000u);
  EXPECT_EQ(renders, 3);
  get('a');
  EXPECT_EQ(renders, 3);
  get('b');
  EXPECT_EQ(renders, 4);
}

TEST(BodyCacheTest, RenderBodyOfAPostGivesTheSameHtmlFromTheCache) {
  store::Post post;
  post.body = "# Title\n\nSome *text* <script>x</script> [a](https://example.com/)";
  post.format = store::PostFormat::kMarkdown;
  post.unfiltered = false;
  uint64_t hits = BodyCache::Shared().Hits();
  std::string first = RenderBody(post);
  std::string second = RenderBody(post);
  EXPECT_EQ(first, RenderBody(post.body, post.format, post.unfiltered));
  EXPECT_EQ(second, first);
  EXPECT_GE(BodyCache::Shared().Hits(), hits + 1);
  EXPECT_EQ(first.find("<script>"), std::string::npos);
}

TEST(BodyCacheTest, AnExcerptIsKeptWithItsBody) {
  store::Post post;
  post.body = "A first sentence with *words*; a second &amp; a third: " + std::string(50, 'w');
  post.format = store::PostFormat::kMarkdown;
  std::string first = Excerpt(post, 3);
  uint64_t hits = BodyCache::Shared().Hits();
  EXPECT_EQ(Excerpt(post, 3), first);
  EXPECT_EQ(BodyCache::Shared().Hits(), hits + 1);
  EXPECT_EQ(first, "A first sentence [\u2026]") << first;
  EXPECT_NE(Excerpt(post, 4), first);  // another length is another excerpt
  post.body += " changed";
  EXPECT_EQ(Excerpt(post, 3), first);  // made again for the new text, the same words
}

}  // namespace
}  // namespace quire::content
