// Permalinks in WordPress's structure syntax: "/%year%/%monthnum%/%day%/%postname%/".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/records.h"

namespace quire::content {

// The path of a post under the structure (dates in UTC), e.g. "/2024/05/01/hello-world/".
// Tags: %year% %monthnum% %day% %hour% %minute% %second% (zero-padded) %postname% %post_id%;
// other text, unknown %tags% included, is copied. The slug is percent-encoded (UTF-8 bytes).
std::string PostPath(const store::Post& post, std::string_view structure);

// What a request path says about a post under the structure: its slug and/or id, and the date
// parts it names (0 where the structure has none). nullopt when the path does not fit.
// `path` is the raw request path (not decoded); the slug comes back percent-decoded. Date parts
// must be digits of their exact width and in range; a missing final '/' is accepted.
struct PermalinkMatch {
  std::string slug;
  int64_t id = 0;
  int year = 0, month = 0, day = 0;
};
std::optional<PermalinkMatch> MatchPostPath(std::string_view path, std::string_view structure);

// A slug from a title: lowercase ASCII letters, digits and hyphens; other UTF-8 letters are kept
// percent-decoded as WordPress keeps them. Never empty ("post" when nothing is left).
// Runs of anything else become one hyphen (apostrophes vanish: "Don't" gives "dont"); at most
// 200 bytes, cut between characters. Latin-1, Greek and Cyrillic capitals are lowered; other
// scripts are kept as written (transliteration is for later).
std::string Slugify(std::string_view title);

}  // namespace quire::content
