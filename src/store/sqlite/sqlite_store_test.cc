// SQLite-specific behaviour beyond the shared contract: group commit, migrations, pragmas,
// lock contention with another process, pruning of the changes table.
#include "store/sqlite/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/migrations.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open(int max_batch = 256, int busy_timeout_ms = 5000) {
    SqliteOptions options;
    options.file = file_;
    options.max_batch = max_batch;
    options.busy_timeout_ms = busy_timeout_ms;
    auto opened = OpenSqlite(options);
    if (!opened) {
      ADD_FAILURE() << opened.error().message;
      return nullptr;
    }
    return std::move(*opened);
  }

  // A raw connection, standing in for another process.
  sqlite3* Raw() {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
    return db;
  }

  static std::string PragmaText(sqlite3* db, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK);
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
  }

  testing::TempDir dir_;
  std::filesystem::path file_ = dir_.path() / "quire.db";
};

TEST_F(SqliteStoreTest, GroupCommitPutsConcurrentJobsInFewerTransactions) {
  constexpr int kThreads = 8;
  constexpr int kJobsPerThread = 62;
  constexpr int kJobs = kThreads * kJobsPerThread + 1;  // + the gate
  constexpr int kMaxBatch = 64;
  std::unique_ptr<Store> store = Open(kMaxBatch);
  ASSERT_TRUE(store);

  // The gate job holds the writer inside its batch until every other job is queued, so the
  // queue must be drained in batches: a property of the design, not of timing.
  std::promise<void> all_queued;
  std::shared_future<void> queued = all_queued.get_future().share();
  std::atomic<int> ok{0};
  std::atomic<int> finished{0};
  std::promise<void> all_done;
  auto done = [&](Status s) {
    if (s) ok.fetch_add(1);
    if (finished.fetch_add(1) + 1 == kJobs) all_done.set_value();
  };
  store->Write(
      [queued](Transaction&) -> Status {
        queued.wait();
        return {};
      },
      done);

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kJobsPerThread; ++i) {
        std::string tag = "post:" + std::to_string(t * 1000 + i);
        store->Write([tag](Transaction& tx) { return tx.RecordChange(tag); }, done);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  all_queued.set_value();
  all_done.get_future().wait();

  EXPECT_EQ(ok.load(), kJobs);
  auto stats = GetSqliteStats(*store);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->jobs_committed, kJobs);
  EXPECT_EQ(stats->jobs_failed, 0);
  EXPECT_LT(stats->commits, kJobs);
  // At most the gate's batch plus ceil((kJobs - 1) / kMaxBatch) full batches.
  EXPECT_LE(stats->commits, 1 + (kJobs - 1 + kMaxBatch - 1) / kMaxBatch);
  EXPECT_LE(stats->largest_batch, kMaxBatch);
  auto changes = store->ChangesSince(0);
  ASSERT_TRUE(changes);
  EXPECT_EQ(changes->size(), static_cast<size_t>(kJobs - 1));
}

TEST_F(SqliteStoreTest, ASlowDoneCallbackDoesNotHoldBackTheNextCommit) {
  std::unique_ptr<Store> store = Open();
  ASSERT_TRUE(store);
  // The second job's commit is seen by the listener while the first job's done callback is
  // still waiting for it. Were callbacks run on the writer thread, the wait would time out.
  std::promise<void> second_committed;
  std::atomic<bool> signalled{false};
  store->OnCommit([&](const std::vector<std::string>& tags) {
    for (const std::string& tag : tags) {
      if (tag == "second" && !signalled.exchange(true)) second_committed.set_value();
    }
  });
  std::future<void> seen = second_committed.get_future();
  std::promise<bool> first_saw_second;
  store->Write([](Transaction& tx) { return tx.RecordChange("first"); },
               [&](Status) {
                 first_saw_second.set_value(seen.wait_for(std::chrono::seconds(20)) ==
                                            std::future_status::ready);
               });
  std::future<bool> first = first_saw_second.get_future();
  // Queued only once the first batch has committed, so it needs a batch of its own.
  while (!store->ChangesSince(0).value_or(std::vector<Change>{}).size()) std::this_thread::yield();
  EXPECT_TRUE(store->WriteSync([](Transaction& tx) { return tx.RecordChange("second"); }));
  EXPECT_TRUE(first.get());
  store->OnCommit(nullptr);
}

TEST_F(SqliteStoreTest, MigrationsRunOnceAndAreRecordedInUserVersion) {
  std::unique_ptr<Store> first = Open();
  ASSERT_TRUE(first);
  auto stats = GetSqliteStats(*first);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->migrations_applied, static_cast<int>(sqlite::Migrations().size()));
  EXPECT_EQ(stats->schema_version, static_cast<int>(sqlite::Migrations().size()));
  first->Close();

  std::unique_ptr<Store> second = Open();
  ASSERT_TRUE(second);
  EXPECT_EQ(GetSqliteStats(*second)->migrations_applied, 0);
  second->Close();

  sqlite3* raw = Raw();
  EXPECT_EQ(PragmaText(raw, "PRAGMA user_version"), std::to_string(sqlite::Migrations().size()));
  sqlite3_close(raw);
}

TEST_F(SqliteStoreTest, UsesWalModeAndCheckpointsOnClose) {
  std::unique_ptr<Store> store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->WriteSync([](Transaction& tx) { return tx.RecordChange("front"); }));
  sqlite3* raw = Raw();
  EXPECT_EQ(PragmaText(raw, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(PragmaText(raw, "SELECT COUNT(*) FROM changes"), "1");
  sqlite3_close(raw);
  store->Close();
  std::filesystem::path wal = file_;
  wal += "-wal";
  EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);
}

TEST_F(SqliteStoreTest, RefusesASchemaNewerThanItKnows) {
  Open()->Close();
  sqlite3* raw = Raw();
  ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  SqliteOptions options;
  options.file = file_;
  auto opened = OpenSqlite(options);
  ASSERT_FALSE(opened);
  EXPECT_THAT(opened.error().message, ::testing::HasSubstr("newer"));
}

TEST_F(SqliteStoreTest, OpeningAFileInAMissingFolderFailsClearly) {
  SqliteOptions options;
  options.file = dir_.path() / "missing" / "quire.db";
  auto opened = OpenSqlite(options);
  ASSERT_FALSE(opened);
  EXPECT_THAT(opened.error().message, ::testing::HasSubstr("missing"));
}

TEST_F(SqliteStoreTest, ABatchBlockedByAnotherProcessFailsAsUnavailable) {
  std::unique_ptr<Store> store = Open(256, /*busy_timeout_ms=*/20);
  ASSERT_TRUE(store);
  sqlite3* cli = Raw();
  ASSERT_EQ(sqlite3_exec(cli, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

  Status blocked = store->WriteSync([](Transaction& tx) { return tx.RecordChange("front"); });
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(GetSqliteStats(*store)->batches_failed, 1);

  ASSERT_EQ(sqlite3_exec(cli, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(cli);
  EXPECT_TRUE(store->WriteSync([](Transaction& tx) { return tx.RecordChange("front"); }));
  EXPECT_EQ(*store->LatestChange(), 1);  // the failed batch left nothing behind
}

TEST_F(SqliteStoreTest, PrunedChangesAreReportedAsEverything) {
  std::unique_ptr<Store> store = Open();
  ASSERT_TRUE(store);
  constexpr int kRecorded = 10050;
  ASSERT_TRUE(store->WriteSync([](Transaction& tx) -> Status {
    for (int i = 0; i < kRecorded; ++i) {
      if (Status s = tx.RecordChange("post:" + std::to_string(i)); !s) return s;
    }
    return {};
  }));
  EXPECT_EQ(*store->LatestChange(), kRecorded);

  auto from_start = store->ChangesSince(0);
  ASSERT_TRUE(from_start);
  ASSERT_EQ(from_start->size(), 10001u);  // "*" + the 10,000 kept
  EXPECT_EQ((*from_start)[0].tag, "*");
  EXPECT_EQ((*from_start)[1].id, kRecorded - 10000 + 1);
  EXPECT_EQ(from_start->back().tag, "post:10049");

  auto recent = store->ChangesSince(kRecorded - 2);
  ASSERT_TRUE(recent);
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ((*recent)[0].tag, "post:10048");
}

TEST_F(SqliteStoreTest, ARolledBackJobLeavesNoGapInChangeIds) {
  std::unique_ptr<Store> store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->WriteSync([](Transaction& tx) { return tx.RecordChange("post:1"); }));
  int64_t first = *store->LatestChange();
  Status failed = store->WriteSync([](Transaction& tx) -> Status {
    if (Status s = tx.RecordChange("post:2"); !s) return s;
    return Fail(ErrorKind::kInvalid, "no");
  });
  ASSERT_FALSE(failed);
  ASSERT_TRUE(store->WriteSync([](Transaction& tx) { return tx.RecordChange("post:3"); }));

  auto changes = store->ChangesSince(first);
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 1u);  // no "*": the rolled-back id was given back
  EXPECT_EQ((*changes)[0].tag, "post:3");
  EXPECT_EQ((*changes)[0].id, first + 1);
}

}  // namespace
}  // namespace quire::store
