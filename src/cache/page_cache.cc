#include "cache/page_cache.h"

#include <brotli/encode.h>
#include <sodium.h>
#include <zlib.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "util/strings.h"

namespace quire::cache {
namespace {

constexpr size_t kMinCompressBytes = 256;  // below this, headers cost more than they save
constexpr int kGzipLevel = 6;
constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip wrapper
constexpr int kGzipMemLevel = 8;
constexpr int kBrotliQuality = 5;
constexpr int kBrotliWindowBits = 22;
constexpr size_t kEtagHashBytes = 16;  // 128 bits

// ---- What memory holds ----
// glibc's malloc: a chunk is the request plus an 8-byte header, in 16-byte steps, 32 at least.
constexpr size_t kChunkHeaderBytes = 8;
constexpr size_t kChunkAlignBytes = 16;
constexpr size_t kMinChunkBytes = 32;
// libstdc++ keeps strings of up to 15 characters inside the object (no allocation).
constexpr size_t kInlineStringChars = 15;
// A shared_ptr's control block beside its object (make_shared): two counts and a vtable.
constexpr size_t kControlBlockBytes = 16;
// A node of a std::list or an unordered container: two (or one) pointers and a cached hash.
constexpr size_t kNodeLinkBytes = 16;

size_t ChunkBytes(size_t requested) {
  size_t chunk = (requested + kChunkHeaderBytes + kChunkAlignBytes - 1) & ~(kChunkAlignBytes - 1);
  return std::max(chunk, kMinChunkBytes);
}

// The heap bytes a string's characters hold (none when they are stored inline).
size_t HeapBytes(const std::string& text) {
  return text.capacity() <= kInlineStringChars ? 0 : ChunkBytes(text.capacity() + 1);
}

// A body form: its make_shared block (control block and string) and its characters.
size_t FormBytes(const std::shared_ptr<const std::string>& form) {
  if (form == nullptr) return 0;
  return ChunkBytes(kControlBlockBytes + sizeof(std::string)) + HeapBytes(*form);
}

// A string that was built in a larger buffer than it needs, as one that fits.
void Fit(std::string& text) {
  if (text.capacity() > text.size()) text.shrink_to_fit();
}

// ---- Compression ----

std::shared_ptr<const std::string> Gzip(const std::string& body) {
  if (body.size() > std::numeric_limits<uInt>::max()) return nullptr;
  z_stream stream{};
  if (deflateInit2(&stream, kGzipLevel, Z_DEFLATED, kGzipWindowBits, kGzipMemLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return nullptr;
  }
  std::string out(deflateBound(&stream, body.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return nullptr;
  Fit(out);  // deflateBound() sized it for the worst case: about the body's size
  return std::make_shared<const std::string>(std::move(out));
}

std::shared_ptr<const std::string> Brotli(const std::string& body, bool text) {
  size_t size = BrotliEncoderMaxCompressedSize(body.size());
  if (size == 0) return nullptr;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(kBrotliQuality, kBrotliWindowBits,
                             text ? BROTLI_MODE_TEXT : BROTLI_MODE_GENERIC, body.size(),
                             reinterpret_cast<const uint8_t*>(body.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return nullptr;
  }
  out.resize(size);
  Fit(out);  // sized for the worst case: about the body's size
  return std::make_shared<const std::string>(std::move(out));
}

// Keeps a compressed form only when it saves bytes.
std::shared_ptr<const std::string> IfSmaller(std::shared_ptr<const std::string> form,
                                             size_t identity_size) {
  return form != nullptr && form->size() < identity_size ? std::move(form) : nullptr;
}

std::string StrongEtag(const std::string& body) {
  // sodium_init() only picks faster implementations; the portable ones work without it.
  static const int sodium_ready = sodium_init();
  (void)sodium_ready;
  unsigned char hash[kEtagHashBytes];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(body.data()),
                     body.size(), nullptr, 0);
  return '"' + util::HexEncode(std::string_view(reinterpret_cast<char*>(hash), sizeof hash)) + '"';
}

// ---- Accept-Encoding ----

// A q-value ("1", "0.5", "1.000") in thousandths; nullopt when malformed or above 1.
std::optional<int> ParseQValue(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  int value = (text[0] - '0') * 1000;
  if (text.size() == 1) return value;
  if (text[1] != '.' || text.size() > 5) return std::nullopt;
  int scale = 100;
  for (char c : text.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    value += (c - '0') * scale;
    scale /= 10;
  }
  return value <= 1000 ? std::optional<int>(value) : std::nullopt;
}

// Calls visit(piece) for each piece of text between separators. Negotiation runs on every
// request, so it splits in place rather than allocating.
template <typename Visit>
void ForEachPiece(std::string_view text, char separator, Visit visit) {
  for (;;) {
    const size_t end = text.find(separator);
    visit(text.substr(0, end));
    if (end == std::string_view::npos) return;
    text.remove_prefix(end + 1);
  }
}

// One list member: its coding and q-value; nullopt when malformed.
struct Coding {
  std::string_view coding;
  int q = 1000;
};
std::optional<Coding> ParseCoding(std::string_view member) {
  const size_t semicolon = member.find(';');
  Coding coding{util::Trim(member.substr(0, semicolon)), 1000};
  if (coding.coding.empty()) return std::nullopt;
  bool malformed = false;
  if (semicolon != std::string_view::npos) {
    ForEachPiece(member.substr(semicolon + 1), ';', [&](std::string_view parameter) {
      const size_t equals = parameter.find('=');
      if (equals == std::string_view::npos) {
        malformed = true;
      } else if (util::IEquals(util::Trim(parameter.substr(0, equals)), "q")) {
        std::optional<int> q = ParseQValue(util::Trim(parameter.substr(equals + 1)));
        malformed = malformed || !q;
        coding.q = q.value_or(0);
      }
    });
  }
  return malformed ? std::nullopt : std::optional<Coding>(coding);
}

// The q-values the header gives each coding we serve; -1 where it says nothing.
struct Preferences {
  int br = -1, gzip = -1, identity = -1, any = -1;

  // A coding's q-value: its own, else the wildcard's, else 0 (not acceptable).
  int Compressed(int own) const { return own >= 0 ? own : any >= 0 ? any : 0; }
};

Preferences ParsePreferences(std::string_view header) {
  Preferences preferences;
  ForEachPiece(header, ',', [&](std::string_view member) {
    std::optional<Coding> coding = ParseCoding(member);
    if (!coding) return;
    const std::string_view name = coding->coding;
    if (util::IEquals(name, "br")) preferences.br = coding->q;
    if (util::IEquals(name, "gzip") || util::IEquals(name, "x-gzip")) preferences.gzip = coding->q;
    if (util::IEquals(name, "identity")) preferences.identity = coding->q;
    if (name == "*") preferences.any = coding->q;
  });
  return preferences;
}

}  // namespace

Encoding Negotiate(std::string_view accept_encoding) {
  const Preferences preferences = ParsePreferences(accept_encoding);
  const int br = preferences.Compressed(preferences.br);
  const int gzip = preferences.Compressed(preferences.gzip);
  const int best = std::max(br, gzip);
  if (best == 0 || preferences.identity > best) return Encoding::kIdentity;
  return br >= gzip ? Encoding::kBrotli : Encoding::kGzip;
}

std::string_view ContentCoding(Encoding encoding) {
  switch (encoding) {
    case Encoding::kBrotli: return "br";
    case Encoding::kGzip: return "gzip";
    case Encoding::kIdentity: return "";
  }
  return "";
}

Encoding Page::Chosen(Encoding wanted) const {
  if (wanted == Encoding::kBrotli && brotli != nullptr) return Encoding::kBrotli;
  if (wanted == Encoding::kGzip && gzip != nullptr) return Encoding::kGzip;
  return Encoding::kIdentity;
}

const std::shared_ptr<const std::string>& Page::Body(Encoding e) const {
  switch (Chosen(e)) {
    case Encoding::kBrotli: return brotli;
    case Encoding::kGzip: return gzip;
    case Encoding::kIdentity: return identity;
  }
  return identity;
}

const std::string& Page::ETag(Encoding e) const {
  switch (Chosen(e)) {
    case Encoding::kBrotli: return etag_brotli;
    case Encoding::kGzip: return etag_gzip;
    case Encoding::kIdentity: return etag;
  }
  return etag;
}

size_t Page::Bytes() const {
  size_t bytes = ChunkBytes(kControlBlockBytes + sizeof(Page));  // make_shared<Page>
  for (const std::string* text : {&content_type, &etag, &etag_gzip, &etag_brotli}) {
    bytes += HeapBytes(*text);
  }
  for (const auto* form : {&identity, &gzip, &brotli}) bytes += FormBytes(*form);
  return bytes + prepared_bytes;
}

namespace {

bool Compressible(const Page& page) {
  return page.identity->size() >= kMinCompressBytes;
}

void AddGzip(Page& page) {
  if (page.gzip == nullptr && Compressible(page)) {
    page.gzip = IfSmaller(Gzip(*page.identity), page.identity->size());
  }
}

void AddBrotli(Page& page) {
  if (page.brotli == nullptr && Compressible(page)) {
    page.brotli = IfSmaller(Brotli(*page.identity, util::StartsWith(page.content_type, "text/")),
                            page.identity->size());
  }
}

}  // namespace

std::shared_ptr<const Page> MakePartialPage(int status, std::string content_type, std::string body,
                                            Encoding wanted) {
  auto page = std::make_shared<Page>();
  page->status = status;
  page->etag = StrongEtag(body);
  std::string_view unquoted = std::string_view(page->etag).substr(1, page->etag.size() - 2);
  page->etag_gzip = "\"" + std::string(unquoted) + "-gzip\"";
  page->etag_brotli = "\"" + std::string(unquoted) + "-br\"";
  page->content_type = std::move(content_type);
  Fit(page->content_type);
  Fit(body);  // rendered by appending: its buffer grew by doubling
  page->identity = std::make_shared<const std::string>(std::move(body));
  if (wanted == Encoding::kGzip) AddGzip(*page);
  if (wanted == Encoding::kBrotli) AddBrotli(*page);
  return page;
}

std::shared_ptr<Page> CompletePage(const Page& partial) {
  auto page = std::make_shared<Page>(partial);
  AddGzip(*page);
  AddBrotli(*page);
  return page;
}

std::shared_ptr<const Page> MakePage(int status, std::string content_type, std::string body) {
  return CompletePage(
      *MakePartialPage(status, std::move(content_type), std::move(body), Encoding::kIdentity));
}

// ---- PageCache ----

namespace {

// What an entry costs beyond its page: its key in the map's node and in its segment's list
// node, its tags (the vector and each string), and the tag index's copy of the key per tag.
template <typename Entry>
size_t EntryBytes(const std::string& key, const std::vector<std::string>& tags) {
  size_t bytes = ChunkBytes(kNodeLinkBytes + sizeof(std::string) + sizeof(Entry)) + HeapBytes(key);
  bytes += ChunkBytes(kNodeLinkBytes + sizeof(std::string)) + HeapBytes(key);
  if (!tags.empty()) bytes += ChunkBytes(tags.capacity() * sizeof(std::string));
  for (const std::string& tag : tags) {
    bytes += HeapBytes(tag);
    bytes += ChunkBytes(kNodeLinkBytes + sizeof(std::string)) + HeapBytes(key) + sizeof(void*);
  }
  return bytes + sizeof(void*);  // the map's bucket
}

}  // namespace

PageCache::PageCache(size_t max_bytes, std::chrono::steady_clock::duration max_age)
    : max_bytes_(max_bytes), max_age_(max_age) {}

uint64_t PageCache::Version() const {
  util::ReaderLock lock(mutex_);
  return version_;
}

std::shared_ptr<const Page> PageCache::Find(std::string_view key) const {
  util::ReaderLock lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  // An expired entry stays until the fresh render replaces it (Insert) or it is evicted.
  if (std::chrono::steady_clock::now() >= it->second.expires) return nullptr;
  // A plain load first: a hot entry's flag is already set, and its cache line stays shared.
  if (!it->second.used.load(std::memory_order_relaxed)) {
    it->second.used.store(true, std::memory_order_relaxed);
  }
  return it->second.page;
}

bool PageCache::Insert(std::string key, std::shared_ptr<const Page> page,
                       std::vector<std::string> tags, uint64_t version) {
  if (page == nullptr) return false;
  tags.shrink_to_fit();
  const size_t bytes = page->Bytes() + EntryBytes<Entry>(key, tags);

  util::WriterLock lock(mutex_);
  if (version != version_ || bytes > max_bytes_) return false;
  EraseLocked(key);
  MakeRoomLocked(bytes);
  for (const std::string& tag : tags) keys_by_tag_[tag].insert(key);
  probation_.push_back(key);
  auto [it, inserted] = entries_.try_emplace(std::move(key));
  Entry& entry = it->second;
  entry.page = std::move(page);
  entry.tags = std::move(tags);
  entry.bytes = bytes;
  entry.segment = Segment::kProbation;
  entry.place = std::prev(probation_.end());
  entry.expires = std::chrono::steady_clock::now() + max_age_;
  bytes_ += bytes;
  return true;
}

void PageCache::Invalidate(std::string_view tag) {
  util::WriterLock lock(mutex_);
  ++version_;
  if (tag == "*") {
    ClearLocked();
    return;
  }
  auto tagged = keys_by_tag_.find(tag);
  if (tagged == keys_by_tag_.end()) return;
  const KeySet keys = std::move(tagged->second);
  keys_by_tag_.erase(tagged);
  for (const std::string& key : keys) EraseLocked(key);
}

void PageCache::Clear() {
  Invalidate("*");
}

size_t PageCache::Size() const {
  util::ReaderLock lock(mutex_);
  return entries_.size();
}

size_t PageCache::Bytes() const {
  util::ReaderLock lock(mutex_);
  return bytes_;
}

size_t PageCache::MaxBytes() const {
  util::ReaderLock lock(mutex_);
  return max_bytes_;
}

void PageCache::SetMaxBytes(size_t max_bytes) {
  util::WriterLock lock(mutex_);
  max_bytes_ = max_bytes;
  MakeRoomLocked(0);
  TrimProtectedLocked();
}

void PageCache::MakeRoomLocked(size_t incoming) {
  while (bytes_ + incoming > max_bytes_ && EvictOneLocked()) {
  }
}

bool PageCache::EvictOneLocked() {
  for (;;) {
    if (probation_.empty()) {
      if (protected_.empty()) return false;
      // Everything left was promoted: the protected segment's oldest gets one more chance.
      Entry& oldest = entries_.find(protected_.front())->second;
      MoveLocked(oldest, Segment::kProbation);
      continue;
    }
    Entry& candidate = entries_.find(probation_.front())->second;
    if (candidate.used.load(std::memory_order_relaxed)) {
      MoveLocked(candidate, Segment::kProtected);  // read again since it came: keep it
      TrimProtectedLocked();
      continue;
    }
    const std::string key = probation_.front();
    EraseLocked(key);
    return true;
  }
}

void PageCache::MoveLocked(Entry& entry, Segment to) {
  Order& from_order = entry.segment == Segment::kProtected ? protected_ : probation_;
  Order& to_order = to == Segment::kProtected ? protected_ : probation_;
  to_order.splice(to_order.end(), from_order, entry.place);
  if (entry.segment == Segment::kProtected) protected_bytes_ -= entry.bytes;
  if (to == Segment::kProtected) protected_bytes_ += entry.bytes;
  entry.segment = to;
  entry.used.store(false, std::memory_order_relaxed);
}

void PageCache::TrimProtectedLocked() {
  const size_t share = max_bytes_ / 100 * kProtectedPercent;
  while (protected_bytes_ > share && !protected_.empty()) {
    MoveLocked(entries_.find(protected_.front())->second, Segment::kProbation);
  }
}

void PageCache::EraseLocked(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  for (const std::string& tag : entry.tags) {
    auto tagged = keys_by_tag_.find(tag);
    if (tagged == keys_by_tag_.end()) continue;
    tagged->second.erase(key);
    if (tagged->second.empty()) keys_by_tag_.erase(tagged);
  }
  bytes_ -= entry.bytes;
  if (entry.segment == Segment::kProtected) {
    protected_bytes_ -= entry.bytes;
    protected_.erase(entry.place);
  } else {
    probation_.erase(entry.place);
  }
  entries_.erase(it);
}

void PageCache::ClearLocked() {
  entries_.clear();
  keys_by_tag_.clear();
  probation_.clear();
  protected_.clear();
  bytes_ = 0;
  protected_bytes_ = 0;
}

}  // namespace quire::cache
