// Permalinks in WordPress's structure syntax: "/%year%/%monthnum%/%day%/%postname%/".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/records.h"

namespace quire::content {

// The path of a post under the structure (dates in UTC), e.g. "/2024/05/01/hello-world/".
std::string PostPath(const store::Post& post, std::string_view structure);

// What a request path says about a post under the structure: its slug and/or id, and the date
// parts it names (0 where the structure has none). nullopt when the path does not fit.
struct PermalinkMatch {
  std::string slug;
  int64_t id = 0;
  int year = 0, month = 0, day = 0;
};
std::optional<PermalinkMatch> MatchPostPath(std::string_view path, std::string_view structure);

// A slug from a title: lowercase ASCII letters, digits and hyphens; other UTF-8 letters are kept
// percent-decoded as WordPress keeps them. Never empty ("post" when nothing is left).
std::string Slugify(std::string_view title);

}  // namespace quire::content
