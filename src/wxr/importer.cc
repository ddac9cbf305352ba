#include "wxr/importer.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "content/permalink.h"
#include "content/zone_guess.h"
#include "store/media.h"
#include "store/original_paths.h"
#include "store/publishing.h"
#include "store/staged_write.h"
#include "store/taxonomy.h"
#include "store/wxr_ids.h"
#include "util/clock.h"
#include "util/mutex.h"
#include "util/safe_url.h"
#include "util/strings.h"
#include "wxr/exporter.h"
#include "wxr/permalinks.h"
#include "wxr/reader.h"
#include "wxr/reporting.h"
#include "wxr/values.h"

namespace quire::wxr {
namespace {

using store::WxrKind;

// A large import keeps this much of the database in memory rather than spilling it to the WAL
// and reading it back (the measurements behind the number: docs/wxr-mapping.md, "Speed").
constexpr int64_t kImportCacheKib = 16 * 1024;
// Up to this many items changed, each one's change tags are recorded; past it, one "*".
constexpr size_t kTagEachItemUpTo = 200;

// An error's Status, for the Result-returning store calls.
template <typename T>
Status StatusOf(const Result<T>& result) {
  if (!result) return std::unexpected(result.error());
  return {};
}

#define QUIRE_TRY(expr)                                    \
  do {                                                     \
    if (Status quire_s = (expr); !quire_s) return quire_s; \
  } while (0)

// The file's entries parsed on a thread of their own, a few ahead of the importer, so that
// parsing (libxml2) and writing (SQLite) use both cores. At most kMaxEntries entries, or about
// kMaxBytes of the file, wait in the queue (memory stays bounded by the largest item).
class ReadAhead {
 public:
  struct Read {
    Result<std::optional<Entry>> entry;
    int64_t bytes_read = 0;  // of the file, once this entry was parsed
  };

  explicit ReadAhead(std::unique_ptr<Reader> reader)
      : reader_(std::move(reader)), thread_([this] { Produce(); }) {}
  ~ReadAhead() {
    {
      util::MutexLock lock(mutex_);
      stopped_ = true;
    }
    changed_.NotifyAll();
    thread_.join();
  }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The next entry (as Reader::Next: nullopt at the end; after an error, the same error).
  Read Next() {
    util::MutexLock lock(mutex_);
    changed_.Wait(lock, [this]() QUIRE_REQUIRES(mutex_) { return !queue_.empty(); });
    Read& front = queue_.front();
    if (!front.entry || !*front.entry) return front;  // the end or an error stays
    Read read = std::move(front);
    queue_.pop_front();
    queued_bytes_ -= read.bytes_read - consumed_bytes_;
    consumed_bytes_ = read.bytes_read;
    lock.Unlock();
    changed_.NotifyAll();
    return read;
  }
  // The channel's fields as they stood when the first entry was parsed.
  const Channel& channel() {
    util::MutexLock lock(mutex_);
    return channel_;
  }
  int64_t file_bytes() const { return reader_->file_bytes(); }

 private:
  static constexpr size_t kMaxEntries = 64;
  static constexpr int64_t kMaxBytes = 4 << 20;

  void Produce() {
    int64_t parsed_bytes = 0;
    for (bool first = true;; first = false) {
      {
        util::MutexLock lock(mutex_);
        changed_.Wait(lock, [this]() QUIRE_REQUIRES(mutex_) {
          return stopped_ || queue_.empty() ||
                 (queue_.size() < kMaxEntries && queued_bytes_ < kMaxBytes);
        });
        if (stopped_) return;
      }
      Read read{reader_->Next(), reader_->bytes_read()};
      bool last = !read.entry || !*read.entry;
      {
        util::MutexLock lock(mutex_);
        if (first) channel_ = reader_->channel();
        queued_bytes_ += read.bytes_read - parsed_bytes;
        parsed_bytes = read.bytes_read;
        queue_.push_back(std::move(read));
      }
      changed_.NotifyAll();
      if (last) return;
    }
  }

  std::unique_ptr<Reader> reader_;  // used by the thread only, once it started
  util::Mutex mutex_;
  util::CondVar changed_;
  std::deque<Read> queue_;
  int64_t queued_bytes_ = 0, consumed_bytes_ = 0;
  Channel channel_;
  bool stopped_ = false;
  std::thread thread_;  // last: started once every other member is ready
};

// A new item's links to other items of the file, fixed after every item is in.
struct PendingLinks {
  int64_t post_id = 0;
  int64_t original_parent = 0;
  int64_t original_thumbnail = 0;
  Position position;
};

class Importer {
 public:
  // `counts`: the first pass's (its largest ids are kept free for the file's own items).
  // `ids`: the comment ids reserved for this import (store/staged_write.h).
  Importer(store::Store& store, store::Transaction& tx, const ImportOptions& options,
           ImportReport& report, const Counts& counts, const store::CommentIds& ids)
      : store_(store),
        tx_(tx),
        options_(options),
        report_(report),
        counts_(counts),
        comment_ids_(ids) {}

  Status Run();

 private:
  std::string Where(Position at) const {
    return options_.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
  }
  void Warn(Position at, const std::string& what) { report_.warnings.push_back(Where(at) + what); }

  Status OnAuthor(const Author& author);
  Result<int64_t> UserFor(std::string login, const Author* author, Position at);
  Status OnTerm(const Term& term);
  Result<int64_t> TermFor(const std::string& taxonomy, std::string slug, const std::string& name,
                          Position at);
  Status FinishTermParents();
  Status OnItem(const Item& item);
  Result<std::optional<int64_t>> ExistingItem(const Item& item);
  Result<store::Post> PostOf(const Item& item, store::PostType type, store::PostStatus status);
  Status ItemTerms(int64_t post_id, const Item& item);
  Status ItemMeta(int64_t post_id, const store::Post& post, const Item& item, PendingLinks& links);
  Status OnAttachment(const Item& item);
  Result<std::string> CopyName(int64_t attachment, int64_t first, const std::string& file,
                               Position at);
  Status ImportComments(int64_t post_id, const Item& item);
  Status ImportComment(int64_t post_id, const std::map<int64_t, const Comment*>& all,
                       const Comment& comment, std::map<int64_t, int64_t>& done,
                       std::set<int64_t>& busy);
  Status FixLinks();
  Status RecordChanges();
  Status ChoosePermalinks();
  Status ChooseZone();
  Status AdoptSite();
  Status ReplaceSample();
  Status RecordOriginalPath(const Item& item, WxrKind kind, int64_t quire_id);
  void Vote(const Item& item, store::PostType type, store::PostStatus status, int64_t id);

  store::Store& store_;
  store::Transaction& tx_;
  const ImportOptions& options_;
  ImportReport& report_;
  const Counts& counts_;
  const store::CommentIds& comment_ids_;
  std::string source_;        // the file's blog URL: the key of its ids in store/wxr_ids.h
  std::string channel_base_;  // the same, for the permalinks its links show
  std::string base_path_;     // the path of a subfolder install ("/blog"; "" : the root)
  Channel channel_;           // the file's channel (title, description)
  bool site_was_empty_ = false;
  bool has_author_list_ = false;
  bool terms_finished_ = false;
  std::map<std::string, int64_t> users_;       // sanitised login -> user (0: unassigned)
  std::map<int64_t, int64_t> users_by_wp_id_;  // wp:author_id -> user
  std::set<int64_t> unknown_comment_users_;
  std::map<std::pair<std::string, std::string>, int64_t> terms_;  // (taxonomy, slug) -> id
  std::vector<std::pair<store::Term, std::pair<std::string, Position>>> term_parents_;
  std::map<int64_t, int64_t> items_;      // original post id -> Quire post (this file's)
  std::set<int64_t> touched_;             // Quire posts this file's items created or matched
  std::map<int64_t, int64_t> media_;      // original attachment id -> media id
  std::map<std::string, int64_t> files_;  // file below uploads/ -> this import's attachment id
  std::vector<PendingLinks> links_;
  std::vector<std::pair<store::Media, int64_t>> media_parents_;  // media, original parent
  std::vector<int64_t> new_items_;
  std::set<int64_t> commented_;  // items (new or matched) given new comments
  StructureVotes structure_votes_;
  std::map<int64_t, int64_t> offset_votes_;  // post_date - post_date_gmt (seconds) -> posts
  std::vector<content::OffsetSample> offset_samples_;  // (post_date_gmt, offset) of each
  int64_t front_page_ = 0;  // the published page whose link was the site's root
};

// --- authors ---

Result<int64_t> Importer::UserFor(std::string login, const Author* author, Position at) {
  auto known = users_.find(login);
  if (known != users_.end()) return known->second;
  auto existing = store_.FindUserByLogin(login);
  if (!existing) return std::unexpected(existing.error());
  int64_t id = 0;
  if (*existing) {
    id = (*existing)->id;
    ++report_.matched["authors"];
  } else if (options_.authors == AuthorMode::kCreate && !login.empty()) {
    store::User user;
    user.login = login;
    user.role = store::Role::kAuthor;
    user.created_at = util::SystemClock().Now();
    if (author != nullptr) {
      user.email = author->email;
      user.display_name = author->display_name;
    }
    if (user.display_name.empty()) user.display_name = login;
    auto inserted = tx_.InsertUser(user);
    if (!inserted) return std::unexpected(inserted.error());
    id = *inserted;
    ++report_.created["authors"];
  } else {
    Warn(at, "author '" + login + "' has no user here (--authors map): their items are " +
                 "imported without an author");
  }
  users_[login] = id;
  return id;
}

Status Importer::OnAuthor(const Author& author) {
  has_author_list_ = true;
  std::string login = SanitizeLogin(author.login);
  if (login.empty()) {
    Warn(author.position, "an author without a usable login was left out");
    return {};
  }
  auto id = UserFor(login, &author, author.position);
  if (!id) return std::unexpected(id.error());
  if (author.id > 0 && *id > 0) {
    users_by_wp_id_[author.id] = *id;
    QUIRE_TRY(store::MapWxrId(tx_, WxrKind::kUser, source_, author.id, *id));
  }
  return {};
}

// --- terms ---

std::string CountKey(std::string_view taxonomy) {
  if (taxonomy == store::kCategory) return "categories";
  if (taxonomy == store::kPostTag) return "tags";
  return "terms";
}

Result<int64_t> Importer::TermFor(const std::string& taxonomy, std::string slug,
                                  const std::string& name, Position at) {
  if (slug.empty()) slug = content::Slugify(name);
  auto key = std::make_pair(taxonomy, slug);
  if (auto known = terms_.find(key); known != terms_.end()) return known->second;
  auto existing = store::FindTermBySlug(store_, taxonomy, slug);
  if (!existing) return std::unexpected(existing.error());
  if (*existing) {
    ++report_.matched[CountKey(taxonomy)];
    return terms_[key] = (*existing)->id;
  }
  store::Term term;
  term.taxonomy = taxonomy;
  term.slug = slug;
  term.name = name.empty() ? slug : name;
  auto saved = store::SaveTerm(tx_, term);
  if (!saved) {
    return std::unexpected(Error{saved.error().kind, Where(at) + saved.error().message});
  }
  ++report_.created[CountKey(taxonomy)];
  return terms_[key] = saved->id;
}

Status Importer::OnTerm(const Term& term) {
  if (term.taxonomy == "nav_menu") {
    ++report_.skipped["navigation menus"];
    return {};
  }
  std::string slug = DecodeSlug(term.slug);
  if (slug.empty()) slug = content::Slugify(term.name);
  auto key = std::make_pair(term.taxonomy, slug);
  if (terms_.contains(key)) return {};  // the same term twice in the file (wp:category + wp:term)
  auto existing = store::FindTermBySlug(store_, term.taxonomy, slug);
  if (!existing) return StatusOf(existing);
  if (*existing) {
    terms_[key] = (*existing)->id;
    ++report_.matched[CountKey(term.taxonomy)];
    if (term.id <= 0) return {};  // WXR 1.0 gives terms no id: nothing to map
    return store::MapWxrId(tx_, WxrKind::kTerm, source_, term.id, (*existing)->id);
  }
  store::Term saved;
  saved.taxonomy = term.taxonomy;
  saved.slug = slug;
  saved.name = term.name.empty() ? slug : term.name;
  saved.description = term.description;
  std::string parent = DecodeSlug(term.parent_slug);
  if (!parent.empty()) {
    if (auto p = terms_.find({term.taxonomy, parent}); p != terms_.end()) {
      saved.parent_id = p->second;
      parent.clear();
    }
  }
  auto stored = store::SaveTerm(tx_, saved);
  if (!stored) {
    return std::unexpected(
        Error{stored.error().kind, Where(term.position) + stored.error().message});
  }
  terms_[key] = stored->id;
  ++report_.created[CountKey(term.taxonomy)];
  if (!parent.empty()) term_parents_.push_back({*stored, {parent, term.position}});
  for (const Meta& m : term.meta) {
    QUIRE_TRY(store::AddWxrMeta(tx_, WxrKind::kTerm, stored->id, m.key, m.value));
  }
  if (term.id > 0) QUIRE_TRY(store::MapWxrId(tx_, WxrKind::kTerm, source_, term.id, stored->id));
  return {};
}

// Parents named before they were declared get linked now; parents the file never declares
// leave the term at the top level (WordPress does the same).
Status Importer::FinishTermParents() {
  terms_finished_ = true;
  for (auto& [term, parent] : term_parents_) {
    auto found = terms_.find({term.taxonomy, parent.first});
    if (found == terms_.end()) {
      Warn(parent.second, "term '" + term.slug + "' names the parent '" + parent.first +
                              "', which is not in the file: imported at the top level");
      continue;
    }
    term.parent_id = found->second;
    auto saved = store::SaveTerm(tx_, term);
    if (!saved) return StatusOf(saved);
  }
  term_parents_.clear();
  return {};
}

// --- items ---

Result<std::optional<int64_t>> Importer::ExistingItem(const Item& item) {
  if (item.post_id > 0) {
    auto mapped = store::FindWxrId(tx_, WxrKind::kPost, source_, item.post_id);
    if (!mapped) return mapped;
    if (*mapped) {
      auto post = tx_.FindPost(**mapped);
      if (!post) return std::unexpected(post.error());
      if (*post) return mapped;
    }
  }
  if (item.guid.empty()) return std::optional<int64_t>();
  auto by_guid = store::FindPostByGuid(tx_, item.guid);
  if (!by_guid || !*by_guid) return by_guid;
  // WordPress.com files repeat GUIDs across items: an item of this file is never another's.
  if (touched_.contains(**by_guid)) return std::optional<int64_t>();
  return by_guid;
}

Result<store::Post> Importer::PostOf(const Item& item, store::PostType type,
                                     store::PostStatus status) {
  store::Post post;
  post.type = type;
  post.status = status;
  post.title = item.title;
  post.body = item.content;
  post.format = store::PostFormat::kHtml;
  post.unfiltered = true;
  post.excerpt = item.excerpt;
  post.published_at =
      ParseWpDate(item.post_date_gmt).value_or(ParseWpDate(item.post_date).value_or(0));
  post.modified_at = ParseWpDate(item.post_modified_gmt)
                         .value_or(ParseWpDate(item.post_modified).value_or(post.published_at));
  post.comments_open = item.comment_status != "closed";
  post.menu_order = item.menu_order;
  post.sticky = item.is_sticky;
  post.password = item.post_password;
  post.guid = item.guid;
  std::string login = SanitizeLogin(item.creator);
  if (!login.empty()) {
    if (has_author_list_ && !users_.contains(login)) {
      Warn(item.position, "unknown author '" + item.creator + "': imported without an author");
      users_[login] = 0;
    }
    auto author = UserFor(login, nullptr, item.position);
    if (!author) return std::unexpected(author.error());
    post.author_id = *author;
  }
  std::string wanted = DecodeSlug(item.post_name);
  post.slug = wanted.empty() ? content::Slugify(item.title) : wanted;
  std::string base = post.slug;
  for (int n = 2;; ++n) {
    auto taken = store::SlugTaken(tx_, type, post.slug, 0);
    if (!taken) return std::unexpected(taken.error());
    if (!*taken) break;
    post.slug = base + "-" + std::to_string(n);
  }
  if (!wanted.empty() && post.slug != wanted) {
    Warn(item.position, "the slug '" + wanted + "' is taken here: the item got '" + post.slug +
                            "' (its old URL redirects)");
  }
  return post;
}

Status Importer::ItemTerms(int64_t post_id, const Item& item) {
  std::map<std::string, std::vector<int64_t>> by_taxonomy;
  for (const ItemTerm& t : item.terms) {
    if (t.taxonomy == "nav_menu") continue;
    auto id = TermFor(t.taxonomy, DecodeSlug(t.slug), t.name, item.position);
    if (!id) return StatusOf(id);
    auto& ids = by_taxonomy[t.taxonomy];
    if (std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
  }
  for (const auto& [taxonomy, ids] : by_taxonomy) {
    QUIRE_TRY(store::SetItemTerms(tx_, post_id, taxonomy, ids));
  }
  return {};
}

Status Importer::ItemMeta(int64_t post_id, const store::Post& post, const Item& item,
                          PendingLinks& links) {
  for (const Meta& m : item.meta) {
    if (m.key == "_thumbnail_id") {
      links.original_thumbnail = util::ParseInt(util::Trim(m.value)).value_or(0);
    } else if (m.key == "_wp_old_slug") {
      std::string old = DecodeSlug(m.value);
      if (!old.empty() && old != post.slug) {
        QUIRE_TRY(store::AddOldSlug(tx_, post.type, old, post_id));
      }
    } else if (m.key == kOriginalPathMeta) {
      // An address the item had before a Quire export (written by wxr/exporter.cc).
      if (m.value.starts_with('/')) {
        QUIRE_TRY(store::AddOriginalPath(tx_, m.value, WxrKind::kPost, post_id));
        ++report_.original_paths;
      }
    } else if (m.key != "_edit_lock" && m.key != "_edit_last") {
      QUIRE_TRY(store::AddWxrMeta(tx_, WxrKind::kPost, post_id, m.key, m.value));
    }
  }
  std::string wanted = DecodeSlug(item.post_name);
  if (!wanted.empty() && wanted != post.slug) {
    QUIRE_TRY(store::AddOldSlug(tx_, post.type, wanted, post_id));
  }
  return {};
}

// An item's offset from UTC: wp:post_date (local) minus wp:post_date_gmt, in seconds; nullopt
// when either is missing or zero, or the difference is not a zone's (-12 h to +14 h, whole
// minutes).
std::optional<int64_t> LocalOffset(const Item& item) {
  constexpr int64_t kMin = -12 * 3600, kMax = 14 * 3600;
  std::optional<int64_t> local = ParseWpDate(item.post_date);
  std::optional<int64_t> gmt = ParseWpDate(item.post_date_gmt);
  if (!local || !gmt || item.post_date_gmt.starts_with("0000")) return std::nullopt;
  int64_t offset = *local - *gmt;
  if (offset < kMin || offset > kMax || offset % 60 != 0) return std::nullopt;
  return offset;
}

Status Importer::OnItem(const Item& item) {
  if (!terms_finished_) QUIRE_TRY(FinishTermParents());
  if (item.post_type == "attachment") return OnAttachment(item);
  auto type = store::ParsePostType(item.post_type);
  if (!type) {
    ++report_.skipped[(item.post_type.empty() ? "untyped" : item.post_type) + " items"];
    return {};
  }
  auto status = ParseWpPostStatus(item.status);
  if (!status) {
    ++report_.skipped["items with status '" + item.status + "'"];
    return {};
  }
  std::string kind = *type == store::PostType::kPage ? "pages" : "posts";
  auto existing = ExistingItem(item);
  if (!existing) return StatusOf(existing);
  if (*existing) {
    ++report_.matched[kind];
    touched_.insert(**existing);
    if (item.post_id > 0) items_[item.post_id] = **existing;
    QUIRE_TRY(RecordOriginalPath(item, WxrKind::kPost, **existing));
    Vote(item, *type, *status, **existing);
    return ImportComments(**existing, item);
  }
  auto post = PostOf(item, *type, *status);
  if (!post) return StatusOf(post);
  auto id = store::InsertPostPreferringId(tx_, *post, item.post_id, counts_.max_item_id);
  if (!id)
    return std::unexpected(Error{id.error().kind, Where(item.position) + id.error().message});
  ++report_.created[kind];
  if (item.post_id > 0 && *id != item.post_id) ++report_.renumbered_items;
  if (item.post_id > 0) {
    items_[item.post_id] = *id;
    QUIRE_TRY(store::MapWxrId(tx_, WxrKind::kPost, source_, item.post_id, *id));
  }
  new_items_.push_back(*id);
  touched_.insert(*id);
  QUIRE_TRY(ItemTerms(*id, item));
  PendingLinks links{*id, item.post_parent, 0, item.position};
  QUIRE_TRY(ItemMeta(*id, *post, item, links));
  if (links.original_parent != 0 || links.original_thumbnail != 0) links_.push_back(links);
  QUIRE_TRY(RecordOriginalPath(item, WxrKind::kPost, *id));
  Vote(item, *type, *status, *id);
  return ImportComments(*id, item);
}

// What a published item's link says about the site: the structure and zone of its posts, and
// whether it is the front page.
void Importer::Vote(const Item& item, store::PostType type, store::PostStatus status, int64_t id) {
  if (status != store::PostStatus::kPublish) return;
  if (type == store::PostType::kPage) {
    std::optional<std::string> path = LinkPath(item.link);
    if (path && (*path == base_path_ + "/" || *path == base_path_)) front_page_ = id;
    return;
  }
  LinkFacts facts;
  facts.link = item.link;
  facts.local_date = item.post_date;
  facts.slug = item.post_name;
  facts.post_id = item.post_id;
  facts.author = item.creator;
  for (const ItemTerm& term : item.terms) {
    if (term.taxonomy == store::kCategory) facts.categories.push_back(DecodeSlug(term.slug));
    if (term.taxonomy == "language") facts.language = term.slug;
  }
  structure_votes_.Add(facts, base_path_);
  if (std::optional<int64_t> offset = LocalOffset(item)) {
    ++offset_votes_[*offset];
    std::optional<int64_t> gmt = ParseWpDate(item.post_date_gmt);
    if (gmt) offset_samples_.push_back({*gmt, *offset});
  }
}

// The item's address on the old site, from its link, so that it keeps answering (the site's
// root and plain ?p=ID links are answered otherwise).
Status Importer::RecordOriginalPath(const Item& item, WxrKind kind, int64_t quire_id) {
  std::optional<std::string> path = LinkPath(item.link);
  if (!path || *path == "/" || *path == base_path_ + "/") return {};
  QUIRE_TRY(store::AddOriginalPath(tx_, *path, kind, quire_id));
  ++report_.original_paths;
  return {};
}

// --- attachments ---

// The file's path below uploads/: _wp_attached_file, else what follows "/uploads/" in its URL,
// else "YYYY/MM/" + the URL's last segment.
std::string AttachmentPath(const Item& item) {
  for (const Meta& m : item.meta) {
    if (m.key == "_wp_attached_file" && !m.value.empty()) return m.value;
  }
  std::string_view url = item.attachment_url.empty() ? item.guid : item.attachment_url;
  if (size_t at = url.find("/uploads/"); at != std::string_view::npos) {
    return std::string(url.substr(at + 9));
  }
  std::string_view name = url.substr(url.rfind('/') + 1);
  return item.post_date.substr(0, 4) + "/" + item.post_date.substr(5, 2) + "/" + std::string(name);
}

// An integer after `"key";i:` in PHP-serialised attachment metadata (0 when absent).
int SerializedInt(std::string_view data, std::string_view key) {
  std::string needle = "\"" + std::string(key) + "\";i:";
  size_t at = data.find(needle);
  if (at == std::string_view::npos) return 0;
  size_t begin = at + needle.size(), end = data.find(';', begin);
  return static_cast<int>(util::ParseInt(data.substr(begin, end - begin)).value_or(0));
}

// A second attachment item of a file this import already gave to another one (a WordPress
// site can hold two, e.g. the same image uploaded twice): WordPress's importer imports both,
// the second download under a new name ("up-1.png" -> "up-1-1.png"), and so does this one; an
// --uploads copy then copies the same bytes to both names.
Result<std::string> Importer::CopyName(int64_t attachment, int64_t first, const std::string& file,
                                       Position at) {
  size_t slash = file.rfind('/');
  size_t dot = file.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) dot = file.size();
  for (int n = 1;; ++n) {
    std::string name = file.substr(0, dot) + "-" + std::to_string(n) + file.substr(dot);
    if (files_.contains(name)) continue;
    auto taken = store::FindMediaByFile(store_, name);
    if (!taken) return std::unexpected(taken.error());
    if (*taken) continue;
    Warn(at, "attachment " + std::to_string(attachment) + " has the same file as attachment " +
                 std::to_string(first) + " (" + file + "): imported as a copy, " + name +
                 ", as WordPress does");
    return name;
  }
}

Status Importer::OnAttachment(const Item& item) {
  if (item.post_id > 0) {
    auto mapped = store::FindWxrId(tx_, WxrKind::kMedia, source_, item.post_id);
    if (!mapped) return StatusOf(mapped);
    if (*mapped) {
      media_[item.post_id] = **mapped;
      ++report_.matched["attachments"];
      return RecordOriginalPath(item, WxrKind::kMedia, **mapped);
    }
  }
  store::Media media;
  media.file = AttachmentPath(item);
  std::string source_file = media.file;
  if (auto first = files_.find(media.file); first != files_.end()) {
    auto copy = CopyName(item.post_id, first->second, media.file, item.position);
    if (!copy) return StatusOf(copy);
    media.file = *copy;  // (free: the look-up below finds nothing)
  }
  auto same_file = store::FindMediaByFile(store_, media.file);
  if (!same_file) return StatusOf(same_file);
  if (*same_file) {
    media_[item.post_id] = (*same_file)->id;
    ++report_.matched["attachments"];
    QUIRE_TRY(RecordOriginalPath(item, WxrKind::kMedia, (*same_file)->id));
    return store::MapWxrId(tx_, WxrKind::kMedia, source_, item.post_id, (*same_file)->id);
  }
  files_.emplace(media.file, item.post_id);
  media.mime_type = MimeTypeForName(media.file);
  media.title = item.title;
  media.caption = item.excerpt;
  media.created_at =
      ParseWpDate(item.post_date_gmt).value_or(ParseWpDate(item.post_date).value_or(0));
  media.guid = item.guid;
  media.original_id = item.post_id;
  std::string login = SanitizeLogin(item.creator);
  if (!login.empty() && (!has_author_list_ || users_.contains(login))) {
    auto author = UserFor(login, nullptr, item.position);
    if (!author) return StatusOf(author);
    media.author_id = *author;
  }
  std::vector<const Meta*> kept;
  for (const Meta& m : item.meta) {
    if (m.key == "_wp_attachment_image_alt") {
      media.alt = m.value;
    } else if (m.key == "_wp_attachment_metadata") {
      media.width = SerializedInt(m.value, "width");
      media.height = SerializedInt(m.value, "height");
    } else if (m.key != "_wp_attached_file" && m.key != "_edit_lock" && m.key != "_edit_last") {
      kept.push_back(&m);
    }
  }
  if (auto parent = items_.find(item.post_parent); parent != items_.end()) {
    media.parent_post_id = parent->second;
  }
  auto id = store::SaveMedia(tx_, media);
  if (!id)
    return std::unexpected(Error{id.error().kind, Where(item.position) + id.error().message});
  media.id = *id;
  media_[item.post_id] = *id;
  ++report_.created["attachments"];
  if (media.parent_post_id == 0 && item.post_parent != 0) {
    media_parents_.push_back({media, item.post_parent});
  }
  for (const Meta* m : kept)
    QUIRE_TRY(store::AddWxrMeta(tx_, WxrKind::kMedia, *id, m->key, m->value));
  if (item.post_id > 0)
    QUIRE_TRY(store::MapWxrId(tx_, WxrKind::kMedia, source_, item.post_id, *id));
  QUIRE_TRY(RecordOriginalPath(item, WxrKind::kMedia, *id));
  std::string url = item.attachment_url.empty() ? item.guid : item.attachment_url;
  report_.files.push_back({*id, media.file, url, source_file == media.file ? "" : source_file});
  if (!item.comments.empty()) {
    report_.skipped["comments on attachments"] += static_cast<int64_t>(item.comments.size());
  }
  return {};
}

// --- comments ---

std::string StatusKey(store::CommentStatus status) {
  switch (status) {
    case store::CommentStatus::kApproved: return "comments approved";
    case store::CommentStatus::kPending: return "comments pending";
    case store::CommentStatus::kSpam: return "comments spam";
    case store::CommentStatus::kTrash: return "comments trash";
  }
  return "comments";
}

// Inserts `comment` after its parent (replies may come before their parent in the file).
// done: original id -> Quire id (0: left out); busy: the chain being inserted (a cycle of
// parents is cut and the comment goes to the top level).
Status Importer::ImportComment(int64_t post_id, const std::map<int64_t, const Comment*>& all,
                               const Comment& c, std::map<int64_t, int64_t>& done,
                               std::set<int64_t>& busy) {
  if (done.contains(c.id)) return {};
  auto mapped = store::FindWxrId(tx_, WxrKind::kComment, source_, c.id);
  if (!mapped) return StatusOf(mapped);
  if (*mapped) {
    done[c.id] = **mapped;
    ++report_.matched["comments"];
    return {};
  }
  if (c.type == "note") {
    done[c.id] = 0;
    ++report_.skipped["editorial notes (never public)"];
    return {};
  }
  auto status = ParseWpCommentStatus(c.approved);
  if (!status) {
    Warn(c.position, "comment " + std::to_string(c.id) + " has the unknown status '" + c.approved +
                         "': imported as pending");
    status = store::CommentStatus::kPending;
  }
  store::Comment record;
  record.post_id = post_id;
  if (c.parent != 0) {
    auto parent = all.find(c.parent);
    if (parent != all.end() && !busy.contains(c.parent)) {
      busy.insert(c.id);
      QUIRE_TRY(ImportComment(post_id, all, *parent->second, done, busy));
      busy.erase(c.id);
      record.parent_id = done[c.parent];
    }
    if (record.parent_id == 0) {
      Warn(c.position,
           "comment " + std::to_string(c.id) + " replies to comment " + std::to_string(c.parent) +
               ", which is not on the same item or was left out: imported at the top level");
    }
  }
  record.author = c.author;
  record.email = c.author_email;
  record.url = util::SafeUrl(c.author_url, util::UrlScope::kWebsite);
  // Old WordPress versions stored an empty website as "http://": nothing to say about that.
  std::string typed = util::ToLower(util::Trim(c.author_url));
  if (record.url.empty() && !typed.empty() && typed != "http://" && typed != "https://") {
    Warn(c.position, "comment " + std::to_string(c.id) +
                         ": its author's website is not an http(s) address: left out");
  }
  record.ip = c.author_ip;
  record.content = c.content;
  record.html = true;  // WordPress HTML: shown through the comment allowlist
  record.created_at = ParseWpDate(c.date_gmt).value_or(ParseWpDate(c.date).value_or(0));
  record.status = *status;
  if (*status == store::CommentStatus::kSpam || *status == store::CommentStatus::kTrash) {
    record.previous_status = store::CommentStatus::kPending;
  }
  if (c.user_id != 0) {
    auto user = users_by_wp_id_.find(c.user_id);
    if (user != users_by_wp_id_.end()) {
      record.user_id = user->second;
    } else if (unknown_comment_users_.insert(c.user_id).second) {
      Warn(c.position, "comments by user " + std::to_string(c.user_id) +
                           ", who is not among the file's authors, are imported as a visitor's");
    }
  }
  const bool reserved = comment_ids_.up_to > 0;
  auto id = store::InsertCommentPreferringId(
      tx_, record, c.id, reserved ? comment_ids_.renumber_above : counts_.max_comment_id,
      comment_ids_.up_to);
  if (!id) return std::unexpected(Error{id.error().kind, Where(c.position) + id.error().message});
  done[c.id] = *id;
  ++report_.created[StatusKey(*status)];
  if (c.id > 0 && *id != c.id) ++report_.renumbered_comments;
  if (c.id > 0) QUIRE_TRY(store::MapWxrId(tx_, WxrKind::kComment, source_, c.id, *id));
  if (!c.type.empty() && c.type != "comment") QUIRE_TRY(store::SetCommentType(tx_, *id, c.type));
  for (const Meta& m : c.meta) {
    QUIRE_TRY(store::AddWxrMeta(tx_, WxrKind::kComment, *id, m.key, m.value));
  }
  return {};
}

Status Importer::ImportComments(int64_t post_id, const Item& item) {
  if (item.comments.empty()) return {};
  std::map<int64_t, const Comment*> all;  // by original id: inserted oldest id first
  for (const Comment& c : item.comments) all.emplace(c.id, &c);
  std::map<int64_t, int64_t> done;
  std::set<int64_t> busy;
  int64_t before = 0, after = 0;
  for (const auto& [kind, n] : report_.created) before += kind.starts_with("comments") ? n : 0;
  for (const auto& [id, c] : all) QUIRE_TRY(ImportComment(post_id, all, *c, done, busy));
  for (const auto& [kind, n] : report_.created) after += kind.starts_with("comments") ? n : 0;
  if (after != before) commented_.insert(post_id);
  return {};
}

// --- after the last item ---

Status Importer::FixLinks() {
  for (const PendingLinks& l : links_) {
    int64_t parent = 0, featured = 0;
    if (l.original_parent != 0) {
      auto found = items_.find(l.original_parent);
      if (found != items_.end() && found->second != l.post_id) {
        parent = found->second;
      } else {
        Warn(l.position, "the parent item " + std::to_string(l.original_parent) +
                             " is not in the file: imported at the top level");
      }
    }
    if (l.original_thumbnail != 0) {
      auto found = media_.find(l.original_thumbnail);
      if (found != media_.end()) {
        featured = found->second;
      } else {
        Warn(l.position, "the featured image " + std::to_string(l.original_thumbnail) +
                             " is not in the file: left out");
      }
    }
    if (parent != 0 || featured != 0)
      QUIRE_TRY(store::SetPostLinks(tx_, l.post_id, parent, featured));
  }
  for (auto& [media, original_parent] : media_parents_) {
    auto found = items_.find(original_parent);
    if (found == items_.end()) continue;  // uploaded to an item that was not exported
    media.parent_post_id = found->second;
    auto saved = store::SaveMedia(tx_, media);
    if (!saved) return StatusOf(saved);
  }
  return {};
}

// Each new item's change tags, and post:ID, front and comments for items given comments; past
// kTagEachItemUpTo items, one "*" (everything) instead: a large import changes most pages
// anyway, and its tags would outrun the change log the server catches up from.
Status Importer::RecordChanges() {
  if (new_items_.size() + commented_.size() > kTagEachItemUpTo) return tx_.RecordChange("*");
  for (int64_t id : new_items_) QUIRE_TRY(store::RecordItemChange(tx_, id));
  for (int64_t id : commented_) QUIRE_TRY(tx_.RecordChange("post:" + std::to_string(id)));
  if (commented_.empty()) return {};
  QUIRE_TRY(tx_.RecordChange("front"));
  return tx_.RecordChange("comments");
}

// The site's time zone, on a site that had no items (as the permalink structure: its local
// dates are in the URLs): the IANA zone whose rules give each published post's own offset
// (wp:post_date - wp:post_date_gmt) when one gives more posts than any fixed offset does (the
// site had daylight saving), else the offset most posts show as gmt_offset.
Status Importer::ChooseZone() {
  if (offset_votes_.empty() || !site_was_empty_) return {};
  if (std::optional<content::ZoneGuess> zone = content::GuessZone(offset_samples_)) {
    QUIRE_TRY(tx_.SetSetting("timezone_string", zone->name));
    report_.notes.push_back(fmt::format(
        "Time zone set to {} (its daylight saving gives {} of {} posts' dates; a zone with the "
        "same rules gives the same addresses)",
        zone->name, zone->matched, offset_samples_.size()));
    return tx_.RecordChange("*");
  }
  auto best = std::max_element(offset_votes_.begin(), offset_votes_.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  QUIRE_TRY(tx_.SetSetting("gmt_offset", fmt::format("{}", best->first / 3600.0)));
  QUIRE_TRY(tx_.SetSetting("timezone_string", ""));
  if (best->first != 0) {
    report_.notes.push_back(fmt::format("Time zone set to UTC{:+g}", best->first / 3600.0));
  }
  return tx_.RecordChange("*");
}

// The structure most of the file's published posts show becomes the site's, but only when the
// site had no items before (changing it later would move existing posts' URLs), when more than
// half of them follow it, and when Quire can express it. Every item's old address was recorded
// (RecordOriginalPath): what the structure does not give answers with a 301.
Status Importer::ChoosePermalinks() {
  QUIRE_TRY(ChooseZone());
  if (!base_path_.empty()) {
    QUIRE_TRY(store::AddDroppedBase(tx_, base_path_));
    report_.notes.push_back(
        options_.keep_base_path
            ? "The blog was installed under " + base_path_ + "/: posts keep it in their " +
                  "addresses (--keep-base-path); pages, archives and feeds are at the root " +
                  "and their old " + base_path_ + "/... addresses answer 301"
            : "The blog was installed under " + base_path_ + "/: it is now served at the " +
                  "site's root and every old " + base_path_ + "/... address answers 301 with " +
                  "its new one (--keep-base-path keeps " + base_path_ + " in post addresses)");
  }
  std::optional<StructureVotes::Choice> best = structure_votes_.Best();
  if (!best) return {};
  std::string structure = (options_.keep_base_path ? base_path_ : "") + best->structure;
  std::string share = fmt::format("{} of {} posts", best->votes, best->total);
  if (!best->languages.empty()) {
    std::string prefixes;
    for (const std::string& language : best->languages) prefixes += " /" + language + "/";
    report_.notes.push_back("Posts under the language prefix" + prefixes +
                            " are at the same structure without it; their old addresses " +
                            "answer 301");
  }
  if (!site_was_empty_) {
    report_.warnings.push_back(options_.file + ": the file's posts use the permalink structure " +
                               structure +
                               "; the site already had items, so its structure was kept");
    return {};
  }
  if (!best->expressible || !best->majority) {
    report_.notes.push_back(
        "The file's posts use the permalink structure " + structure + " (" + share + "), " +
        (best->expressible ? "not most of them" : "which Quire cannot express") +
        ": the structure was left as it was; every old address answers 301");
    return {};
  }
  QUIRE_TRY(tx_.SetSetting("permalink_structure", structure));
  QUIRE_TRY(tx_.RecordChange("*"));
  report_.permalink_structure = structure;
  if (best->votes < best->total) {
    report_.notes.push_back(
        fmt::format("{} posts' links did not follow {}: their old addresses answer 301",
                    best->total - best->votes, structure));
  }
  return {};
}

// On a site that had no items: the page whose link was the site's root becomes the static
// front page, and the file's title and tagline the site's.
Status Importer::AdoptSite() {
  if (!site_was_empty_) return {};
  if (front_page_ > 0) {
    QUIRE_TRY(tx_.SetSetting("show_on_front", "page"));
    QUIRE_TRY(tx_.SetSetting("page_on_front", std::to_string(front_page_)));
    report_.notes.push_back(
        fmt::format("Page {} is the static front page, as it was", front_page_));
  }
  if (!util::Trim(channel_.title).empty()) {
    QUIRE_TRY(tx_.SetSetting("blogname", std::string(util::Trim(channel_.title))));
    QUIRE_TRY(tx_.SetSetting("blogdescription", std::string(util::Trim(channel_.description))));
    report_.notes.push_back("Site title set to \"" + std::string(util::Trim(channel_.title)) +
                            "\"");
  }
  return tx_.RecordChange("*");
}

// A new site's untouched sample post (and its sample comment) gives way to the file: it is
// deleted, so the file's own post 1, /hello-world/ and #comment-1 keep their numbers and slugs.
Status Importer::ReplaceSample() {
  auto count = store::CountItems(tx_);
  if (!count) return StatusOf(count);
  site_was_empty_ = *count == 0;
  if (*count != 1 || options_.sample_slug.empty()) return {};
  auto sample = store::FindBySlug(store_, store::PostType::kPost, options_.sample_slug);
  if (!sample) return StatusOf(sample);
  if (!*sample || !(*sample)->guid.empty()) return {};
  if ((*sample)->modified_at != (*sample)->published_at) return {};  // edited: kept
  auto comments = store::CountComments(tx_);
  if (!comments) return StatusOf(comments);
  if (*comments > 1) return {};
  QUIRE_TRY(store::RecordItemChange(tx_, (*sample)->id));
  QUIRE_TRY(store::DeleteItemForImport(tx_, (*sample)->id));
  site_was_empty_ = true;
  report_.notes.push_back("The new site's sample post \"" + (*sample)->title +
                          "\" and its comment were removed");
  return {};
}

Status Importer::Run() {
  auto opened = Reader::Open(options_.file);
  if (!opened) return StatusOf(opened);
  ReadAhead reader(std::move(*opened));
  report_.bytes = reader.file_bytes();
  QUIRE_TRY(ReplaceSample());
  int64_t items = 0;
  for (;;) {
    ReadAhead::Read read = reader.Next();
    const Result<std::optional<Entry>>& entry = read.entry;
    if (!entry) return StatusOf(entry);
    if (!*entry) break;
    if (source_.empty()) {
      const Channel& channel = reader.channel();
      channel_base_ = channel.base_blog_url.empty() ? channel.base_site_url : channel.base_blog_url;
      source_ = channel_base_.empty() ? channel.link : channel_base_;
      channel_ = channel;
      base_path_ = BasePath(channel_base_.empty() ? channel.link : channel_base_);
    }
    Status status;
    if (const Author* a = std::get_if<Author>(&**entry)) status = OnAuthor(*a);
    if (const Term* t = std::get_if<Term>(&**entry)) status = OnTerm(*t);
    if (const Item* i = std::get_if<Item>(&**entry)) {
      status = OnItem(*i);
      ++items;
      if (options_.progress) options_.progress(read.bytes_read, report_.bytes, items);
    }
    if (!status) return std::unexpected(EntryError(options_.file, **entry, status.error()));
  }
  if (!terms_finished_) QUIRE_TRY(FinishTermParents());
  QUIRE_TRY(FixLinks());
  QUIRE_TRY(RecordChanges());
  QUIRE_TRY(ChoosePermalinks());
  return AdoptSite();
}

// The page cache of the import's connection, in KiB (QUIRE_IMPORT_CACHE_KIB overrides, for
// measuring).
int64_t ImportCacheKib() {
  const char* value = std::getenv("QUIRE_IMPORT_CACHE_KIB");
  if (value != nullptr) return util::ParseInt(value).value_or(kImportCacheKib);
  return kImportCacheKib;
}

}  // namespace

Result<ImportReport> Import(store::Store& store, const ImportOptions& options) {
  // A first pass checks the whole file, so that a malformed one never opens a write at all
  // (the data folder stays byte-for-byte as it was, not merely rolled back).
  Result<Counts> checked = CountFile(options.file);
  if (!checked) return std::unexpected(checked.error());
  ImportReport report;
  // Staged (store/staged_write.h): the import runs on a copy of the database and lands in one
  // short transaction, so a running server's comments never wait for the whole import.
  store::StagedWriteOptions staged;
  staged.comments = checked->comments;
  staged.comment_ids_kept_up_to = checked->max_comment_id;
  staged.apply = !options.dry_run;
  Status status = store::StagedWrite(
      store, staged,
      [&](store::Store& copy, store::Transaction& tx, const store::CommentIds& ids) -> Status {
        report = ImportReport{};
        Importer importer(copy, tx, options, report, *checked, ids);
        if (Status s = store::SetImportCache(tx, ImportCacheKib()); !s) return s;
        Status ran = importer.Run();
        if (Status s = store::SetImportCache(tx, 0); !s && ran) ran = s;
        return ran;
      });
  if (!status) return std::unexpected(status.error());
  report.rolled_back = options.dry_run;
  // What the reader repaired (reader.h) comes first among the warnings.
  report.warnings.insert(report.warnings.begin(), checked->repairs.begin(), checked->repairs.end());
  return report;
}

}  // namespace quire::wxr
