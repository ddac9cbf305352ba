// The API's route table: each route is WordPress's pattern (the key the index lists, e.g.
// "/wp/v2/posts/(?P<id>[\d]+)"), its arguments and its handler. The same table answers requests
// and writes the index's "routes", so the index lists exactly what is served.
//
// Every route here is read-only (GET, which also answers HEAD); other methods get
// rest_no_route, as WordPress answers a method a route does not have.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/args.h"
#include "api/error.h"
#include "api/json.h"
#include "http/message.h"
#include "store/settings.h"

namespace quire::api {

// What a handler is given.
struct Call {
  const http::Request& request;
  const QueryArgs& query;    // the API's own query (rest_route removed)
  const Json& args;          // validated (api/args.h), defaults filled in
  std::string_view capture;  // the pattern's placeholder value ("" when it has none)
  const store::Settings& settings;
  std::string_view api_root;  // "https://example.com/wp-json"
};

// What a handler answers: a JSON body, headers of its own (X-WP-Total ...), and the change
// tags of what it shows (docs/conventions.md); a reply with tags may be cached and served to
// every anonymous reader until one of them changes.
struct Reply {
  int status = 200;
  Json body;
  std::vector<http::Header> headers;
  std::vector<std::string> tags;
};

using EndpointHandler = std::function<RestResult<Reply>(const Call&)>;

struct Route {
  std::string pattern;  // WordPress's key; at most one placeholder "(?P<name>[\d]+)" / "[\w-]+"
  std::vector<ArgSpec> args;
  EndpointHandler handler;
};

class RouteTable {
 public:
  void Add(Route route);

  struct Match {
    const Route* route = nullptr;
    std::string capture;
  };
  // The route whose pattern matches `path` (the part after /wp-json, e.g. "/wp/v2/posts/5"; a
  // trailing '/' is ignored); nullopt: none.
  std::optional<Match> Find(std::string_view path) const;

  // One route as the index and OPTIONS describe it: namespace, methods, endpoints with args,
  // and a self link when the pattern has no placeholder.
  static Json Describe(const Route& route, std::string_view api_root);
  // The index's "routes": every route, keyed by its pattern.
  Json Describe(std::string_view api_root) const;
  // The routes of a namespace ("wp/v2"), keyed by pattern.
  Json DescribeNamespace(std::string_view ns, std::string_view api_root) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// "wp/v2" of "/wp/v2/posts"; "" for "/".
std::string_view NamespaceOf(std::string_view pattern);

}  // namespace quire::api
