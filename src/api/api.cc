#include "api/api.h"

#include <cmath>
#include <cstdio>

#include "api/fields.h"
#include "util/strings.h"

namespace quire::api {
namespace {

constexpr std::string_view kJsonType = "application/json; charset=UTF-8";
constexpr std::string_view kApiPrefix = "/wp-json";
// Every route is GET only (api/route_table.h).
constexpr std::string_view kAllow = "GET";

// A cached API answer: the page and the headers of its own (X-WP-Total, Link ...).
struct ApiPage : cache::Page {
  std::vector<http::Header> headers;
};

// The headers every API answer carries, whoever asks (WordPress's rest_send_cors_headers and
// serve_request).
void AddConstantHeaders(std::vector<http::Header>& headers) {
  headers.push_back({"X-Robots-Tag", "noindex"});
  headers.push_back({"X-Content-Type-Options", "nosniff"});
  headers.push_back({"Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link"});
  headers.push_back({"Access-Control-Allow-Headers",
                     "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type"});
}

std::string HomeOf(const store::Settings& settings) {
  std::string home = settings.home_url;
  while (home.ends_with('/')) home.pop_back();
  return home;
}

std::string ApiRootOf(const store::Settings& settings) {
  return HomeOf(settings) + "/wp-json";
}

bool HasHeader(const std::vector<http::Header>& headers, std::string_view name) {
  for (const http::Header& header : headers) {
    if (util::ToLower(header.name) == util::ToLower(name)) return true;
  }
  return false;
}

// WordPress's _envelope: the answer as {"body", "status", "headers"}, sent with 200.
void Envelope(http::Response& response) {
  Json headers = Json::object();
  for (const http::Header& header : response.headers) {
    if (header.name != "Content-Type") headers[header.name] = header.value;
  }
  Json body = response.body ? Json::parse(*response.body, nullptr, false) : Json();
  Json envelope = {{"body", std::move(body)}, {"status", response.status}, {"headers", headers}};
  response.status = 200;
  response.body = std::make_shared<const std::string>(Dump(envelope));
}

// WordPress's wp_check_jsonp_callback: word characters and dots only.
bool IsJsonpCallback(std::string_view name) {
  if (name.empty()) return false;
  for (char ch : name) {
    bool word = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                ch == '_' || ch == '.';
    if (!word) return false;
  }
  return true;
}

std::string GmtOffsetText(double hours) {
  if (hours == std::floor(hours)) return std::to_string(static_cast<int64_t>(hours));
  char text[32];
  std::snprintf(text, sizeof text, "%g", hours);
  return text;
}

http::Response JsonResponse(int status, const Json& body) {
  http::Response response;
  response.status = status;
  response.Set("Content-Type", std::string(kJsonType));
  response.body = std::make_shared<const std::string>(Dump(body));
  return response;
}

http::Response ErrorResponse(const RestError& error, std::string_view home) {
  http::Response response = JsonResponse(error.status, error.ToJson());
  AddDiscoveryLink(home, response);  // WordPress sends it on errors too
  return response;
}

// A cached answer: its stored headers (the API's own, X-WP-Total ...) after the validators of
// the chosen encoding; built without Set's look-ups (this is the hot path).
http::Response FromPage(const ApiPage& page, const http::Request& request) {
  cache::Encoding encoding =
      page.Chosen(cache::Negotiate(request.Find("accept-encoding").value_or("")));
  http::Response response;
  response.status = page.status;
  response.headers.reserve(page.headers.size() + 8);
  response.headers.push_back({"Content-Type", page.content_type});
  response.headers.push_back({"ETag", page.ETag(encoding)});
  response.headers.push_back({"Vary", "Accept-Encoding, Origin"});
  if (encoding != cache::Encoding::kIdentity) {
    response.headers.push_back({"Content-Encoding", std::string(cache::ContentCoding(encoding))});
  }
  response.headers.insert(response.headers.end(), page.headers.begin(), page.headers.end());
  response.body = page.Body(encoding);
  AddCors(request, response);
  return response;
}

}  // namespace

std::optional<ApiTarget> ApiTargetOf(const http::Request& request) {
  std::string_view path = request.Path();
  if (path == kApiPrefix || path.starts_with(std::string(kApiPrefix) + "/")) {
    std::string route(path.substr(kApiPrefix.size()));
    if (route.empty()) route = "/";
    return ApiTarget{util::UrlDecode(route), std::string(request.Query())};
  }
  if (path != "/" || request.Query().find("rest_route=") == std::string_view::npos) {
    return std::nullopt;
  }
  ApiTarget target;
  bool found = false;
  for (std::string_view pair : util::Split(request.Query(), '&')) {
    if (!found && pair.starts_with("rest_route=")) {
      target.route = util::UrlDecode(pair.substr(11));
      found = true;
      continue;
    }
    if (pair.empty()) continue;
    target.query += (target.query.empty() ? "" : "&") + std::string(pair);
  }
  if (!found) return std::nullopt;
  if (target.route.empty() || target.route[0] != '/') target.route = "/" + target.route;
  return target;
}

void AddCors(const http::Request& request, http::Response& response) {
  std::optional<std::string_view> origin = request.Find("origin");
  if (!origin) return;
  bool plausible = origin->starts_with("http://") || origin->starts_with("https://");
  for (char ch : *origin) {
    if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f) plausible = false;
  }
  if (!plausible) return;
  response.headers.push_back({"Access-Control-Allow-Origin", std::string(*origin)});
  response.headers.push_back(
      {"Access-Control-Allow-Methods", "OPTIONS, GET, POST, PUT, PATCH, DELETE"});
  response.headers.push_back({"Access-Control-Allow-Credentials", "true"});
}

void AddApiHeaders(const http::Request& request, http::Response& response) {
  AddConstantHeaders(response.headers);
  std::optional<std::string_view> vary = response.Find("Vary");
  response.Set("Vary", vary ? std::string(*vary) + ", Origin" : std::string("Origin"));
  AddCors(request, response);
}

void AddDiscoveryLink(std::string_view home_url, http::Response& response) {
  if (HasHeader(response.headers, "Link")) return;
  std::optional<std::string_view> type = response.Find("Content-Type");
  bool json = type && type->starts_with("application/json");
  if (!json && !(type && type->starts_with("text/html"))) return;
  std::string home(home_url);
  while (home.ends_with('/')) home.pop_back();
  response.headers.push_back({"Link", "<" + home + "/wp-json/>; rel=\"https://api.w.org/\""});
}

void DiscoveryLink::Set(std::string_view home_url) {
  std::lock_guard lock(mutex_);
  home_ = std::string(home_url);
  version_.fetch_add(1, std::memory_order_release);
}

void DiscoveryLink::AddTo(http::Response& response) const {
  if (!IsHtml(response)) return;
  struct Seen {
    const DiscoveryLink* owner = nullptr;
    uint64_t version = 0;
    std::string home;
  };
  thread_local Seen seen;
  uint64_t version = version_.load(std::memory_order_acquire);
  if (version == 0) return;
  if (seen.owner != this || seen.version != version) {
    std::lock_guard lock(mutex_);
    seen = Seen{this, version_.load(std::memory_order_relaxed), home_};
  }
  AddDiscoveryLink(seen.home, response);
}

bool IsHtml(const http::Response& response) {
  std::optional<std::string_view> type = response.Find("Content-Type");
  return type && type->starts_with("text/html");
}

Api::Api(ApiDeps deps)
    : deps_(deps),
      resources_(deps.store),
      workers_(std::make_unique<util::WorkerPool>(deps.threads, deps.max_waiting)) {
  routes_ = resources_.Routes(&routes_);
}

Api::~Api() = default;

Json Api::Index(const store::Settings& settings) const {
  const std::string home = HomeOf(settings);
  Json index = Json::object();
  index["name"] = settings.title;
  index["description"] = settings.tagline;
  index["url"] = home;
  index["home"] = home;
  index["gmt_offset"] = GmtOffsetText(settings.gmt_offset);
  index["timezone_string"] = settings.timezone_string;
  index["namespaces"] = {"wp/v2"};
  index["authentication"] = Json::array();  // no application passwords yet: none offered
  index["routes"] = routes_.Describe(ApiRootOf(settings));
  index["site_icon"] = 0;
  index["site_icon_url"] = "";
  index["_links"] = {
      {"help", Json::array({Json{{"href", "https://developer.wordpress.org/rest-api/"}}})}};
  return index;
}

RestResult<Reply> Api::Get(std::string_view route, std::string_view query_text,
                           const http::Request& request, const store::Settings& settings,
                           bool embed) const {
  std::optional<RouteTable::Match> match = routes_.Find(route);
  if (!match) return std::unexpected(NoRoute());
  QueryArgs query = QueryArgs::Parse(query_text);
  if (embed) query.Set("context", "embed");
  RestResult<Json> args = ValidateArgs(match->route->args, query);
  if (!args) return std::unexpected(args.error());
  if (args->value("context", std::string("view")) == "edit") {
    return std::unexpected(Unauthorized("rest_forbidden_context",
                                        "Sorry, you are not allowed to edit this resource."));
  }
  const std::string api_root = ApiRootOf(settings);
  if (!match->route->handler) {  // the index
    Reply reply;
    reply.body = Index(settings);
    reply.tags = {"api-static"};  // the site's name and zone change with "*" (settings)
    return reply;
  }
  Call call{request, query, *args, match->capture, settings, api_root};
  return match->route->handler(call);
}

void Api::Embed(Json& item, const std::vector<std::string>& rels, const http::Request& request,
                const store::Settings& settings, std::vector<std::string>* tags) const {
  if (!item.is_object() || !item.contains("_links")) return;
  const std::string api_root = ApiRootOf(settings);
  Json embedded = Json::object();
  for (const auto& [rel, links] : item["_links"].items()) {
    if (!rels.empty() && std::ranges::find(rels, rel) == rels.end()) continue;
    if (!links.is_array()) continue;
    Json list = Json::array();
    bool any = false;
    for (const Json& link : links) {
      std::string href = link.value("href", std::string());
      if (!link.value("embeddable", false) || !href.starts_with(api_root)) {
        list.push_back(Json::object());
        continue;
      }
      any = true;
      std::string_view rest = std::string_view(href).substr(api_root.size());
      size_t question = rest.find('?');
      std::string_view route = rest.substr(0, question);
      std::string_view query =
          question == std::string_view::npos ? std::string_view() : rest.substr(question + 1);
      RestResult<Reply> reply = Get(route, query, request, settings, true);
      if (!reply) {
        list.push_back(reply.error().ToJson());
        continue;
      }
      for (std::string& tag : reply->tags) tags->push_back(std::move(tag));
      list.push_back(std::move(reply->body));
    }
    if (any) embedded[rel] = std::move(list);
  }
  if (!embedded.empty()) item["_embedded"] = std::move(embedded);
}

http::Response Api::Answer(const http::Request& request, const ApiTarget& target,
                           const store::Settings& settings, std::vector<std::string>* tags) const {
  http::Response response = AnswerPlain(request, target, settings, tags);
  QueryArgs query = QueryArgs::Parse(target.query);
  if (query.Has("_envelope")) Envelope(response);
  if (std::optional<std::string_view> callback = query.First("_jsonp")) {
    if (!IsJsonpCallback(*callback)) {
      tags->clear();
      return ErrorResponse(
          RestError{400, "rest_callback_invalid", "Invalid JSONP callback function."},
          HomeOf(settings));
    }
    std::string body = "/**/" + std::string(*callback) + "(" +
                       (response.body ? *response.body : std::string("null")) + ")";
    response.body = std::make_shared<const std::string>(std::move(body));
    response.Set("Content-Type", "application/javascript; charset=UTF-8");
  }
  return response;
}

http::Response Api::AnswerPlain(const http::Request& request, const ApiTarget& target,
                                const store::Settings& settings,
                                std::vector<std::string>* tags) const {
  const std::string home = HomeOf(settings);
  RestResult<Reply> reply = Get(target.route, target.query, request, settings, false);
  if (!reply) return ErrorResponse(reply.error(), home);
  QueryArgs query = QueryArgs::Parse(target.query);
  std::vector<std::string> fields;
  if (query.Has("_fields")) fields = ParseList(*query.Find("_fields"));
  bool embedding = query.Has("_embed") &&
                   (fields.empty() || std::ranges::find(fields, "_embedded") != fields.end());
  *tags = std::move(reply->tags);
  if (embedding) {
    std::vector<std::string> rels = EmbedRels(query);
    if (reply->body.is_array()) {
      for (Json& item : reply->body) Embed(item, rels, request, settings, tags);
    } else {
      Embed(reply->body, rels, request, settings, tags);
    }
  }
  if (!fields.empty()) {
    if (reply->body.is_array()) {
      for (Json& item : reply->body) item = FilterFields(item, fields);
    } else {
      reply->body = FilterFields(reply->body, fields);
    }
  }
  http::Response response = JsonResponse(reply->status, reply->body);
  for (http::Header& header : reply->headers) response.headers.push_back(std::move(header));
  response.Set("Allow", std::string(kAllow));
  AddDiscoveryLink(home, response);
  return response;
}

void Api::Dispatch(const http::Request& request, http::Respond respond) const {
  std::optional<ApiTarget> target = ApiTargetOf(request);
  auto send = [&request, &respond](http::Response response) {
    AddApiHeaders(request, response);
    respond(std::move(response));
  };
  auto home = [this] { return deps_.settings.Get()->home_url; };
  if (!target) return send(ErrorResponse(NoRoute(), home()));
  if (request.method == "OPTIONS") {
    std::optional<RouteTable::Match> match = routes_.Find(target->route);
    if (!match) return send(ErrorResponse(NoRoute(), home()));
    http::Response response =
        JsonResponse(200, RouteTable::Describe(*match->route, ApiRootOf(*deps_.settings.Get())));
    response.Set("Allow", std::string(kAllow));
    return send(std::move(response));
  }
  if (request.method != "GET" && request.method != "HEAD") {
    return send(ErrorResponse(NoRoute(), home()));
  }
  std::string key;
  key.reserve(5 + target->route.size() + 1 + target->query.size());
  key.append("api:").append(target->route).append("?").append(target->query);
  if (std::shared_ptr<const cache::Page> page = deps_.cache.Find(key)) {
    // Every entry under an "api:" key is an ApiPage (inserted below).
    return respond(FromPage(static_cast<const ApiPage&>(*page), request));
  }
  const uint64_t version = deps_.cache.Version();
  workers_->Run([this, &request, target = std::move(*target), key = std::move(key), version,
                 respond = std::move(respond)](bool accepted) mutable {
    auto finish = [&request, &respond](http::Response response) {
      AddApiHeaders(request, response);
      respond(std::move(response));
    };
    std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
    if (!accepted) {
      http::Response busy = ErrorResponse(
          RestError{503, "rest_busy", "The site is busy. Please try again in a moment."},
          settings->home_url);
      busy.Set("Retry-After", "30");
      return finish(std::move(busy));
    }
    std::vector<std::string> tags;
    http::Response response = Answer(request, target, *settings, &tags);
    if (response.status != 200 || tags.empty()) return finish(std::move(response));
    std::shared_ptr<const cache::Page> made =
        cache::MakePage(200, std::string(response.Find("Content-Type").value_or(kJsonType)),
                        response.body ? *response.body : "");
    auto page = std::make_shared<ApiPage>();
    static_cast<cache::Page&>(*page) = *made;
    for (const http::Header& header : response.headers) {
      if (header.name != "Content-Type") page->headers.push_back(header);
    }
    AddConstantHeaders(page->headers);
    deps_.cache.Insert(key, page, std::move(tags), version);
    respond(FromPage(*page, request));
  });
}

}  // namespace quire::api
