// The JSON of each record per context: WordPress's field names and order, what embed leaves
// out, links, dates without a zone, and that no email reaches a comment's or user's JSON.
#include "api/serialize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace quire::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const Urls kUrls{"https://example.com"};

std::vector<std::string> Keys(const Json& json) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  return keys;
}

PostView APost() {
  PostView view;
  view.post = store::Post{.id = 8,
                          .slug = "hello",
                          .title = "Fish & <Chips>",
                          .status = store::PostStatus::kPublish,
                          .author_id = 2,
                          .published_at = 1714557600,
                          .modified_at = 1714557601};
  view.link = "https://example.com/2024/05/01/hello/";
  view.date_local = 1714557600 + 7200;
  view.modified_local = 1714557601 + 7200;
  view.content_html = "<p>Body</p>\n";
  view.excerpt_text = "Body & more";
  view.categories = {5};
  view.tags = {12, 19};
  return view;
}

TEST(SerializeTest, RestDatesHaveNoZone) {
  EXPECT_EQ(RestDate(1714557600), "2024-05-01T10:00:00");
  EXPECT_EQ(RestDate(0), "1970-01-01T00:00:00");
}

TEST(SerializeTest, PostInViewContextHasWordPresssFieldsInOrder) {
  Json post = PostJson(APost(), Context::kView, kUrls);
  EXPECT_THAT(Keys(post),
              ElementsAre("id", "date", "date_gmt", "guid", "modified", "modified_gmt", "slug",
                          "status", "type", "link", "title", "content", "excerpt", "author",
                          "featured_media", "comment_status", "ping_status", "sticky", "template",
                          "format", "meta", "categories", "tags", "_links"));
  EXPECT_EQ(post["date"], "2024-05-01T12:00:00");
  EXPECT_EQ(post["date_gmt"], "2024-05-01T10:00:00");
  EXPECT_EQ(post["guid"]["rendered"], "https://example.com/?p=8");
  EXPECT_EQ(post["title"]["rendered"], "Fish &amp; &lt;Chips&gt;");
  EXPECT_EQ(post["excerpt"]["rendered"], "<p>Body &amp; more</p>\n");
  EXPECT_EQ(post["content"]["protected"], false);
  EXPECT_EQ(post["categories"], Json::array({5}));
  EXPECT_EQ(post["_links"]["self"][0]["href"], "https://example.com/wp-json/wp/v2/posts/8");
  EXPECT_EQ(post["_links"]["author"][0]["embeddable"], true);
  EXPECT_EQ(post["_links"]["replies"][0]["href"],
            "https://example.com/wp-json/wp/v2/comments?post=8");
  EXPECT_EQ(post["_links"]["wp:term"][1]["taxonomy"], "post_tag");
  EXPECT_EQ(post["_links"]["curies"][0]["href"], "https://api.w.org/{rel}");
}

TEST(SerializeTest, PostInEmbedContextKeepsWhatEmbedShows) {
  Json post = PostJson(APost(), Context::kEmbed, kUrls);
  EXPECT_THAT(Keys(post), ElementsAre("id", "date", "slug", "type", "link", "title", "excerpt",
                                      "author", "featured_media", "_links"));
}

TEST(SerializeTest, ProtectedPostShowsNoBody) {
  PostView view = APost();
  view.post.password = "secret";
  view.is_protected = true;
  Json post = PostJson(view, Context::kView, kUrls);
  EXPECT_EQ(post["content"]["rendered"], "");
  EXPECT_EQ(post["content"]["protected"], true);
  EXPECT_EQ(post["excerpt"]["rendered"], "");
  EXPECT_THAT(post.dump(), Not(HasSubstr("secret")));
}

TEST(SerializeTest, PageHasParentAndMenuOrderNotTerms) {
  PostView view = APost();
  view.post.type = store::PostType::kPage;
  view.post.parent_id = 3;
  Json page = PostJson(view, Context::kView, kUrls);
  EXPECT_EQ(page["parent"], 3);
  EXPECT_FALSE(page.contains("categories"));
  EXPECT_FALSE(page.contains("sticky"));
  EXPECT_EQ(page["_links"]["up"][0]["href"], "https://example.com/wp-json/wp/v2/pages/3");
}

TEST(SerializeTest, CommentCarriesNoEmailAndKeyedAvatars) {
  CommentView view;
  view.comment = store::Comment{.id = 51,
                                .post_id = 4,
                                .parent_id = 50,
                                .author = "David",
                                .email = "david@example.org",
                                .ip = "192.0.2.1",
                                .user_agent = "Agent/1",
                                .created_at = 1714557600,
                                .status = store::CommentStatus::kApproved};
  view.link = "https://example.com/p/#comment-51";
  view.date_local = 1714557600;
  view.content_html = "<p>Hi</p>\n";
  view.avatar_key = "0123456789abcdef0123456789abcdef";
  view.has_children = true;
  Json comment = CommentJson(view, Context::kView, kUrls);
  EXPECT_THAT(Keys(comment), ElementsAre("id", "post", "parent", "author", "author_name",
                                         "author_url", "date", "date_gmt", "content", "link",
                                         "status", "type", "author_avatar_urls", "meta", "_links"));
  EXPECT_EQ(comment["status"], "approved");
  EXPECT_EQ(comment["author_avatar_urls"]["48"],
            "https://example.com/avatar/0123456789abcdef0123456789abcdef.svg?s=48");
  EXPECT_EQ(comment["_links"]["up"][0]["post_type"], "post");
  EXPECT_EQ(comment["_links"]["in-reply-to"][0]["href"],
            "https://example.com/wp-json/wp/v2/comments/50");
  EXPECT_EQ(comment["_links"]["children"][0]["href"],
            "https://example.com/wp-json/wp/v2/comments?parent=51");
  for (Context context : {Context::kView, Context::kEmbed}) {
    std::string text = CommentJson(view, context, kUrls).dump();
    EXPECT_THAT(text, Not(HasSubstr("david@example.org")));
    EXPECT_THAT(text, Not(HasSubstr("192.0.2.1")));
    EXPECT_THAT(text, Not(HasSubstr("Agent/1")));
  }
  view.avatar_key.clear();  // avatars off
  EXPECT_FALSE(CommentJson(view, Context::kView, kUrls).contains("author_avatar_urls"));
}

TEST(SerializeTest, TermsAndUsers) {
  TermView category{store::Term{.id = 5,
                                .taxonomy = "category",
                                .name = "Culture",
                                .slug = "culture",
                                .parent_id = 1,
                                .count = 38},
                    "https://example.com/category/culture/"};
  Json term = TermJson(category, Context::kView, kUrls);
  EXPECT_THAT(Keys(term), ElementsAre("id", "count", "description", "link", "name", "slug",
                                      "taxonomy", "parent", "meta", "_links"));
  EXPECT_EQ(term["_links"]["wp:post_type"][0]["href"],
            "https://example.com/wp-json/wp/v2/posts?categories=5");
  category.term.taxonomy = "post_tag";
  EXPECT_FALSE(TermJson(category, Context::kView, kUrls).contains("parent"));
  EXPECT_THAT(Keys(TermJson(category, Context::kEmbed, kUrls)),
              ElementsAre("id", "link", "name", "slug", "taxonomy", "_links"));

  UserView user{.id = 2,
                .name = "Ann",
                .slug = "ann",
                .link = "https://example.com/author/ann/",
                .avatar_key = "k"};
  EXPECT_THAT(Keys(UserJson(user, Context::kView, kUrls)),
              ElementsAre("id", "name", "url", "description", "link", "slug", "avatar_urls", "meta",
                          "_links"));
  EXPECT_FALSE(UserJson(user, Context::kEmbed, kUrls).contains("meta"));
}

}  // namespace
}  // namespace quire::api
