// Where a WordPress site's items lived, read from their WXR <link>s: each link's path, the base
// path of a subfolder install ("/blog"), and the permalink structure most posts follow, in
// WordPress's tag syntax. Pure functions and a vote counter (permalinks_test.cc); the importer
// records the paths (store/original_paths.h) and adopts the structure (docs/wxr-mapping.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace quire::wxr {

// The path of an absolute http(s) link, percent-decoded ("https://a.org/fa/%d8%b9/" gives
// "/fa/ع/"; "https://a.org" gives "/"); nullopt when the link is not absolute, has a query
// (WordPress's plain "?p=ID" links) or does not decode.
std::optional<std::string> LinkPath(std::string_view link);

// The path of a site's base URL without its final '/': "http://swizec.com/blog/" gives "/blog",
// "https://a.org" and "" give "" (the site sits at the root).
std::string BasePath(std::string_view base_url);

// What a post's link is read with.
struct LinkFacts {
  std::string_view link;        // <link>
  std::string_view local_date;  // wp:post_date, "YYYY-MM-DD HH:MM:SS" (the site's local time)
  std::string_view slug;        // wp:post_name as written (maybe percent-encoded)
  int64_t post_id = 0;          // wp:post_id
  std::vector<std::string> categories;  // the item's category slugs (decoded)
  std::string_view author;              // dc:creator
  std::string_view language;            // the slug of its Polylang `language` term ("" : none)
};

// The structure a post's link shows below `base_path`: its path with the post's local date
// parts, slug and id replaced by %year% %monthnum% %day% %hour% %minute% %second% %postname%
// %post_id% (a suffix after the slug or id is kept: "%postname%.html"), a segment that is one
// of its categories by %category%, its author by %author%; a first segment that is its
// language (Polylang's "/fa/") is left out and returned apart. nullopt when the link is not
// under the base path, has a query, or shows neither slug nor id.
struct LinkStructure {
  std::string structure;  // "/%year%/%monthnum%/%postname%.html"
  std::string language;   // "fa" when the link began with "/fa/"
};
std::optional<LinkStructure> InferStructure(const LinkFacts& facts, std::string_view base_path);

// Whether Quire's permalinks (content/permalink.h) can express the structure: it has a
// %postname% or %post_id% and no tag other than the date parts, %postname% and %post_id%.
bool IsExpressible(std::string_view structure);

// The structures of a file's published posts, counted.
class StructureVotes {
 public:
  void Add(const LinkFacts& facts, std::string_view base_path);

  struct Choice {
    std::string structure;  // the one most posts follow
    int64_t votes = 0;      // posts following it
    int64_t total = 0;      // published posts whose link showed a structure
    bool majority = false;  // more than half of them follow it
    bool expressible = false;
    std::set<std::string> languages;  // language prefixes left out ("fa")
  };
  // nullopt when no post's link showed a structure (plain ?p=ID links).
  std::optional<Choice> Best() const;

 private:
  std::map<std::string, int64_t> votes_;
  std::set<std::string> languages_;
  int64_t total_ = 0;
};

}  // namespace quire::wxr
