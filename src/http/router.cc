#include "http/router.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include "util/strings.h"

namespace quire::http {
namespace {

// Whether a route registered for route_method answers a request with request_method.
bool MethodMatches(std::string_view route_method, std::string_view request_method) {
  if (route_method == "*" || route_method == request_method) return true;
  return route_method == "GET" && request_method == "HEAD";
}

// Calls emit(segment) for each '/'-separated segment of text, empty ones included ("/a/" is
// "", "a", ""), until emit returns false; returns false then.
template <typename Emit>
bool ForEachSegment(std::string_view text, Emit emit) {
  for (;;) {
    size_t slash = text.find('/');
    if (!emit(text.substr(0, slash))) return false;
    if (slash == std::string_view::npos) return true;
    text.remove_prefix(slash + 1);
  }
}

bool IsAllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
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

// A request path split once (no allocation); `count` is kMaxSegments + 1 when it has more.
struct Router::PathSegments {
  explicit PathSegments(std::string_view path) {
    ForEachSegment(path, [this](std::string_view segment) {
      if (count == kMaxSegments) {
        count = kMaxSegments + 1;
        return false;
      }
      segments[count++] = segment;
      return true;
    });
  }
  std::array<std::string_view, kMaxSegments> segments;
  size_t count = 0;
};

Router::Pattern Router::Compile(std::string_view pattern) {
  Pattern compiled;
  ForEachSegment(pattern, [&compiled](std::string_view text) {
    Segment segment;
    if (text.size() >= 2 && text.front() == '{' && text.back() == '}') {
      std::string_view inner = text.substr(1, text.size() - 2);
      size_t colon = inner.find(':');
      std::string_view type = colon == std::string_view::npos ? "" : inner.substr(colon + 1);
      segment.kind = type == "int" ? Segment::Kind::kInt : Segment::Kind::kAny;
      segment.text = inner.substr(0, colon);
    } else {
      segment.text = text;
    }
    compiled.push_back(std::move(segment));
    return true;
  });
  if (compiled.size() > kMaxSegments) {
    throw std::invalid_argument("route pattern with too many segments: " + std::string(pattern));
  }
  return compiled;
}

bool Router::Matches(const Pattern& pattern, const PathSegments& path) {
  if (pattern.size() != path.count) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const Segment& segment = pattern[i];
    std::string_view text = path.segments[i];
    switch (segment.kind) {
      case Segment::Kind::kLiteral:
        if (text != segment.text) return false;
        break;
      case Segment::Kind::kInt:
        if (!IsAllDigits(text)) return false;
        break;
      case Segment::Kind::kAny:
        if (text.empty()) return false;
        break;
    }
  }
  return true;
}

Params Router::Capture(const Pattern& pattern, const PathSegments& path) {
  Params params;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].kind != Segment::Kind::kLiteral) {
      params.Add(pattern[i].text, std::string(path.segments[i]));
    }
  }
  return params;
}

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
  Pattern compiled = Compile(pattern);  // may throw: before anything changes
  if (admit) admit_routes_.push_back(routes_.size());
  by_segments_[compiled.size()].push_back(routes_.size());
  routes_.push_back(
      Route{std::move(method), std::move(compiled), std::move(handler), std::move(admit)});
}

std::optional<Response> Router::Admit(const RequestHead& head) const {
  // Only a route with a check can refuse, and only if no route before it is Dispatch's choice:
  // a request no checked route answers (most GETs) is let in without splitting its path.
  for (size_t checked : admit_routes_) {
    const Route& route = routes_[checked];
    if (!MethodMatches(route.method, head.method)) continue;
    const PathSegments path(head.Path());
    for (size_t i = 0; i <= checked; ++i) {
      const Route& candidate = routes_[i];
      if (!MethodMatches(candidate.method, head.method) || !Matches(candidate.pattern, path)) {
        continue;
      }
      if (!candidate.admit) return std::nullopt;
      return candidate.admit(head);
    }
  }
  return std::nullopt;
}

void Router::SetFallback(RouteHandler handler) {
  fallback_ = std::move(handler);
}

void Router::Dispatch(const Request& request, Respond respond) const {
  const PathSegments path(request.Path());
  std::vector<std::string> allowed;
  static const std::vector<size_t> kNone;
  for (size_t index : path.count <= kMaxSegments ? by_segments_[path.count] : kNone) {
    const Route& route = routes_[index];
    if (!Matches(route.pattern, path)) continue;
    if (MethodMatches(route.method, request.method)) {
      route.handler(request, Capture(route.pattern, path), std::move(respond));
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
  const Pattern compiled = Compile(pattern);
  const PathSegments segments(path);
  if (!Matches(compiled, segments)) return std::nullopt;
  return Capture(compiled, segments);
}

}  // namespace quire::http
