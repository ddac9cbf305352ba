// Rendered pages in memory, each with its gzip and brotli forms and a strong ETag, tagged with
// what they show ("post:42", "front"). A change invalidates exactly the pages tagged with it.
//
// Race-free insertion: take Version() before reading the store; Insert() refuses the entry if
// any invalidation happened since, so a page rendered from old data never lands after the
// change that made it old.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "util/mutex.h"

namespace quire::cache {

enum class Encoding { kIdentity, kGzip, kBrotli };

// Picks the best encoding the client accepts from Accept-Encoding: the compressed coding with
// the highest q-value (br wins a tie with gzip; "*" stands for codings not named; q=0 refuses;
// malformed entries are ignored), identity when neither is acceptable or when identity is named
// with a higher q-value. Identity is the answer even when refused: never a 406.
Encoding Negotiate(std::string_view accept_encoding);

// The Content-Encoding token: "br", "gzip", or "" for identity.
std::string_view ContentCoding(Encoding encoding);

struct Page {
  int status = 200;
  std::string content_type;
  // Strong validators, one per representation (RFC 9110: a strong ETag names exact bytes):
  // "\"<hash of identity body>\"", and the same with "-gzip" / "-br" inside the quotes.
  std::string etag, etag_gzip, etag_brotli;
  // identity is never null; gzip and brotli are null when not worth having (tiny body, or the
  // compressed form is not smaller).
  std::shared_ptr<const std::string> identity, gzip, brotli;
  // The encoding actually served when `wanted` is asked for: `wanted` if that form exists,
  // else identity. Send Content-Encoding for this one (and Vary: Accept-Encoding always).
  Encoding Chosen(Encoding wanted) const;
  // The body in Chosen(e).
  const std::shared_ptr<const std::string>& Body(Encoding e) const;
  // The ETag of Chosen(e).
  const std::string& ETag(Encoding e) const;
  // What a server sends with each form besides the body, built once by the page's user (the
  // site keeps its response fields here: http::PreparedFields), indexed by Encoding; opaque to
  // the cache, which counts prepared_bytes for them.
  std::array<std::shared_ptr<const void>, 3> prepared;
  size_t prepared_bytes = 0;
  // Bytes this page holds in memory: every form's buffer (its capacity, not its size), the
  // validators and content type when they are not stored inline, the Page and its blocks, and
  // a per-allocation allowance for the allocator's own bookkeeping.
  size_t Bytes() const;
};

// Compresses and hashes a rendered body into a Page (costly: done once per change): gzip level
// 6 and brotli quality 5, each kept only when the body has at least 256 bytes and the form is
// smaller; the ETag is the quoted hex of a 128-bit BLAKE2b hash of the identity body. Every
// buffer is shrunk to fit (a compressor writes into a buffer sized for the worst case, and a
// rendered body grows by doubling), so that the page holds what Bytes() says.
std::shared_ptr<const Page> MakePage(int status, std::string content_type, std::string body);

// A first view's page: as MakePage, but with only the form `wanted` compressed (none for
// identity), so that the reader who asked is answered without waiting for the other
// compressor. Not for the cache: CompletePage() makes the page MakePage would have made.
std::shared_ptr<const Page> MakePartialPage(int status, std::string content_type, std::string body,
                                            Encoding wanted);
// `partial` (from MakePartialPage) with the forms it lacks; the ones it has are shared.
std::shared_ptr<Page> CompletePage(const Page& partial);

// Thread-safe. Find takes a shared lock, copies one shared_ptr and marks the entry used (an
// atomic flag); the writers take the lock exclusively. Entries are charged what they hold in
// memory (their key twice, tags, the Page's Bytes(), and the index's nodes) against max_bytes.
//
// Eviction is a segmented LRU kept scan-resistant without writes on the read path: a new entry
// joins the probation segment; when eviction reaches an entry that was read since it was
// inserted (or last moved), the entry is promoted to the protected segment (at most
// kProtectedShare of the budget; the protected segment's least recently promoted entries fall
// back to probation, where a read gives them another chance) instead of being evicted. A
// crawler reading every page once therefore only churns the probation segment, while pages read
// again and again stay.
//
// An entry is also served for at most max_age after it was rendered: pages carry a signed
// form stamp with their render time (comments/spam/form_stamp.h), which must stay fresh on a
// post nobody changes for weeks.
class PageCache {
 public:
  static constexpr std::chrono::seconds kDefaultMaxAge = std::chrono::hours(24);
  static constexpr size_t kDefaultMaxBytes = size_t{256} << 20;
  // The protected segment's share of the budget, in percent.
  static constexpr size_t kProtectedPercent = 80;
  explicit PageCache(size_t max_bytes = kDefaultMaxBytes,
                     std::chrono::steady_clock::duration max_age = kDefaultMaxAge);

  // Take this before reading what a page is rendered from, and give it back to Insert().
  uint64_t Version() const;
  // The page cached under the key, or null.
  std::shared_ptr<const Page> Find(std::string_view key) const;
  // Stores the page under the key (replacing any), tagged with what it shows. false when it is
  // not stored: an invalidation happened after `version`, the page is null, or the entry alone
  // is larger than the whole budget.
  bool Insert(std::string key, std::shared_ptr<const Page> page, std::vector<std::string> tags,
              uint64_t version);
  // Drops every entry tagged `tag` ("*" drops everything) and moves the version on, so that
  // pages rendered before this call are refused by Insert().
  void Invalidate(std::string_view tag);
  void Clear();          // the same as Invalidate("*")
  size_t Size() const;   // entries
  size_t Bytes() const;  // bytes charged against the budget
  size_t MaxBytes() const;
  // A new budget (the page_cache_mb setting changed): entries are evicted until it is met.
  void SetMaxBytes(size_t max_bytes);

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using KeySet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
  using Order = std::list<std::string>;  // keys, least recently (inserted or promoted) first
  enum class Segment { kProbation, kProtected };
  struct Entry {
    std::shared_ptr<const Page> page;
    std::vector<std::string> tags;
    size_t bytes = 0;
    Segment segment = Segment::kProbation;
    Order::iterator place;                          // its place in its segment's order
    std::chrono::steady_clock::time_point expires;  // not served from then on
    mutable std::atomic<bool> used{false};          // read since inserted or last moved
  };

  void EraseLocked(const std::string& key) QUIRE_REQUIRES(mutex_);
  void ClearLocked() QUIRE_REQUIRES(mutex_);
  // Evicts (or promotes, then evicts) until `incoming` more bytes fit in the budget.
  void MakeRoomLocked(size_t incoming) QUIRE_REQUIRES(mutex_);
  // Evicts one entry; false when there is none.
  bool EvictOneLocked() QUIRE_REQUIRES(mutex_);
  void MoveLocked(Entry& entry, Segment to) QUIRE_REQUIRES(mutex_);
  // Demotes the protected segment's oldest entries until it is within its share.
  void TrimProtectedLocked() QUIRE_REQUIRES(mutex_);

  mutable util::SharedMutex mutex_;
  std::unordered_map<std::string, Entry, StringHash, std::equal_to<>> entries_
      QUIRE_GUARDED_BY(mutex_);
  std::unordered_map<std::string, KeySet, StringHash, std::equal_to<>> keys_by_tag_
      QUIRE_GUARDED_BY(mutex_);
  Order probation_ QUIRE_GUARDED_BY(mutex_);
  Order protected_ QUIRE_GUARDED_BY(mutex_);
  size_t bytes_ QUIRE_GUARDED_BY(mutex_) = 0;
  size_t protected_bytes_ QUIRE_GUARDED_BY(mutex_) = 0;
  uint64_t version_ QUIRE_GUARDED_BY(mutex_) = 0;
  size_t max_bytes_ QUIRE_GUARDED_BY(mutex_);
  const std::chrono::steady_clock::duration max_age_;
};

}  // namespace quire::cache
