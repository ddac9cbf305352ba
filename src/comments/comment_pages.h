// WordPress's comment paging ("Break comments into pages"): pure arithmetic over the number of
// top-level threads, with no store or markup.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quire::comments {

// A post showing more approved comments than this has them paged even while the
// "page_comments" setting is off: one page with thousands of comments is megabytes to render,
// cache and send (issue 11). Pages then hold comments_per_page top-level threads and the
// permalink shows default_comments_page, as with the setting on.
inline constexpr size_t kAlwaysPageCommentsOver = 200;

// Whether a post's comments are split into pages: the setting, or more than the limit above.
bool CommentsPaged(bool page_comments_setting, size_t approved_comments);

// The top-level threads one page holds: indices [begin, end) in oldest-first order.
struct ThreadRange {
  size_t begin = 0;
  size_t end = 0;
};

// How many pages `threads` top-level threads fill at `per_page` (clamped to >= 1); at least 1,
// so that a post without comments still has its page 1.
int64_t CommentPageCount(size_t threads, int per_page);

// The page the plain permalink shows: the last page when `newest_first`, else page 1.
int64_t DefaultCommentPage(size_t threads, int per_page, bool newest_first);

// The threads on `page` (1-based); nullopt when the page is below 1 or past the last.
std::optional<ThreadRange> ThreadsOnPage(size_t threads, int per_page, int64_t page);

// The page holding the top-level thread at `index` (0-based, oldest first).
int64_t PageOfThread(size_t index, int per_page);

// "PERMALINK/comment-page-N/": `permalink` ends with '/'.
std::string CommentPagePath(std::string_view permalink, int64_t page);

// A path "BASE/comment-page-N/" split into BASE (with its trailing '/') and N; nullopt when the
// path does not end so or N is not a positive number.
struct CommentPagePathParts {
  std::string_view base;
  int64_t page = 0;
};
std::optional<CommentPagePathParts> SplitCommentPagePath(std::string_view path);

}  // namespace quire::comments
