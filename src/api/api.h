// The WordPress REST API (wp/v2), read-only and anonymous for now: GET /wp-json/... and
// /?rest_route=/..., answered in WordPress's shapes, headers and error codes (docs/api.md).
//
// Anonymous GETs are served from the page cache, tagged with what they show
// (docs/conventions.md), so a new comment renews exactly the JSON that lists it. A miss is
// answered on a worker thread of the API's own, never on a server I/O thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "api/resources.h"
#include "api/route_table.h"
#include "cache/page_cache.h"
#include "http/message.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/worker_pool.h"

namespace quire::api {

struct ApiDeps {
  store::Store& store;
  cache::PageCache& cache;
  store::SettingsHolder& settings;  // settings.Get()->home_url is set by the engine
  int threads = 2;                  // workers for cache misses
  size_t max_waiting = 512;         // misses that may wait; beyond: 503
};

// The request's API route and query: "/wp-json/wp/v2/posts?x=1" gives ("/wp/v2/posts", "x=1"),
// "/?rest_route=/wp/v2/posts&x=1" the same; nullopt for any other request.
struct ApiTarget {
  std::string route;  // "/" for the index
  std::string query;  // raw (rest_route removed)
};
std::optional<ApiTarget> ApiTargetOf(const http::Request& request);

class Api {
 public:
  explicit Api(ApiDeps deps);
  ~Api();

  // Answers a request ApiTargetOf recognised (anything else: rest_no_route).
  void Dispatch(const http::Request& request, http::Respond respond) const;

  // The index's answer, for tests: GET /wp-json/ as `settings` describe the site.
  Json Index(const store::Settings& settings) const;

  // Runs a GET of the API inside the process (what _embed does with each embeddable link):
  // `href` an API URL under `api_root`. The reply or the error.
  RestResult<Reply> Get(std::string_view route, std::string_view query,
                        const http::Request& request, const store::Settings& settings,
                        bool embed) const;

 private:
  // Builds the answer of a GET (cache miss or personal): handler, _embed, _fields, then
  // _envelope ({"body","status","headers"} with 200) and _jsonp (/**/CALLBACK(json)).
  http::Response Answer(const http::Request& request, const ApiTarget& target,
                        const store::Settings& settings, std::vector<std::string>* tags) const;
  // The answer before _envelope and _jsonp are applied.
  http::Response AnswerPlain(const http::Request& request, const ApiTarget& target,
                             const store::Settings& settings, std::vector<std::string>* tags) const;
  // Inlines each embeddable link of `item` under "_embedded" (the relations `rels` names, all
  // when empty), adding the embedded replies' tags.
  void Embed(Json& item, const std::vector<std::string>& rels, const http::Request& request,
             const store::Settings& settings, std::vector<std::string>* tags) const;

  ApiDeps deps_;
  Resources resources_;
  RouteTable routes_;
  std::unique_ptr<util::WorkerPool> workers_;
};

// Headers every API answer carries (X-Robots-Tag, nosniff, the CORS headers WordPress sends;
// the Origin is echoed with credentials allowed, as WordPress's rest_send_cors_headers).
void AddApiHeaders(const http::Request& request, http::Response& response);
// Only the CORS part: nothing without an Origin (or with one that is not an http(s) origin).
void AddCors(const http::Request& request, http::Response& response);

// `Link: <HOME/wp-json/>; rel="https://api.w.org/"` on an HTML answer (the engine calls it for
// every response; it leaves others alone).
void AddDiscoveryLink(std::string_view home_url, http::Response& response);
// The discovery Link header of HTML answers, without a lock on the path of a cached page: each
// thread keeps its own copy and takes the lock only after Set() published a new home URL.
class DiscoveryLink {
 public:
  void Set(std::string_view home_url);  // when the settings change
  // AddDiscoveryLink with the home URL last Set (nothing before the first Set).
  void AddTo(http::Response& response) const;

 private:
  std::atomic<uint64_t> version_{0};
  mutable std::mutex mutex_;
  std::string home_;  // guarded by mutex_
};

// Whether the answer is an HTML page (text/html).
bool IsHtml(const http::Response& response);

}  // namespace quire::api
