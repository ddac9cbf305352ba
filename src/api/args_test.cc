// Query parsing (CSV and [] arrays) and argument validation with WordPress's messages, and the
// error shape.
#include "api/args.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace quire::api {
namespace {

using ::testing::ElementsAre;

std::vector<ArgSpec> Specs() {
  return {
      ArgSpec{.name = "page", .type = ArgType::kInteger, .default_value = 1, .minimum = 1},
      ArgSpec{.name = "per_page",
              .type = ArgType::kInteger,
              .default_value = 10,
              .minimum = 1,
              .maximum = 100},
      ArgSpec{.name = "order",
              .type = ArgType::kString,
              .default_value = "desc",
              .enum_values = {"asc", "desc"}},
      ArgSpec{.name = "orderby", .type = ArgType::kString, .enum_values = {"a", "b", "c"}},
      ArgSpec{.name = "include", .type = ArgType::kIntegerList, .default_value = Json::array()},
      ArgSpec{.name = "slug", .type = ArgType::kStringList},
      ArgSpec{.name = "hide_empty", .type = ArgType::kBoolean, .default_value = false},
  };
}

TEST(QueryArgsTest, ReadsArraysInEveryForm) {
  QueryArgs args = QueryArgs::Parse("include[]=1&include[]=2&post%5B0%5D=4&s=a+b&x=1&x=2&flag");
  EXPECT_THAT(*args.Find("include"), ElementsAre("1", "2"));
  EXPECT_THAT(*args.Find("post"), ElementsAre("4"));
  EXPECT_EQ(args.First("s"), "a b");
  EXPECT_THAT(*args.Find("x"), ElementsAre("2"));  // a plain name given again: the last wins
  EXPECT_TRUE(args.Has("flag"));
  EXPECT_FALSE(args.Has("missing"));
  EXPECT_THAT(args.Names(), ElementsAre("include", "post", "s", "x", "flag"));
  EXPECT_THAT(ParseList({"1, 2,,3", "4 5"}), ElementsAre("1", "2", "3", "4", "5"));
}

TEST(ValidateArgsTest, FillsDefaultsAndConvertsTypes) {
  RestResult<Json> values = ValidateArgs(
      Specs(), QueryArgs::Parse("per_page=5&include=3,4&slug[]=x&hide_empty=true&other=1"));
  ASSERT_TRUE(values) << values.error().ToJson().dump();
  EXPECT_EQ((*values)["page"], 1);
  EXPECT_EQ((*values)["per_page"], 5);
  EXPECT_EQ((*values)["order"], "desc");
  EXPECT_FALSE(values->contains("orderby"));  // no default: absent
  EXPECT_EQ((*values)["include"], Json::array({3, 4}));
  EXPECT_EQ((*values)["slug"], Json::array({"x"}));
  EXPECT_EQ((*values)["hide_empty"], true);
  EXPECT_FALSE(values->contains("other"));  // unknown arguments are ignored
}

TEST(ValidateArgsTest, RefusesWithWordPressMessages) {
  RestResult<Json> values = ValidateArgs(
      Specs(),
      QueryArgs::Parse("page=0&per_page=101&order=up&orderby=z&include=1,x&hide_empty=maybe"));
  ASSERT_FALSE(values);
  const RestError& error = values.error();
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.code, "rest_invalid_param");
  EXPECT_EQ(error.message,
            "Invalid parameter(s): hide_empty, include, order, orderby, page, per_page");
  const Json& params = error.data["params"];
  EXPECT_EQ(params["page"], "page must be greater than or equal to 1");
  EXPECT_EQ(params["per_page"], "per_page must be between 1 (inclusive) and 100 (inclusive)");
  EXPECT_EQ(params["order"], "order is not one of asc and desc.");
  EXPECT_EQ(params["orderby"], "orderby is not one of a, b, and c.");
  EXPECT_EQ(params["include"], "include[1] is not of type integer.");
  EXPECT_EQ(params["hide_empty"], "hide_empty is not of type boolean.");
  EXPECT_EQ(error.data["details"]["per_page"]["code"], "rest_out_of_bounds");
  EXPECT_EQ(error.data["details"]["order"]["code"], "rest_not_in_enum");
  EXPECT_EQ(error.data["details"]["include"]["code"], "rest_invalid_type");

  Json body = error.ToJson();
  EXPECT_EQ(body["code"], "rest_invalid_param");
  EXPECT_EQ(body["data"]["status"], 400);
  EXPECT_EQ(body["data"].begin().key(), "status");  // WordPress's order: status first
}

TEST(ValidateArgsTest, DatesAreWordPresssDateTimes) {
  std::vector<ArgSpec> specs = {ArgSpec{.name = "after", .type = ArgType::kDateTime}};
  EXPECT_TRUE(ValidateArgs(specs, QueryArgs::Parse("after=2024-05-01T10:20:30")));
  EXPECT_TRUE(ValidateArgs(specs, QueryArgs::Parse("after=2024-05-01T10:20:30%2B02:00")));
  for (const char* bad : {"after=2024-05-01", "after=yesterday", "after=2024-13-01T00:00:00"}) {
    RestResult<Json> values = ValidateArgs(specs, QueryArgs::Parse(bad));
    ASSERT_FALSE(values) << bad;
    EXPECT_EQ(values.error().data["params"]["after"], "Invalid date.");
    EXPECT_EQ(values.error().data["details"]["after"]["code"], "rest_invalid_date");
  }
  EXPECT_EQ(specs[0].IndexJson()["format"], "date-time");
  auto plus_hour = [](int64_t local) { return local - 3600; };  // a zone one hour east
  EXPECT_EQ(RestDateToUtc("2024-05-01T10:00:00", plus_hour), 1714557600 - 3600);
  EXPECT_EQ(RestDateToUtc("2024-05-01T10:00:00Z", plus_hour), 1714557600);
  EXPECT_EQ(RestDateToUtc("2024-05-01 10:00:00+01:00", plus_hour), 1714557600 - 3600);
  EXPECT_FALSE(RestDateToUtc("2024-05-01T10:00", plus_hour));
}

TEST(ArgSpecTest, DescribesItselfForTheIndex) {
  Json per_page = Specs()[1].IndexJson();
  EXPECT_EQ(per_page.dump(),
            R"({"type":"integer","default":10,"minimum":1,"maximum":100,"required":false})");
  Json include = Specs()[4].IndexJson();
  EXPECT_EQ(include["type"], "array");
  EXPECT_EQ(include["items"]["type"], "integer");
  Json order = Specs()[2].IndexJson();
  EXPECT_EQ(order["enum"], Json::array({"asc", "desc"}));
}

TEST(ErrorTest, NoRouteIsWordPresss) {
  EXPECT_EQ(NoRoute().ToJson().dump(),
            R"({"code":"rest_no_route","message":"No route was found matching the URL and )"
            R"(request method.","data":{"status":404}})");
}

}  // namespace
}  // namespace quire::api
