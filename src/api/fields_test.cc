// _fields and _embed argument handling, and the route table's matching and description.
#include "api/fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/route_table.h"

namespace quire::api {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(FilterFieldsTest, KeepsNamedFieldsInTheItemsOrder) {
  Json item =
      Json::parse(R"({"id":1,"title":{"rendered":"T","raw":"t"},"link":"l","_links":{"self":[]}})");
  EXPECT_EQ(FilterFields(item, {"link", "id"}).dump(), R"({"id":1,"link":"l"})");
  EXPECT_EQ(FilterFields(item, {"title.rendered"}).dump(), R"({"title":{"rendered":"T"}})");
  EXPECT_EQ(FilterFields(item, {"title"}).dump(), R"({"title":{"rendered":"T","raw":"t"}})");
  EXPECT_EQ(FilterFields(item, {"id.x"}).dump(), R"({"id":1})");  // not an object: whole
  EXPECT_EQ(FilterFields(item, {"nothing"}).dump(), "{}");
}

TEST(EmbedRelsTest, AllOrTheListed) {
  EXPECT_THAT(EmbedRels(QueryArgs::Parse("_embed")), IsEmpty());
  EXPECT_THAT(EmbedRels(QueryArgs::Parse("_embed=1")), IsEmpty());
  EXPECT_THAT(EmbedRels(QueryArgs::Parse("_embed=author,wp:term")),
              ElementsAre("author", "wp:term"));
  EXPECT_THAT(EmbedRels(QueryArgs::Parse("_embed[]=replies")), ElementsAre("replies"));
}

RouteTable Table() {
  RouteTable table;
  auto ok = [](const Call&) -> RestResult<Reply> { return Reply{}; };
  table.Add(Route{"/", {}, ok});
  table.Add(Route{"/wp/v2/posts", {ArgSpec{.name = "page", .type = ArgType::kInteger}}, ok});
  table.Add(Route{"/wp/v2/posts/(?P<id>[\\d]+)", {}, ok});
  table.Add(Route{"/wp/v2/types/(?P<type>[\\w-]+)", {}, ok});
  table.Add(Route{"/wp/v2/users/me", {}, ok});
  return table;
}

TEST(RouteTableTest, MatchesPatternsAndPlaceholders) {
  RouteTable table = Table();
  EXPECT_EQ(table.Find("/")->route->pattern, "/");
  EXPECT_EQ(table.Find("/wp/v2/posts/")->route->pattern, "/wp/v2/posts");
  EXPECT_EQ(table.Find("/WP/V2/Posts")->route->pattern, "/wp/v2/posts");
  std::optional<RouteTable::Match> post = table.Find("/wp/v2/posts/42");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->capture, "42");
  EXPECT_FALSE(table.Find("/wp/v2/posts/4x"));
  EXPECT_EQ(table.Find("/wp/v2/types/post_tag-2")->capture, "post_tag-2");
  EXPECT_FALSE(table.Find("/wp/v2/types/a.b"));
  EXPECT_FALSE(table.Find("/wp/v2/users/42"));
  EXPECT_FALSE(table.Find("/wp/v2"));
}

TEST(RouteTableTest, DescribesRoutesForTheIndex) {
  Json routes = Table().Describe("https://example.com/wp-json");
  EXPECT_EQ(routes["/wp/v2/posts"]["namespace"], "wp/v2");
  EXPECT_EQ(routes["/wp/v2/posts"]["methods"], Json::array({"GET"}));
  EXPECT_EQ(routes["/wp/v2/posts"]["endpoints"][0]["args"]["page"]["type"], "integer");
  EXPECT_EQ(routes["/wp/v2/posts"]["_links"]["self"][0]["href"],
            "https://example.com/wp-json/wp/v2/posts");
  EXPECT_FALSE(routes["/wp/v2/posts/(?P<id>[\\d]+)"].contains("_links"));
  EXPECT_EQ(routes["/"]["namespace"], "");
  EXPECT_EQ(Table().DescribeNamespace("wp/v2", "x").size(), 4u);
}

}  // namespace
}  // namespace quire::api
