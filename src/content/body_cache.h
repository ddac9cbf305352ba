// Post bodies rendered once: Markdown (cmark-gfm, ~2 ms for a 3,000-word article, and parses are
// serialised process-wide) and sanitising cost far more than a look-up, and a body is rendered
// again for every page that shows it or its excerpt (article, <head> description, lists, feeds).
// The cache is keyed by exactly what the rendering depends on (format, unfiltered, the body's
// text, compared whole), so an edited body is a new entry and nothing needs invalidating; the
// least recently used entries go when the bytes held pass the budget. A body with a [gallery]
// shortcode is not cached (its images are read from the store each time). Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/records.h"

namespace quire::content {

class BodyCache {
 public:
  // What the rendered bodies of a process may hold (their source and HTML, plus overhead).
  static constexpr size_t kDefaultMaxBytes = 16 * 1024 * 1024;

  explicit BodyCache(size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}

  // The HTML of (body, format, unfiltered): from the cache, or made by `render` and kept.
  std::string Get(std::string_view body, store::PostFormat format, bool unfiltered,
                  const std::function<std::string()>& render);
  // The excerpt of `words` words of the same body: from the cache, or made by `make` and kept
  // with the body's HTML (while that is cached).
  std::string Excerpt(std::string_view body, store::PostFormat format, bool unfiltered, int words,
                      const std::function<std::string()>& make);

  // Whether a body may be cached (its rendering reads nothing but its text).
  static bool Cacheable(std::string_view body);

  size_t Bytes() const;
  uint64_t Hits() const;
  uint64_t Misses() const;

  // The process's cache, used by RenderBody(post).
  static BodyCache& Shared();

 private:
  struct Entry {
    std::string body;
    store::PostFormat format;
    bool unfiltered;
    std::string html;
    size_t hash;
    std::vector<std::pair<int, std::string>> excerpts;  // by word count
    size_t Bytes() const;
  };
  // Under the lock: the entry of (body, format, unfiltered), made most recently used; or null.
  Entry* Find(std::string_view body, store::PostFormat format, bool unfiltered, size_t hash);
  void EvictOverBudget();

  const size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_multimap<size_t, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace quire::content
