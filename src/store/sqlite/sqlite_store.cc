#include "store/sqlite/sqlite_store.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <atomic>
#include <future>
#include <mutex>
#include <utility>

#include "store/sqlite/backend.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/read_pool.h"
#include "store/sqlite/sqlite_transaction.h"
#include "store/sqlite/writer.h"
#include "util/mutex.h"

namespace quire::store {
namespace {

using sqlite::Connection;

// A file's identity: the same path may name another file after a rename over it.
struct FileId {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const FileId&) const = default;
};

std::optional<FileId> IdOf(const std::filesystem::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return std::nullopt;
  return FileId{info.st_dev, info.st_ino};
}

class SqliteStore final : public Store {
 public:
  SqliteStore(const SqliteOptions& options, std::unique_ptr<Connection> write_connection,
              int migrations_applied)
      : file_(options.file),
        file_id_(IdOf(options.file)),
        write_connection_(std::move(write_connection)),
        writer_(*write_connection_, options.max_batch),
        readers_(options.file, options.busy_timeout_ms),
        migrations_applied_(migrations_applied) {}
  ~SqliteStore() override { Close(); }

  // A write is acknowledged only while the file at the path is still the one this store opened
  // (checked again after the commit, before `done`): a commit into a file that was replaced
  // meanwhile would be lost with it, so it is answered kUnavailable instead.
  void Write(WriteJob job, WriteDone done) override {
    if (Status file = CheckFile(); !file) return done(std::move(file));
    writer_.Submit(std::move(job), [this, done = std::move(done)](Status status) mutable {
      if (status) {
        if (Status file = CheckFile(); !file) return done(std::move(file));
      }
      done(std::move(status));
    });
  }

  // kUnavailable from the first time the file at the path is not the one opened (replaced or
  // removed); logged once. Every later write is refused: restart to use the new file.
  Status CheckFile() {
    if (!file_id_) return {};  // not a file on disk
    if (!replaced_.load(std::memory_order_acquire)) {
      std::optional<FileId> now = IdOf(file_);
      if (now && now == file_id_) return {};
      if (!replaced_.exchange(true)) {
        spdlog::error(
            "store: {} was {} while Quire was running; writes are refused from now on (503) so "
            "that nothing is acknowledged into a file that is gone. Restart Quire to use the file "
            "now at that path; to copy a live database use sqlite3's .backup",
            file_.string(), now ? "replaced by another file" : "removed");
      }
    }
    return Fail(ErrorKind::kUnavailable,
                "the database file " + file_.string() +
                    " was replaced or removed while Quire was running; writes are refused "
                    "until Quire is restarted");
  }

  Status WriteSync(WriteJob job) override {
    std::promise<Status> promise;
    std::future<Status> future = promise.get_future();
    Write(std::move(job), [&promise](Status status) { promise.set_value(std::move(status)); });
    return future.get();
  }

  // WriteSync in a transaction of its own, foreign keys off (sqlite/backend.h WriteAlone).
  Status WriteAloneSync(WriteJob job) {
    if (Status file = CheckFile(); !file) return file;
    std::promise<Status> promise;
    std::future<Status> future = promise.get_future();
    writer_.Submit(
        std::move(job), [&promise](Status status) { promise.set_value(std::move(status)); },
        sqlite::Writer::Mode::kAlone);
    Status status = future.get();
    if (status) {
      if (Status file = CheckFile(); !file) return file;
    }
    return status;
  }

  const std::filesystem::path& file() const { return file_; }

  Result<std::optional<Post>> FindPost(int64_t id) override {
    return Read([&](Connection& c) { return sqlite::SelectPost(c, id); });
  }
  Result<std::optional<Post>> FindPostBySlug(std::string_view slug) override {
    return Read([&](Connection& c) { return sqlite::SelectPostBySlug(c, slug); });
  }
  Result<std::vector<Post>> ListPublished(int offset, int limit) override {
    return Read([&](Connection& c) { return sqlite::SelectPublished(c, offset, limit); });
  }
  Result<int64_t> CountPublished() override {
    return Read([](Connection& c) { return sqlite::CountPublished(c); });
  }
  Result<std::optional<Comment>> FindComment(int64_t id) override {
    return Read([&](Connection& c) { return sqlite::SelectComment(c, id); });
  }
  Result<std::vector<Comment>> ListComments(const CommentQuery& query) override {
    return Read([&](Connection& c) { return sqlite::SelectComments(c, query); });
  }
  Result<int64_t> CountApprovedComments(int64_t post_id) override {
    return Read([&](Connection& c) { return sqlite::CountApprovedComments(c, post_id); });
  }
  Result<std::vector<Comment>> ListCommentsByStatus(std::optional<CommentStatus> status, int offset,
                                                    int limit) override {
    return Read(
        [&](Connection& c) { return sqlite::SelectCommentsByStatus(c, status, offset, limit); });
  }
  Result<std::optional<User>> FindUser(int64_t id) override {
    return Read([&](Connection& c) { return sqlite::SelectUser(c, id); });
  }
  Result<std::optional<User>> FindUserByLogin(std::string_view login) override {
    return Read([&](Connection& c) { return sqlite::SelectUserByLogin(c, login); });
  }
  Result<std::map<std::string, std::string>> LoadSettings() override {
    return Read([](Connection& c) { return sqlite::SelectSettings(c); });
  }
  Result<int64_t> LatestChange() override {
    return Read([](Connection& c) { return sqlite::SelectLatestChange(c); });
  }
  Result<std::vector<Change>> ChangesSince(int64_t change_id) override {
    return Read([&](Connection& c) { return sqlite::SelectChangesSince(c, change_id); });
  }

  void OnCommit(std::function<void(const std::vector<std::string>& tags)> listener) override {
    writer_.SetListener(std::move(listener));
  }

  void Close() override {
    util::MutexLock lock(close_mutex_);
    if (closed_) return;
    closed_ = true;
    writer_.Stop();
    readers_.Close();
    Status checkpoint =
        write_connection_->Run("PRAGMA wal_checkpoint(TRUNCATE)", "checkpointing the WAL");
    if (!checkpoint && checkpoint.error().kind != ErrorKind::kUnavailable) {
      spdlog::warn("store: {}", checkpoint.error().message);
    }
    write_connection_.reset();
  }

  Status WithRead(const std::function<Status(Connection&)>& read) {
    return Read([&](Connection& c) { return read(c); });
  }

  SqliteStats Stats() const {
    const sqlite::WriterCounters& counters = writer_.counters();
    SqliteStats stats;
    stats.commits = counters.commits.load();
    stats.jobs_committed = counters.jobs_committed.load();
    stats.jobs_failed = counters.jobs_failed.load();
    stats.batches_failed = counters.batches_failed.load();
    stats.largest_batch = counters.largest_batch.load();
    stats.migrations_applied = migrations_applied_;
    stats.schema_version = static_cast<int>(sqlite::Migrations().size());
    return stats;
  }

 private:
  // Runs a read on a pooled read-only connection.
  template <typename F>
  auto Read(F&& read) -> decltype(read(std::declval<Connection&>())) {
    auto lease = readers_.Acquire();
    if (!lease) return std::unexpected(std::move(lease.error()));
    return read(**lease);
  }

  const std::filesystem::path file_;
  const std::optional<FileId> file_id_;  // the file opened; nullopt for ":memory:"-like paths
  std::atomic<bool> replaced_{false};    // once true, stays true
  std::unique_ptr<Connection> write_connection_;  // the writer's until Close()
  sqlite::Writer writer_;
  sqlite::ReadPool readers_;
  const int migrations_applied_;
  util::Mutex close_mutex_;
  bool closed_ QUIRE_GUARDED_BY(close_mutex_) = false;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqlite(const SqliteOptions& options) {
  auto connection =
      Connection::Open(options.file, Connection::Mode::kReadWrite, options.busy_timeout_ms);
  if (!connection) return std::unexpected(std::move(connection.error()));
  Result<int> migrated = sqlite::Migrate(**connection);
  if (!migrated) {
    migrated.error().message += " (migrating " + options.file.string() + ")";
    return std::unexpected(std::move(migrated.error()));
  }
  return std::make_unique<SqliteStore>(options, std::move(*connection), *migrated);
}

namespace sqlite {

Status WithReadConnection(Store& store, const std::function<Status(Connection&)>& read) {
  auto* sqlite_store = dynamic_cast<SqliteStore*>(&store);
  if (sqlite_store == nullptr) {
    return Fail(ErrorKind::kInternal, "an SQLite query was asked of a store of another kind");
  }
  return sqlite_store->WithRead(read);
}

Connection* ConnectionOf(Transaction& tx) {
  auto* sqlite_tx = dynamic_cast<SqliteTransaction*>(&tx);
  return sqlite_tx == nullptr ? nullptr : &sqlite_tx->connection();
}

Result<Connection*> WriteConnection(Transaction& tx) {
  Connection* connection = ConnectionOf(tx);
  if (connection == nullptr) {
    return Fail(ErrorKind::kInternal, "an SQLite write was asked of a transaction of another kind");
  }
  return connection;
}

std::filesystem::path DatabaseFileOf(Store& store) {
  auto* sqlite_store = dynamic_cast<SqliteStore*>(&store);
  return sqlite_store == nullptr ? std::filesystem::path() : sqlite_store->file();
}

Status WriteAlone(Store& store, WriteJob job) {
  auto* sqlite_store = dynamic_cast<SqliteStore*>(&store);
  if (sqlite_store == nullptr) {
    return Fail(ErrorKind::kInternal, "an SQLite write was asked of a store of another kind");
  }
  return sqlite_store->WriteAloneSync(std::move(job));
}

}  // namespace sqlite

Status CheckSqliteFile(Store& store) {
  auto* sqlite_store = dynamic_cast<SqliteStore*>(&store);
  if (sqlite_store == nullptr) return {};
  return sqlite_store->CheckFile();
}

std::optional<SqliteStats> GetSqliteStats(const Store& store) {
  const auto* sqlite_store = dynamic_cast<const SqliteStore*>(&store);
  if (sqlite_store == nullptr) return std::nullopt;
  return sqlite_store->Stats();
}

}  // namespace quire::store
