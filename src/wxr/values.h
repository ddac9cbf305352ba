// WordPress's value conventions in WXR, to and from Quire's: dates, logins, slugs, statuses,
// and the permalink structure a file's links reveal. Pure functions (values_test.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/records.h"

namespace quire::wxr {

// "YYYY-MM-DD HH:MM:SS" read as UTC; nullopt when empty, "0000-00-00 00:00:00" or malformed.
std::optional<int64_t> ParseWpDate(std::string_view text);
// Unix seconds as "YYYY-MM-DD HH:MM:SS" (UTC).
std::string FormatWpDate(int64_t unix_seconds);
// RFC 822 as RSS writes it: "Tue, 18 Jan 2011 08:06:21 +0000".
std::string FormatRssDate(int64_t unix_seconds);

// WordPress's strict username sanitising: only ASCII letters, digits, space, '_', '.', '-', '@'
// are kept, runs of spaces become one, the ends are trimmed ("themereviewteam>" gives
// "themereviewteam").
std::string SanitizeLogin(std::string_view login);

// A slug as WordPress stores it (non-ASCII percent-encoded, "%e6%97%a5") as Quire stores it
// (UTF-8 as typed). Left as given when it does not decode to valid UTF-8.
std::string DecodeSlug(std::string_view slug);
// The reverse, for the export: bytes outside [a-z0-9_-] (and any '%') percent-encoded,
// lowercase hex, as WordPress's sanitize_title writes them.
std::string EncodeSlug(std::string_view slug);

// wp:status for a post or page; nullopt for statuses Quire does not keep ("auto-draft",
// "inherit", plugin statuses).
std::optional<store::PostStatus> ParseWpPostStatus(std::string_view status);
// wp:comment_approved: "1", "0", "spam", "trash"; "post-trashed" is read as trash. nullopt for
// anything else.
std::optional<store::CommentStatus> ParseWpCommentStatus(std::string_view approved);

// The permalink structure a post's source link shows, in WordPress's tag syntax, e.g.
// "/%year%/%monthnum%/%day%/%postname%/": the link's path below the blog's base URL with the
// post's date parts (from its local date "YYYY-MM-DD HH:MM:SS"), id and slug (as written in
// the file, maybe percent-encoded) replaced by tags. nullopt when the link does not sit under
// the base URL, has a query string (plain "?p=ID" links) or shows neither slug nor id.
std::optional<std::string> InferPermalinkStructure(std::string_view link, std::string_view base,
                                                   std::string_view local_date,
                                                   std::string_view slug, int64_t post_id);

// A MIME type from a file name's extension (attachments whose bytes were not fetched).
std::string MimeTypeForName(std::string_view file);

}  // namespace quire::wxr
