#include "api/route_table.h"

#include "util/strings.h"

namespace quire::api {
namespace {

bool IsPlaceholder(std::string_view segment) {
  return segment.starts_with("(?P<");
}

// Whether `text` fits the placeholder's character class: digits ("[\d]+") or word characters
// and '-' ("[\w-]+").
bool Fits(std::string_view placeholder, std::string_view text) {
  if (text.empty()) return false;
  bool digits_only = placeholder.find("\\d") != std::string_view::npos;
  for (char ch : text) {
    bool digit = ch >= '0' && ch <= '9';
    bool word = digit || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
    if (digits_only ? !digit : !(word || ch == '-')) return false;
  }
  return true;
}

std::string_view Trimmed(std::string_view path) {
  while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  return path;
}

}  // namespace

std::string_view NamespaceOf(std::string_view pattern) {
  // The first two segments: "/wp/v2/posts" -> "wp/v2".
  if (pattern.size() < 2) return {};
  std::string_view rest = pattern.substr(1);
  size_t first = rest.find('/');
  if (first == std::string_view::npos) return rest;
  size_t second = rest.find('/', first + 1);
  return second == std::string_view::npos ? rest : rest.substr(0, second);
}

void RouteTable::Add(Route route) {
  routes_.push_back(std::move(route));
}

std::optional<RouteTable::Match> RouteTable::Find(std::string_view path) const {
  path = Trimmed(path.empty() ? "/" : path);
  std::vector<std::string_view> parts = util::Split(path, '/');
  for (const Route& route : routes_) {
    std::vector<std::string_view> pattern = util::Split(route.pattern, '/');
    if (pattern.size() != parts.size()) continue;
    Match match{&route, {}};
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      if (IsPlaceholder(pattern[i])) {
        ok = Fits(pattern[i], parts[i]);
        if (ok) match.capture = std::string(parts[i]);
      } else {
        ok = util::ToLower(pattern[i]) == util::ToLower(parts[i]);  // WordPress matches with /i
      }
    }
    if (ok) return match;
  }
  return std::nullopt;
}

Json RouteTable::Describe(const Route& route, std::string_view api_root) {
  Json args = Json::object();
  for (const ArgSpec& spec : route.args) args[spec.name] = spec.IndexJson();
  Json json = Json::object();
  json["namespace"] = NamespaceOf(route.pattern);
  json["methods"] = {"GET"};
  json["endpoints"] = Json::array({Json{{"methods", {"GET"}}, {"args", std::move(args)}}});
  if (route.pattern.find("(?P<") == std::string::npos) {
    json["_links"] = {
        {"self", Json::array({Json{{"href", std::string(api_root) + route.pattern}}})}};
  }
  return json;
}

Json RouteTable::Describe(std::string_view api_root) const {
  Json routes = Json::object();
  for (const Route& route : routes_) routes[route.pattern] = Describe(route, api_root);
  return routes;
}

Json RouteTable::DescribeNamespace(std::string_view ns, std::string_view api_root) const {
  Json routes = Json::object();
  for (const Route& route : routes_) {
    if (NamespaceOf(route.pattern) == ns) routes[route.pattern] = Describe(route, api_root);
  }
  return routes;
}

}  // namespace quire::api
