#include "comments/comment_pages.h"

#include <algorithm>

namespace quire::comments {

namespace {

constexpr std::string_view kMarker = "/comment-page-";
constexpr int64_t kMaxPage = int64_t{1} << 40;

size_t PerPage(int per_page) {
  return static_cast<size_t>(std::max(per_page, 1));
}

}  // namespace

bool CommentsPaged(bool page_comments_setting, size_t approved_comments) {
  return page_comments_setting || approved_comments > kAlwaysPageCommentsOver;
}

int64_t CommentPageCount(size_t threads, int per_page) {
  size_t size = PerPage(per_page);
  return std::max<int64_t>(1, static_cast<int64_t>((threads + size - 1) / size));
}

int64_t DefaultCommentPage(size_t threads, int per_page, bool newest_first) {
  return newest_first ? CommentPageCount(threads, per_page) : 1;
}

std::optional<ThreadRange> ThreadsOnPage(size_t threads, int per_page, int64_t page) {
  if (page < 1 || page > CommentPageCount(threads, per_page)) return std::nullopt;
  size_t size = PerPage(per_page);
  size_t begin = static_cast<size_t>(page - 1) * size;
  return ThreadRange{.begin = begin, .end = std::min(threads, begin + size)};
}

int64_t PageOfThread(size_t index, int per_page) {
  return static_cast<int64_t>(index / PerPage(per_page)) + 1;
}

std::string CommentPagePath(std::string_view permalink, int64_t page) {
  std::string path(permalink);
  if (!path.ends_with('/')) path += '/';
  return path + "comment-page-" + std::to_string(page) + "/";
}

std::optional<CommentPagePathParts> SplitCommentPagePath(std::string_view path) {
  if (!path.ends_with('/')) return std::nullopt;
  std::string_view rest = path.substr(0, path.size() - 1);
  size_t marker = rest.rfind(kMarker);
  if (marker == std::string_view::npos) return std::nullopt;
  std::string_view digits = rest.substr(marker + kMarker.size());
  if (digits.empty() || digits.size() > 12 || digits.front() == '0') return std::nullopt;
  int64_t page = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    page = page * 10 + (c - '0');
  }
  if (page > kMaxPage) return std::nullopt;
  return CommentPagePathParts{.base = path.substr(0, marker + 1), .page = page};
}

}  // namespace quire::comments
