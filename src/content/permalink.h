// Permalinks in WordPress's structure syntax: "/%year%/%monthnum%/%day%/%postname%/".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "content/site_zone.h"
#include "store/records.h"
#include "store/settings.h"

namespace quire::content {

// The path of a post under the structure, its date parts in the site's zone (WordPress puts the
// local date in permalinks), e.g. "/2024/05/01/hello-world/".
// Tags: %year% %monthnum% %day% %hour% %minute% %second% (zero-padded) %postname% %post_id%;
// other text, unknown %tags% included, is copied. The slug is percent-encoded (UTF-8 bytes).
std::string PostPath(const store::Post& post, std::string_view structure, const SiteZone& zone);
// The same under the settings' permalink_structure and zone (SiteZone::Of).
std::string PostPath(const store::Post& post, const store::Settings& settings);

// What a request path says about a post under the structure: its slug and/or id, and the date
// parts it names (0 where the structure has none), which are the site's local date: a caller
// checks them by comparing the path with PostPath's. nullopt when the path does not fit.
// `path` is the raw request path (not decoded); the slug comes back percent-decoded. Date parts
// must be digits of their exact width and in range; a missing final '/' is accepted.
struct PermalinkMatch {
  std::string slug;
  int64_t id = 0;
  int year = 0, month = 0, day = 0;
};
std::optional<PermalinkMatch> MatchPostPath(std::string_view path, std::string_view structure);

// A slug from a title: lowercase ASCII letters, digits and hyphens. Titles in other scripts are
// transliterated with ICU ("Any-Latin; Latin-ASCII; Lower", plus the Azerbaijani schwa):
// "Milli həmrəylik" gives "milli-hemreylik", "Привет мир" "privet-mir", "Straße" "strasse",
// Greek "Καλημέρα" "kalemera", Chinese "中文" pinyin without tones "zhong-wen", Japanese kana
// romaji. Letters ICU cannot make Latin are kept as UTF-8 (lowercased where Latin-1, Greek or
// Cyrillic), stored as typed and percent-encoded in URLs, as WordPress keeps them.
// Runs of anything else (spaces, punctuation, emoji, malformed UTF-8) become one hyphen;
// apostrophes vanish ("Don't" gives "dont"); at most 200 bytes, cut between characters; never
// empty ("post" when nothing is left). Thread-safe.
std::string Slugify(std::string_view title);

// A slug read from one segment of a request path, percent-decoded ('+' stays '+', unlike
// util::UrlDecode's form decoding); nullopt when an escape is broken ("%4", "%zz").
std::optional<std::string> DecodeSlug(std::string_view path_segment);

}  // namespace quire::content
