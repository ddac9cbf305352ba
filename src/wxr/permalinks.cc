#include "wxr/permalinks.h"

#include <algorithm>
#include <utility>

#include "util/strings.h"
#include "wxr/values.h"

namespace quire::wxr {
namespace {

// The part of an absolute http(s) URL after its host ("" when there is none); nullopt when
// the URL is not absolute.
std::optional<std::string_view> AfterHost(std::string_view url) {
  url = util::Trim(url);
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  std::string_view name = url.substr(0, scheme);
  if (!util::IEquals(name, "http") && !util::IEquals(name, "https")) return std::nullopt;
  std::string_view rest = url.substr(scheme + 3);
  size_t path = rest.find_first_of("/?#");
  return path == std::string_view::npos ? std::string_view() : rest.substr(path);
}

// The segments of a path ("/a/b/" gives {"a", "b"}; empty segments kept except the ends).
std::vector<std::string_view> PathSegments(std::string_view path) {
  while (path.starts_with('/')) path.remove_prefix(1);
  while (path.ends_with('/')) path.remove_suffix(1);
  if (path.empty()) return {};
  return util::Split(path, '/');
}

// Whether `segment` is `value` (ASCII case-insensitive) followed by a suffix such as ".html";
// the suffix is returned ("" for an exact match).
std::optional<std::string_view> NamedWithSuffix(std::string_view segment, std::string_view value) {
  if (value.empty() || segment.size() < value.size()) return std::nullopt;
  if (!util::IEquals(segment.substr(0, value.size()), value)) return std::nullopt;
  std::string_view suffix = segment.substr(value.size());
  if (!suffix.empty() && suffix[0] != '.') return std::nullopt;
  if (suffix.find('/') != std::string_view::npos) return std::nullopt;
  return suffix;
}

constexpr std::string_view kExpressibleTags[] = {
    "%year%", "%monthnum%", "%day%", "%hour%", "%minute%", "%second%", "%postname%", "%post_id%"};

}  // namespace

std::optional<std::string> LinkPath(std::string_view link) {
  std::optional<std::string_view> after = AfterHost(link);
  if (!after) return std::nullopt;
  std::string_view path = *after;
  if (size_t hash = path.find('#'); hash != std::string_view::npos) path = path.substr(0, hash);
  if (path.find('?') != std::string_view::npos) return std::nullopt;
  if (path.empty()) return std::string("/");
  return util::PathDecode(path);
}

std::string BasePath(std::string_view base_url) {
  std::optional<std::string> path = LinkPath(base_url);
  if (!path) return "";
  while (path->ends_with('/')) path->pop_back();
  return *path;
}

std::optional<LinkStructure> InferStructure(const LinkFacts& facts, std::string_view base_path) {
  std::optional<std::string> path = LinkPath(facts.link);
  if (!path) return std::nullopt;
  std::string_view below = *path;
  if (!below.starts_with(base_path)) return std::nullopt;
  below.remove_prefix(base_path.size());
  if (!below.empty() && below[0] != '/') return std::nullopt;
  std::string_view date = util::Trim(facts.local_date);
  if (date.size() < 19) return std::nullopt;
  const std::pair<std::string_view, std::string_view> dated[] = {
      {date.substr(0, 4), "%year%"},    {date.substr(5, 2), "%monthnum%"},
      {date.substr(8, 2), "%day%"},     {date.substr(11, 2), "%hour%"},
      {date.substr(14, 2), "%minute%"}, {date.substr(17, 2), "%second%"}};
  std::string slug = DecodeSlug(facts.slug);
  std::string id = facts.post_id > 0 ? std::to_string(facts.post_id) : std::string();
  std::string author = util::ToLower(SanitizeLogin(facts.author));
  LinkStructure result;
  std::vector<std::string_view> segments = PathSegments(below);
  size_t first = 0;
  if (!facts.language.empty() && segments.size() > 1 &&
      util::IEquals(segments[0], facts.language)) {
    result.language = std::string(facts.language);
    first = 1;
  }
  // The slug and the id are the last segments that show them (a slug may look like a year).
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t slug_at = kNone, id_at = kNone;
  // "%postname%-%post_id%": the slug, '-' and the id in one segment.
  std::string slug_and_id = id.empty() ? std::string() : slug + "-" + id;
  bool joined = false;
  for (size_t i = first; i < segments.size(); ++i) {
    if (NamedWithSuffix(segments[i], slug_and_id)) {
      slug_at = i;
      joined = true;
    } else if (NamedWithSuffix(segments[i], slug)) {
      slug_at = i;
      joined = false;
    }
  }
  for (size_t i = first; i < segments.size(); ++i) {
    if (i != slug_at && NamedWithSuffix(segments[i], id)) id_at = i;
  }
  if (slug_at == kNone && id_at == kNone) return std::nullopt;
  size_t next_date = 0;  // date parts are matched in order, each once
  for (size_t i = first; i < segments.size(); ++i) {
    std::string_view segment = segments[i];
    result.structure += '/';
    if (i == slug_at && joined) {
      result.structure += "%postname%-%post_id%";
      result.structure += segment.substr(slug_and_id.size());
      continue;
    }
    if (i == slug_at || i == id_at) {
      std::string_view value = i == slug_at ? std::string_view(slug) : std::string_view(id);
      result.structure += i == slug_at ? "%postname%" : "%post_id%";
      result.structure += segment.substr(value.size());
      continue;
    }
    bool is_date = false;
    for (size_t k = next_date; k < std::size(dated) && !is_date; ++k) {
      if (segment == dated[k].first) {
        result.structure += dated[k].second;
        next_date = k + 1;
        is_date = true;
      }
    }
    if (is_date) continue;
    bool is_category = std::any_of(facts.categories.begin(), facts.categories.end(),
                                   [&](const std::string& c) { return util::IEquals(c, segment); });
    if (is_category) {
      result.structure += "%category%";
    } else if (!author.empty() && util::IEquals(segment, author)) {
      result.structure += "%author%";
    } else {
      result.structure += segment;
    }
  }
  if (below.ends_with('/')) result.structure += '/';
  return result;
}

bool IsExpressible(std::string_view structure) {
  bool named = false;
  size_t pos = 0;
  while ((pos = structure.find('%', pos)) != std::string_view::npos) {
    size_t end = structure.find('%', pos + 1);
    if (end == std::string_view::npos) break;
    std::string_view tag = structure.substr(pos, end - pos + 1);
    if (std::find(std::begin(kExpressibleTags), std::end(kExpressibleTags), tag) ==
        std::end(kExpressibleTags)) {
      return false;
    }
    named = named || tag == "%postname%" || tag == "%post_id%";
    pos = end + 1;
  }
  return named;
}

void StructureVotes::Add(const LinkFacts& facts, std::string_view base_path) {
  std::optional<LinkStructure> inferred = InferStructure(facts, base_path);
  if (!inferred) return;
  ++votes_[inferred->structure];
  ++total_;
  if (!inferred->language.empty()) languages_.insert(inferred->language);
}

std::optional<StructureVotes::Choice> StructureVotes::Best() const {
  if (votes_.empty()) return std::nullopt;
  auto best = std::max_element(votes_.begin(), votes_.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  Choice choice;
  choice.structure = best->first;
  choice.votes = best->second;
  choice.total = total_;
  choice.majority = 2 * best->second > total_;
  choice.expressible = IsExpressible(best->first);
  choice.languages = languages_;
  return choice;
}

}  // namespace quire::wxr
