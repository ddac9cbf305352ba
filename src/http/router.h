// An explicit route table: method, path pattern, handler. Built in one place (site/routes.cc)
// and read top to bottom; the first match wins.
//
// Patterns are literal path segments and placeholders:
//   "/page/{n:int}/"  "/{year:int}/{month:int}/{day:int}/{slug}/"  "/assets/{file}"
// A placeholder matches one non-empty segment ({x:int} only digits). A pattern ending in "/"
// matches the path only with its trailing slash; the router itself never redirects.
// Placeholder values are the raw path text (not percent-decoded).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace quire::http {

class Params {
 public:
  void Add(std::string name, std::string value);
  std::string_view Get(std::string_view name) const;  // "" when absent
  int64_t GetInt(std::string_view name) const;        // 0 when absent or not a number

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

using RouteHandler = std::function<void(const Request&, const Params&, Respond)>;
// A route's admission check, asked once the request's head is read and BEFORE its body is (see
// Router::Admit): a response refuses the request (it is sent with "Connection: close" and the
// body is never read), nullopt lets it in. Runs on the server's I/O threads: keep it quick.
using AdmitHandler = std::function<std::optional<Response>(const RequestHead&)>;

class Router {
 public:
  // method: "GET" (also answers HEAD), "POST", or "*" for any method.
  // `admit`, when given, is asked from the head before the body is read (Admit below), so that
  // a route which needs a signed-in user never reads an anonymous body.
  void Add(std::string method, std::string pattern, RouteHandler handler,
           AdmitHandler admit = nullptr);
  // Called when no route matches the path.
  void SetFallback(RouteHandler handler);

  // Tries the routes in order. A path that matches a route but not its method gets 405 with Allow.
  void Dispatch(const Request& request, Respond respond) const;

  // The admission check of the route Dispatch would choose for this head (path and method):
  // its refusal, or nullopt when it has none or lets the request in. For
  // ServerOptions::admit.
  std::optional<Response> Admit(const RequestHead& head) const;

  // Parses a pattern against a path; exposed for tests.
  static std::optional<Params> Match(std::string_view pattern, std::string_view path);

  // A path or pattern has at most this many '/'-separated segments; a longer path matches no
  // route (it goes to the fallback), a longer pattern is refused by Add (std::invalid_argument).
  static constexpr size_t kMaxSegments = 32;

 private:
  // A pattern split once, in Add: each request's path is split once and compared segment by
  // segment, without re-parsing patterns or allocating until a route matches.
  struct Segment {
    enum class Kind { kLiteral, kAny, kInt };
    Kind kind = Kind::kLiteral;
    std::string text;  // the literal, or the placeholder's name
  };
  using Pattern = std::vector<Segment>;
  struct Route {
    std::string method;
    Pattern pattern;
    RouteHandler handler;
    AdmitHandler admit;
  };
  struct PathSegments;

  static Pattern Compile(std::string_view pattern);
  static bool Matches(const Pattern& pattern, const PathSegments& path);
  static Params Capture(const Pattern& pattern, const PathSegments& path);

  std::vector<Route> routes_;
  // by_segments_[n]: the indexes of the routes whose pattern has n segments, in order (only
  // those can match a path of n segments).
  std::array<std::vector<size_t>, kMaxSegments + 1> by_segments_;
  RouteHandler fallback_;
  std::vector<size_t> admit_routes_;  // indexes of the routes with an admission check
};

}  // namespace quire::http
