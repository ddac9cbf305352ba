// Rendered pages in memory, each with its gzip and brotli forms and a strong ETag, tagged with
// what they show ("post:42", "front"). A change invalidates exactly the pages tagged with it.
//
// Race-free insertion: take Version() before reading the store; Insert() refuses the entry if
// any invalidation happened since, so a page rendered from old data never lands after the
// change that made it old.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace quire::cache {

enum class Encoding { kIdentity, kGzip, kBrotli };

// Picks the best encoding the client accepts (br > gzip > identity) from Accept-Encoding.
Encoding Negotiate(std::string_view accept_encoding);

struct Page {
  int status = 200;
  std::string content_type;
  std::string etag;  // strong: "\"<hash of identity body>\""
  std::shared_ptr<const std::string> identity, gzip, brotli;
  const std::shared_ptr<const std::string>& Body(Encoding e) const;
};

// Compresses and hashes a rendered body into a Page (costly: done once per change).
std::shared_ptr<const Page> MakePage(int status, std::string content_type, std::string body);

class PageCache {
 public:
  explicit PageCache(size_t max_bytes = 256u << 20);

  uint64_t Version() const;
  std::shared_ptr<const Page> Find(std::string_view key) const;
  // false when an invalidation happened after `version` (the entry is dropped).
  bool Insert(std::string key, std::shared_ptr<const Page> page, std::vector<std::string> tags,
              uint64_t version);
  void Invalidate(std::string_view tag);  // "*" drops everything
  void Clear();
  size_t Size() const;  // entries

 private:
  struct Entry;
  mutable std::shared_mutex mutex_;
  // guarded by mutex_:
  std::unordered_map<std::string, std::shared_ptr<Entry>> entries_;
  std::unordered_multimap<std::string, std::string> keys_by_tag_;
  size_t bytes_ = 0;
  uint64_t version_ = 0;
  size_t max_bytes_;
};

}  // namespace quire::cache
