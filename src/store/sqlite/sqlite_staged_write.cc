// SQLite's StagedWrite (store/staged_write.h): a snapshot copy made with the backup API, the
// job's changes recorded by the session extension while it runs on the copy, the changeset
// applied to the live database by the store's writer (Writer::Mode::kAlone).
//
// Debian's libsqlite3 is built with the session extension (PRAGMA compile_options lists
// ENABLE_SESSION); its header declares the functions only when asked to, below.
#ifndef SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_SESSION 1
#endif
#ifndef SQLITE_ENABLE_PREUPDATE_HOOK
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#endif
#include <sqlite3.h>
// (the session part of sqlite3.h sits outside its include guard, so this works even when
// another header included sqlite3.h first)

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "store/sqlite/backend.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/select.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/sqlite_transaction.h"
#include "store/staged_write.h"
#include "store/wxr_ids.h"

namespace quire::store {
namespace {

using sqlite::Connection;

// Return the error of a Status or Result, from a function returning either.
#define STAGED_TRY(expr)                                   \
  do {                                                     \
    if (auto&& staged_r = (expr); !staged_r) {             \
      return std::unexpected(std::move(staged_r.error())); \
    }                                                      \
  } while (0)
#define STAGED_CONCAT_(a, b) a##b
#define STAGED_CONCAT(a, b) STAGED_CONCAT_(a, b)
// Declares `lhs` from a Result's value, or returns its error.
#define STAGED_ASSIGN(lhs, expr)                                                  \
  auto STAGED_CONCAT(staged_v, __LINE__) = (expr);                                \
  if (!STAGED_CONCAT(staged_v, __LINE__)) {                                       \
    return std::unexpected(std::move(STAGED_CONCAT(staged_v, __LINE__).error())); \
  }                                                                               \
  /* lhs may be a declaration ("int64_t n"), which parentheses would break: */    \
  lhs = std::move(*STAGED_CONCAT(staged_v, __LINE__))  // NOLINT(bugprone-macro-parentheses)

// What the job on the copy returns to have its transaction rolled back (the copy is thrown
// away; rolling back spares its commit and fsync).
constexpr std::string_view kRollBackCopy = "staged write: the copy is not kept";

// The page cache of the writer's connection while it applies a changeset, in KiB.
constexpr int64_t kApplyCacheKib = 64 * 1024;

// The copy's file and its companions are removed however the write ends.
class CopyFile {
 public:
  explicit CopyFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~CopyFile() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::error_code ignored;
      std::filesystem::remove(path_.string() + suffix, ignored);
    }
  }
  CopyFile(const CopyFile&) = delete;
  CopyFile& operator=(const CopyFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Beside the live file (same file system, same private folder): quire.db.staging-PID-N.
std::filesystem::path CopyPath(const std::filesystem::path& live) {
  static std::atomic<int> counter{0};
  return live.string() + ".staging-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter.fetch_add(1));
}

// What a failed copy's message adds, so that the operator knows what to free or change.
constexpr std::string_view kCopyNeedsRoom =
    "an import works on a copy of the database beside it, so the data folder needs free space "
    "for one more database of the site's size and must be writable";

// Copies a consistent snapshot of the live database to `to` (created 0600: it holds what the
// live file holds). A pooled read connection reads it; in WAL mode that blocks no writer.
Status Snapshot(Store& live, const std::filesystem::path& to) {
  int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(ErrorKind::kUnavailable, "cannot create the import's working copy " + to.string() +
                                             ": " + std::strerror(errno) + " (" +
                                             std::string(kCopyNeedsRoom) + ")");
  }
  ::close(fd);
  sqlite3* dest = nullptr;
  int rc = sqlite3_open_v2(to.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error error = sqlite::SqliteError(dest, rc, "opening the working copy " + to.string());
    sqlite3_close(dest);
    return std::unexpected(std::move(error));
  }
  Status copied = sqlite::WithReadConnection(live, [&](Connection& source) -> Status {
    sqlite3_backup* backup = sqlite3_backup_init(dest, "main", source.db(), "main");
    if (backup == nullptr) {
      return std::unexpected(
          sqlite::SqliteError(dest, sqlite3_errcode(dest), "starting the working copy"));
    }
    int step = sqlite3_backup_step(backup, -1);
    int finish = sqlite3_backup_finish(backup);
    if (step != SQLITE_DONE) {
      return Fail(ErrorKind::kUnavailable, std::string("copying the database to ") + to.string() +
                                               ": " + sqlite3_errstr(step) + " (" +
                                               std::string(kCopyNeedsRoom) + ")");
    }
    if (finish != SQLITE_OK) {
      return std::unexpected(sqlite::SqliteError(dest, finish, "finishing the working copy"));
    }
    return {};
  });
  sqlite3_close(dest);
  return copied;
}

// Reserves comment ids in the live database (store/staged_write.h): its sequence moves past
// the range, so comments posted from now on get ids above it.
Result<CommentIds> Reserve(Store& live, const StagedWriteOptions& options) {
  CommentIds ids;
  Status reserved = live.WriteSync([&](Transaction& tx) -> Status {
    STAGED_ASSIGN(Connection * c, sqlite::WriteConnection(tx));
    STAGED_ASSIGN(int64_t sequence,
                  sqlite::SelectCount(*c,
                                      "SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence "
                                      "WHERE name = 'comments'",
                                      "reading the comment sequence"));
    STAGED_ASSIGN(int64_t largest,
                  sqlite::SelectCount(*c, "SELECT COALESCE(MAX(id), 0) FROM comments",
                                      "finding the largest comment id"));
    ids.kept_up_to = options.comment_ids_kept_up_to;
    ids.renumber_above = std::max({sequence, largest, options.comment_ids_kept_up_to});
    ids.up_to = ids.renumber_above + std::max<int64_t>(options.comments, 0);
    Result<sqlite::Query> insert = c->Prepare(
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'comments', 0 "
        "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'comments')");
    STAGED_TRY(insert);
    STAGED_TRY(insert->Run("starting the comment sequence"));
    Result<sqlite::Query> update =
        c->Prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'comments'");
    STAGED_TRY(update);
    update->Bind(ids.up_to);
    return update->Run("reserving comment ids");
  });
  if (!reserved) return std::unexpected(std::move(reserved.error()));
  return ids;
}

// The names of the virtual tables (full-text indexes): their shadow tables are left out of
// the changeset, since the live database's triggers rebuild them when the rows are applied.
Result<std::vector<std::string>> VirtualTables(Connection& c) {
  Result<sqlite::Query> query = c.Prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'");
  STAGED_TRY(query);
  std::vector<std::string> names;
  for (;;) {
    STAGED_ASSIGN(bool row, query->Step("listing virtual tables"));
    if (!row) return names;
    names.push_back(query->Text(0));
  }
}

// The tables whose changes the changeset carries: every table of the schema except SQLite's
// own, the change log (the apply records the job's tags anew, with live ids) and the shadow
// tables of virtual tables.
struct Recorded {
  std::vector<std::string> virtual_tables;

  bool Wants(std::string_view table) const {
    if (table == "changes" || table.starts_with("sqlite_")) return false;
    return std::none_of(virtual_tables.begin(), virtual_tables.end(), [&](const std::string& v) {
      return table == v ||
             (table.starts_with(v) && table.size() > v.size() && table[v.size()] == '_');
    });
  }
  static int Filter(void* context, const char* table) {
    return static_cast<const Recorded*>(context)->Wants(table) ? 1 : 0;
  }
};

// A session recording the changes made on one connection; deleted with this object.
class Session {
 public:
  ~Session() {
    if (session_ != nullptr) sqlite3session_delete(session_);
  }
  Status Start(sqlite3* db, Recorded& recorded) {
    int rc = sqlite3session_create(db, "main", &session_);
    if (rc == SQLITE_OK) {
      sqlite3session_table_filter(session_, &Recorded::Filter, &recorded);
      rc = sqlite3session_attach(session_, nullptr);
    }
    if (rc != SQLITE_OK) return std::unexpected(sqlite::SqliteError(db, rc, "recording changes"));
    return {};
  }
  Result<std::string> Changeset(sqlite3* db) {
    int size = 0;
    void* bytes = nullptr;
    int rc = sqlite3session_changeset(session_, &size, &bytes);
    if (rc != SQLITE_OK) {
      sqlite3_free(bytes);
      return std::unexpected(sqlite::SqliteError(db, rc, "collecting the recorded changes"));
    }
    std::string changeset(static_cast<const char*>(bytes), static_cast<size_t>(size));
    sqlite3_free(bytes);
    return changeset;
  }

 private:
  sqlite3_session* session_ = nullptr;
};

struct Staged {
  std::string changeset;
  std::vector<std::string> tags;  // the change-log tags the job recorded
};

// Runs the job on the copy at `path` with its changes recorded, then rolls the copy back.
Result<Staged> RunOnCopy(const std::filesystem::path& path, const CommentIds& ids,
                         const StagedJob& job) {
  SqliteOptions copy_options;
  copy_options.file = path;
  auto copy = OpenSqlite(copy_options);
  if (!copy) return std::unexpected(std::move(copy.error()));
  Staged staged;
  Status outcome;  // the job's own
  Status ran = (*copy)->WriteSync([&](Transaction& tx) -> Status {
    Connection* c = sqlite::ConnectionOf(tx);
    auto* sqlite_tx = dynamic_cast<sqlite::SqliteTransaction*>(&tx);
    if (c == nullptr || sqlite_tx == nullptr) {
      return Fail(ErrorKind::kInternal, "a staged write ran on a store of another kind");
    }
    Recorded recorded;
    STAGED_ASSIGN(recorded.virtual_tables, VirtualTables(*c));
    Session session;
    STAGED_TRY(session.Start(c->db(), recorded));
    outcome = job(**copy, tx, ids);
    if (!outcome) return outcome;
    STAGED_ASSIGN(staged.changeset, session.Changeset(c->db()));
    staged.tags = sqlite_tx->tags();
    return Fail(ErrorKind::kConflict, std::string(kRollBackCopy));
  });
  (*copy)->Close();
  if (!outcome) return std::unexpected(std::move(outcome.error()));
  if (!ran && ran.error().message != kRollBackCopy) return std::unexpected(std::move(ran.error()));
  return staged;
}

// How the apply meets the live site's own changes (sqlite3changeset_apply's conflict handler).
struct Conflicts {
  std::string first;  // the first change it could not apply, for the message

  static int Handle(void* context, int kind, sqlite3_changeset_iter* change) {
    const char* table = "";
    int columns = 0, op = 0, indirect = 0;
    sqlite3changeset_op(change, &table, &columns, &op, &indirect);
    std::string_view name(table);
    // Term counts are kept by triggers, which run again as the rows are applied: take the
    // copy's value for now; RecountTerms sets every count right before the commit.
    if (kind == SQLITE_CHANGESET_DATA && name == "terms") return SQLITE_CHANGESET_REPLACE;
    // A row the job deleted that the live site deleted too: nothing left to do.
    if (kind == SQLITE_CHANGESET_NOTFOUND && op == SQLITE_DELETE) return SQLITE_CHANGESET_OMIT;
    auto* self = static_cast<Conflicts*>(context);
    if (self->first.empty()) self->first = Describe(kind, name, op, change);
    return SQLITE_CHANGESET_ABORT;
  }

  static std::string Describe(int kind, std::string_view table, int op,
                              sqlite3_changeset_iter* change) {
    const char* verb = op == SQLITE_INSERT   ? "adding"
                       : op == SQLITE_DELETE ? "deleting"
                                             : "changing";
    std::string what = std::string(verb) + " a row of " + std::string(table);
    sqlite3_value* key = nullptr;
    if (op == SQLITE_INSERT ? sqlite3changeset_new(change, 0, &key) == SQLITE_OK
                            : sqlite3changeset_old(change, 0, &key) == SQLITE_OK) {
      if (key != nullptr && sqlite3_value_type(key) == SQLITE_INTEGER) {
        what += " (id " + std::to_string(sqlite3_value_int64(key)) + ")";
      }
    }
    switch (kind) {
      case SQLITE_CHANGESET_DATA: return what + ": the site changed that row meanwhile";
      case SQLITE_CHANGESET_NOTFOUND: return what + ": the site deleted that row meanwhile";
      case SQLITE_CHANGESET_CONFLICT:
        return what + ": the site added a row with the same key meanwhile";
      case SQLITE_CHANGESET_CONSTRAINT:
        return what + ": it breaks a rule (e.g. a slug the site took meanwhile)";
      default: return what + ": a reference the site changed meanwhile";
    }
  }
};

// Every term's count from its published items (what the triggers keep, recomputed).
Status RecountTerms(Connection& c) {
  Result<sqlite::Query> query = c.Prepare(
      "UPDATE terms SET count = counted.n FROM (SELECT t.id AS id, "
      "(SELECT COUNT(*) FROM post_terms pt JOIN posts p ON p.id = pt.post_id "
      "WHERE pt.term_id = t.id AND p.status = 'publish') AS n FROM terms t) "
      "AS counted WHERE counted.id = terms.id AND terms.count <> counted.n");
  STAGED_TRY(query);
  return query->Run("recounting terms");
}

// Foreign keys were off while the changeset was applied: a row of the job that refers to one
// the live site deleted meanwhile (or a live row referring to one the job deleted) is a
// conflict.
Status CheckReferences(Connection& c) {
  Result<sqlite::Query> check = c.Prepare("PRAGMA foreign_key_check");
  STAGED_TRY(check);
  STAGED_ASSIGN(bool broken, check->Step("checking references"));
  if (!broken) return {};
  return Fail(ErrorKind::kConflict, "a row of " + check->Text(0) + " (id " +
                                        std::to_string(check->Int(1)) + ") refers to a row of " +
                                        check->Text(2) + " that is gone");
}

// The changeset, then what the triggers and foreign keys would have kept, then the tags.
Status ApplyChanges(Transaction& tx, Connection& c, const Staged& staged) {
  Conflicts conflicts;
  // No savepoint of its own: the job is the writer's whole transaction (Writer::Mode::kAlone),
  // rolled back if it fails.
  int rc = sqlite3changeset_apply_v2(
      c.db(), static_cast<int>(staged.changeset.size()), const_cast<char*>(staged.changeset.data()),
      nullptr, &Conflicts::Handle, &conflicts, nullptr, nullptr, SQLITE_CHANGESETAPPLY_NOSAVEPOINT);
  if (rc != SQLITE_OK) {
    if (!conflicts.first.empty()) return Fail(ErrorKind::kConflict, conflicts.first);
    return std::unexpected(sqlite::SqliteError(c.db(), rc, "applying the import"));
  }
  STAGED_TRY(RecountTerms(c));
  STAGED_TRY(CheckReferences(c));
  for (const std::string& tag : staged.tags) STAGED_TRY(tx.RecordChange(tag));
  return {};
}

Status Apply(Store& live, const Staged& staged) {
  return sqlite::WriteAlone(live, [&](Transaction& tx) -> Status {
    STAGED_ASSIGN(Connection * c, sqlite::WriteConnection(tx));
    // A large changeset's rows arrive in no particular key order: enough cache that the
    // indexes it touches stay in memory instead of spilling to the WAL and being read back.
    STAGED_TRY(SetImportCache(tx, kApplyCacheKib));
    Status applied = ApplyChanges(tx, *c, staged);
    Status reset = SetImportCache(tx, 0);  // however the apply went
    if (!applied) return applied;
    return reset;
  });
}

// A store without staging: the job in one ordinary write.
Status RunDirectly(Store& live, const StagedWriteOptions& options, const StagedJob& job) {
  Status status = live.WriteSync([&](Transaction& tx) -> Status {
    STAGED_TRY(job(live, tx, CommentIds{}));
    if (!options.apply) return Fail(ErrorKind::kConflict, std::string(kRollBackCopy));
    return {};
  });
  if (!status && status.error().message == kRollBackCopy) return {};
  return status;
}

}  // namespace

Status StagedWrite(Store& live, const StagedWriteOptions& options, const StagedJob& job) {
  const std::filesystem::path file = sqlite::DatabaseFileOf(live);
  if (file.empty() || !std::filesystem::exists(file)) return RunDirectly(live, options, job);
  const int attempts = std::max(options.attempts, 1);
  std::string conflict;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    CommentIds ids;
    if (options.apply) {
      STAGED_ASSIGN(ids, Reserve(live, options));
    }
    CopyFile copy(CopyPath(file));
    STAGED_TRY(Snapshot(live, copy.path()));
    STAGED_ASSIGN(Staged staged, RunOnCopy(copy.path(), ids, job));
    if (!options.apply) return {};
    auto start = std::chrono::steady_clock::now();
    Status applied = Apply(live, staged);
    spdlog::info("store: staged write: a {:.1f} MB changeset applied in {} ms ({})",
                 static_cast<double>(staged.changeset.size()) / 1e6,
                 std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - start)
                     .count(),
                 applied ? "committed" : applied.error().message);
    if (applied || applied.error().kind != ErrorKind::kConflict) return applied;
    conflict = applied.error().message;
    spdlog::warn("store: a staged write met the site's own changes (run {} of {}): {}", attempt,
                 attempts, conflict);
  }
  return Fail(ErrorKind::kConflict, "the site changed the same records while this ran, " +
                                        std::to_string(attempts) + " times; the last: " + conflict +
                                        ". Nothing was changed; try again");
}

#undef STAGED_ASSIGN
#undef STAGED_CONCAT
#undef STAGED_CONCAT_
#undef STAGED_TRY

}  // namespace quire::store
