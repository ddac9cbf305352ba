#include "http/router.h"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace quire::http {
namespace {

Request MakeRequest(std::string method, std::string target) {
  Request request;
  request.method = std::move(method);
  request.target = std::move(target);
  return request;
}

// Dispatches synchronously (all handlers here respond at once) and returns the response.
Response DispatchNow(const Router& router, std::string method, std::string target) {
  std::optional<Response> result;
  router.Dispatch(MakeRequest(std::move(method), std::move(target)),
                  [&result](Response response) { result = std::move(response); });
  EXPECT_TRUE(result.has_value());
  return result.value_or(Response{});
}

std::string BodyOf(const Response& response) {
  return response.body ? *response.body : "";
}

// A handler answering with its name and the params it got.
RouteHandler Named(std::string name) {
  return [name](const Request&, const Params& params, Respond respond) {
    std::string text = name;
    for (std::string_view key : {"n", "year", "slug", "file"}) {
      if (!params.Get(key).empty())
        text += " " + std::string(key) + "=" + std::string(params.Get(key));
    }
    respond(Response::Text(200, text));
  };
}

TEST(RouterMatch, LiteralPathsMatchExactly) {
  EXPECT_TRUE(Router::Match("/", "/").has_value());
  EXPECT_TRUE(Router::Match("/feed/", "/feed/").has_value());
  EXPECT_FALSE(Router::Match("/feed/", "/feeds/").has_value());
  EXPECT_FALSE(Router::Match("/feed/", "/").has_value());
  EXPECT_FALSE(Router::Match("/", "/feed/").has_value());
}

TEST(RouterMatch, TrailingSlashIsSignificant) {
  EXPECT_FALSE(Router::Match("/page/{n:int}/", "/page/2").has_value());
  EXPECT_FALSE(Router::Match("/assets/{file}", "/assets/a.css/").has_value());
  EXPECT_TRUE(Router::Match("/assets/{file}", "/assets/a.css").has_value());
}

TEST(RouterMatch, PlaceholdersCaptureOneSegment) {
  std::optional<Params> params =
      Router::Match("/{year:int}/{month:int}/{day:int}/{slug}/", "/2024/05/01/hello-world/");
  ASSERT_TRUE(params.has_value());
  EXPECT_EQ(params->GetInt("year"), 2024);
  EXPECT_EQ(params->GetInt("month"), 5);
  EXPECT_EQ(params->Get("day"), "01");
  EXPECT_EQ(params->Get("slug"), "hello-world");
  EXPECT_EQ(params->Get("missing"), "");
  EXPECT_EQ(params->GetInt("slug"), 0);
  EXPECT_FALSE(Router::Match("/{slug}/", "/a/b/").has_value());
}

TEST(RouterMatch, IntPlaceholderTakesDigitsOnly) {
  EXPECT_TRUE(Router::Match("/page/{n:int}/", "/page/12/").has_value());
  EXPECT_FALSE(Router::Match("/page/{n:int}/", "/page/x1/").has_value());
  EXPECT_FALSE(Router::Match("/page/{n:int}/", "/page/-1/").has_value());
}

TEST(RouterMatch, PlaceholderNeedsANonEmptySegment) {
  EXPECT_FALSE(Router::Match("/page/{n:int}/", "/page//").has_value());
  EXPECT_FALSE(Router::Match("/{slug}/", "//").has_value());
}

TEST(RouterMatch, PlaceholderValuesStayRaw) {
  std::optional<Params> params = Router::Match("/{slug}/", "/caf%C3%A9/");
  ASSERT_TRUE(params.has_value());
  EXPECT_EQ(params->Get("slug"), "caf%C3%A9");
}

TEST(Router, FirstMatchingRouteWins) {
  Router router;
  router.Add("GET", "/feed/", Named("feed"));
  router.Add("GET", "/{slug}/", Named("page"));
  EXPECT_EQ(BodyOf(DispatchNow(router, "GET", "/feed/")), "feed");
  EXPECT_EQ(BodyOf(DispatchNow(router, "GET", "/about/")), "page slug=about");
}

TEST(Router, QueryStringIsIgnoredForMatching) {
  Router router;
  router.Add("GET", "/page/{n:int}/", Named("list"));
  EXPECT_EQ(BodyOf(DispatchNow(router, "GET", "/page/3/?replytocom=2")), "list n=3");
}

TEST(Router, GetRoutesAnswerHead) {
  Router router;
  router.Add("GET", "/", Named("home"));
  Response response = DispatchNow(router, "HEAD", "/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(BodyOf(response), "home");
}

TEST(Router, WrongMethodGets405WithAllow) {
  Router router;
  router.Add("GET", "/wp-comments-post.php", Named("get"));
  router.Add("POST", "/wp-comments-post.php", Named("post"));
  router.Add("POST", "/{slug}", Named("other"));
  Response response = DispatchNow(router, "PUT", "/wp-comments-post.php");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.Find("Allow").value_or(""), "GET, HEAD, POST");
  EXPECT_EQ(BodyOf(DispatchNow(router, "POST", "/wp-comments-post.php")), "post");
}

TEST(Router, AnyMethodRoute) {
  Router router;
  router.Add("*", "/api/{file}", Named("any"));
  EXPECT_EQ(BodyOf(DispatchNow(router, "DELETE", "/api/x")), "any file=x");
}

TEST(Router, NoMatchWithoutFallbackIs404) {
  Router router;
  router.Add("GET", "/", Named("home"));
  EXPECT_EQ(DispatchNow(router, "GET", "/nope/").status, 404);
}

TEST(Router, NoMatchGoesToFallback) {
  Router router;
  router.Add("GET", "/", Named("home"));
  router.SetFallback([](const Request& request, const Params&, Respond respond) {
    respond(Response::Text(404, "fallback " + std::string(request.Path())));
  });
  Response response = DispatchNow(router, "POST", "/missing/?a=1");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(BodyOf(response), "fallback /missing/");
}

// Paths are split at most Router::kMaxSegments times: a deeper path reaches the fallback
// (no pattern is that deep), and a pattern deeper than that is refused when it is added.
TEST(Router, PathsDeeperThanAnyPatternGoToFallback) {
  Router router;
  router.Add("GET", "/{a}/", Named("one"));
  router.SetFallback([](const Request&, const Params&, Respond respond) {
    respond(Response::Text(404, "fallback"));
  });
  std::string deep;
  for (size_t i = 0; i < Router::kMaxSegments + 5; ++i) deep += "/a";
  EXPECT_EQ(BodyOf(DispatchNow(router, "GET", deep + "/")), "fallback");
  EXPECT_EQ(BodyOf(DispatchNow(router, "GET", "/x/")), "one");
  // "/{x}" n times has n + 1 segments (the empty one before the first '/').
  std::string deepest_pattern, deepest_path;
  for (size_t i = 0; i + 1 < Router::kMaxSegments; ++i) {
    deepest_pattern += "/{x}";
    deepest_path += "/a";
  }
  EXPECT_TRUE(Router::Match(deepest_pattern, deepest_path).has_value());
  EXPECT_THROW(router.Add("GET", deepest_pattern + "/{x}", Named("deeper")), std::invalid_argument);
}

TEST(Router, HandlerMayRespondLater) {
  Router router;
  Respond saved;
  router.Add("GET", "/", [&saved](const Request&, const Params&, Respond respond) {
    saved = std::move(respond);
  });
  std::optional<Response> result;
  router.Dispatch(MakeRequest("GET", "/"), [&result](Response response) { result = response; });
  EXPECT_FALSE(result.has_value());
  saved(Response::Text(201, "done"));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status, 201);
}

TEST(Message, PathAndQuery) {
  Request request = MakeRequest("GET", "/2024/05/01/hello/?replytocom=3&x=y");
  EXPECT_EQ(request.Path(), "/2024/05/01/hello/");
  EXPECT_EQ(request.Query(), "replytocom=3&x=y");
  EXPECT_EQ(MakeRequest("GET", "/plain").Query(), "");
}

TEST(Message, ResponseHelpers) {
  Response redirect = Response::Redirect(303, "/a/#comment-3");
  EXPECT_EQ(redirect.status, 303);
  EXPECT_EQ(redirect.Find("location").value_or(""), "/a/#comment-3");
  EXPECT_FALSE(BodyOf(redirect).empty());
  Response html = Response::Html(200, "<p>x</p>");
  EXPECT_EQ(html.Find("Content-Type").value_or(""), "text/html; charset=utf-8");
  html.Set("content-type", "text/plain");
  EXPECT_EQ(html.headers.size(), 1u);
  EXPECT_EQ(html.Find("Content-Type").value_or(""), "text/plain");
}

TEST(Message, ReasonPhrases) {
  EXPECT_EQ(ReasonPhrase(200), "OK");
  EXPECT_EQ(ReasonPhrase(303), "See Other");
  EXPECT_EQ(ReasonPhrase(304), "Not Modified");
  EXPECT_EQ(ReasonPhrase(405), "Method Not Allowed");
  EXPECT_EQ(ReasonPhrase(409), "Conflict");
  EXPECT_EQ(ReasonPhrase(413), "Content Too Large");
  EXPECT_EQ(ReasonPhrase(429), "Too Many Requests");
  EXPECT_EQ(ReasonPhrase(431), "Request Header Fields Too Large");
}

TEST(RouterAdmit, AsksTheRouteDispatchWouldChoose) {
  Router router;
  RouteHandler ok = [](const Request&, const Params&, Respond respond) {
    respond(Response::Text(200, "ok"));
  };
  int asked = 0;
  router.Add("GET", "/upload/", ok);
  router.Add("POST", "/upload/", ok, [&asked](const RequestHead& head) -> std::optional<Response> {
    ++asked;
    if (head.Find("cookie") == "signed-in") return std::nullopt;
    return Response::Text(403, "no");
  });
  router.Add("POST", "/{any}/", ok);

  RequestHead head;
  head.method = "POST";
  head.target = "/upload/?step=1";
  std::optional<Response> refusal = router.Admit(head);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->status, 403);
  head.headers.push_back(Header{"cookie", "signed-in"});
  EXPECT_FALSE(router.Admit(head).has_value());
  EXPECT_EQ(asked, 2);

  head.method = "GET";  // the GET route has no check
  head.headers.clear();
  EXPECT_FALSE(router.Admit(head).has_value());
  head.method = "POST";
  head.target = "/other/";  // another route, without a check
  EXPECT_FALSE(router.Admit(head).has_value());
  EXPECT_EQ(asked, 2);
}

TEST(RouterAdmit, AnEarlierRouteWithoutACheckShadowsALaterCheck) {
  Router router;
  RouteHandler ok = [](const Request&, const Params&, Respond respond) {
    respond(Response::Text(200, "ok"));
  };
  auto refuse = [](const RequestHead&) -> std::optional<Response> {
    return Response::Text(403, "no");
  };
  router.Add("*", "/open/{x}/", ok);
  router.Add("POST", "/open/{x}/", ok, refuse);  // never Dispatch's choice
  router.Add("POST", "/closed/{x}/", ok, refuse);
  RequestHead head;
  head.method = "POST";
  head.target = "/open/a/";
  EXPECT_FALSE(router.Admit(head).has_value());
  head.target = "/closed/a/";
  ASSERT_TRUE(router.Admit(head).has_value());
  EXPECT_EQ(router.Admit(head)->status, 403);
  head.method = "GET";  // no checked route answers GET
  EXPECT_FALSE(router.Admit(head).has_value());
}

}  // namespace
}  // namespace quire::http
