#include "http/router.h"

#include <algorithm>
#include <utility>

#include "util/strings.h"

namespace quire::http {
namespace {

// Whether a route registered for route_method answers a request with request_method.
bool MethodMatches(std::string_view route_method, std::string_view request_method) {
  if (route_method == "*" || route_method == request_method) return true;
  return route_method == "GET" && request_method == "HEAD";
}

// Walks the '/'-separated segments of a path, empty ones included: "/a/" is "", "a", "".
class Segments {
 public:
  explicit Segments(std::string_view text) : rest_(text) {}

  // Sets segment to the next one; false once all were returned.
  bool Next(std::string_view& segment) {
    if (done_) return false;
    size_t slash = rest_.find('/');
    segment = rest_.substr(0, slash);
    if (slash == std::string_view::npos) {
      done_ = true;
    } else {
      rest_.remove_prefix(slash + 1);
    }
    return true;
  }

 private:
  std::string_view rest_;
  bool done_ = false;
};

bool IsAllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Matches one pattern segment against one path segment, adding a placeholder's value.
bool MatchSegment(std::string_view pattern, std::string_view segment, Params& params) {
  if (pattern.size() < 2 || pattern.front() != '{' || pattern.back() != '}') {
    return pattern == segment;
  }
  std::string_view inner = pattern.substr(1, pattern.size() - 2);
  size_t colon = inner.find(':');
  std::string_view name = inner.substr(0, colon);
  std::string_view type = colon == std::string_view::npos ? "" : inner.substr(colon + 1);
  if (segment.empty()) return false;
  if (type == "int" && !IsAllDigits(segment)) return false;
  params.Add(std::string(name), std::string(segment));
  return true;
}

void AddAllowed(std::vector<std::string>& allowed, std::string_view method) {
  if (std::find(allowed.begin(), allowed.end(), method) == allowed.end()) {
    allowed.emplace_back(method);
  }
}

std::string JoinAllowed(const std::vector<std::string>& allowed) {
  std::string joined;
  for (const std::string& method : allowed) {
    if (!joined.empty()) joined += ", ";
    joined += method;
  }
  return joined;
}

}  // namespace

void Params::Add(std::string name, std::string value) {
  values_.emplace_back(std::move(name), std::move(value));
}

std::string_view Params::Get(std::string_view name) const {
  for (const auto& [key, value] : values_) {
    if (key == name) return value;
  }
  return {};
}

int64_t Params::GetInt(std::string_view name) const {
  return util::ParseInt(Get(name)).value_or(0);
}

void Router::Add(std::string method, std::string pattern, RouteHandler handler,
                 AdmitHandler admit) {
  routes_.push_back(
      Route{std::move(method), std::move(pattern), std::move(handler), std::move(admit)});
}

std::optional<Response> Router::Admit(const RequestHead& head) const {
  std::string_view path = head.Path();
  for (const Route& route : routes_) {
    if (!MethodMatches(route.method, head.method) || !Match(route.pattern, path)) continue;
    if (!route.admit) return std::nullopt;
    return route.admit(head);
  }
  return std::nullopt;
}

void Router::SetFallback(RouteHandler handler) {
  fallback_ = std::move(handler);
}

void Router::Dispatch(const Request& request, Respond respond) const {
  std::string_view path = request.Path();
  std::vector<std::string> allowed;
  for (const Route& route : routes_) {
    std::optional<Params> params = Match(route.pattern, path);
    if (!params) continue;
    if (MethodMatches(route.method, request.method)) {
      route.handler(request, *params, std::move(respond));
      return;
    }
    AddAllowed(allowed, route.method);
    if (route.method == "GET") AddAllowed(allowed, "HEAD");
  }
  if (!allowed.empty()) {
    Response response = Response::Text(405, "Method Not Allowed\n");
    response.Set("Allow", JoinAllowed(allowed));
    respond(std::move(response));
  } else if (fallback_) {
    fallback_(request, Params(), std::move(respond));
  } else {
    respond(Response::Text(404, "Not Found\n"));
  }
}

std::optional<Params> Router::Match(std::string_view pattern, std::string_view path) {
  Params params;
  Segments pattern_segments(pattern);
  Segments path_segments(path);
  std::string_view pattern_segment;
  std::string_view path_segment;
  for (;;) {
    bool more_pattern = pattern_segments.Next(pattern_segment);
    bool more_path = path_segments.Next(path_segment);
    if (more_pattern != more_path) return std::nullopt;
    if (!more_pattern) return params;
    if (!MatchSegment(pattern_segment, path_segment, params)) return std::nullopt;
  }
}

}  // namespace quire::http
