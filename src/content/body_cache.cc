#include "content/body_cache.h"

#include <cctype>

namespace quire::content {

namespace {

// An entry's list node, index node and string headers besides the two texts.
constexpr size_t kEntryOverhead = 160;
// Excerpts kept per body (lists show 55 words; feeds and <head> descriptions may ask others).
constexpr size_t kMaxExcerpts = 4;

size_t KeyHash(std::string_view body, store::PostFormat format, bool unfiltered) {
  return std::hash<std::string_view>()(body) ^
         (static_cast<size_t>(format) * 0x9E3779B97F4A7C15ULL) ^ (unfiltered ? 0x5bd1e995 : 0);
}

}  // namespace

size_t BodyCache::Entry::Bytes() const {
  size_t bytes = body.capacity() + html.capacity() + kEntryOverhead;
  for (const auto& excerpt : excerpts) bytes += sizeof(excerpt) + excerpt.second.capacity();
  return bytes;
}

BodyCache::Entry* BodyCache::Find(std::string_view body, store::PostFormat format, bool unfiltered,
                                  size_t hash) {
  auto [first, last] = index_.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    Entry& entry = *it->second;
    if (entry.format == format && entry.unfiltered == unfiltered && entry.body == body) {
      entries_.splice(entries_.begin(), entries_, it->second);
      return &entry;
    }
  }
  return nullptr;
}

bool BodyCache::Cacheable(std::string_view body) {
  constexpr std::string_view kGallery = "[gallery";
  for (size_t at = body.find('['); at != std::string_view::npos; at = body.find('[', at + 1)) {
    std::string_view rest = body.substr(at, kGallery.size());
    if (rest.size() < kGallery.size()) break;
    bool same = true;
    for (size_t i = 0; i < kGallery.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(rest[i])) == kGallery[i];
    }
    if (same) return false;
  }
  return true;
}

std::string BodyCache::Get(std::string_view body, store::PostFormat format, bool unfiltered,
                           const std::function<std::string()>& render) {
  if (!Cacheable(body)) return render();
  size_t hash = KeyHash(body, format, unfiltered);
  {
    std::lock_guard lock(mutex_);
    if (Entry* entry = Find(body, format, unfiltered, hash)) {
      ++hits_;
      return entry->html;
    }
    ++misses_;
  }
  // Rendered unlocked: two threads may render the same body at once; the second keeps its own.
  std::string html = render();
  Entry entry{std::string(body), format, unfiltered, html, hash, {}};
  entry.html.shrink_to_fit();
  if (entry.Bytes() > max_bytes_) return html;
  std::lock_guard lock(mutex_);
  if (Find(body, format, unfiltered, hash)) return html;  // another thread was first
  bytes_ += entry.Bytes();
  entries_.push_front(std::move(entry));
  index_.emplace(hash, entries_.begin());
  EvictOverBudget();
  return html;
}

std::string BodyCache::Excerpt(std::string_view body, store::PostFormat format, bool unfiltered,
                               int words, const std::function<std::string()>& make) {
  if (!Cacheable(body)) return make();
  size_t hash = KeyHash(body, format, unfiltered);
  {
    std::lock_guard lock(mutex_);
    if (Entry* entry = Find(body, format, unfiltered, hash)) {
      for (const auto& [count, text] : entry->excerpts) {
        if (count == words) {
          ++hits_;
          return text;
        }
      }
    }
  }
  std::string text = make();  // usually renders the body through Get(), which keeps its entry
  std::lock_guard lock(mutex_);
  Entry* entry = Find(body, format, unfiltered, hash);
  if (!entry || entry->excerpts.size() >= kMaxExcerpts) return text;
  for (const auto& [count, kept] : entry->excerpts) {
    if (count == words) return text;
  }
  size_t before = entry->Bytes();
  entry->excerpts.emplace_back(words, text);
  bytes_ += entry->Bytes() - before;
  EvictOverBudget();
  return text;
}

void BodyCache::EvictOverBudget() {
  while (bytes_ > max_bytes_ && !entries_.empty()) {
    auto last = std::prev(entries_.end());
    auto [first, end] = index_.equal_range(last->hash);
    for (auto it = first; it != end; ++it) {
      if (it->second == last) {
        index_.erase(it);
        break;
      }
    }
    bytes_ -= last->Bytes();
    entries_.erase(last);
  }
}

size_t BodyCache::Bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

uint64_t BodyCache::Hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

uint64_t BodyCache::Misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

BodyCache& BodyCache::Shared() {
  static BodyCache cache;
  return cache;
}

}  // namespace quire::content
