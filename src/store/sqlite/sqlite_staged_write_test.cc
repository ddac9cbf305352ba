// StagedWrite (store/staged_write.h) on SQLite: the job's changes land whole, after the live
// site's own writes made meanwhile, with reserved comment ids; failures, dry runs and
// conflicts leave the live database as it was; the working copy never stays behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/sqlite/backend.h"
#include "store/sqlite/select.h"
#include "store/sqlite/sqlite_store.h"
#include "store/staged_write.h"
#include "store/testing/temp_dir.h"
#include "store/wxr_ids.h"

namespace quire::store {
namespace {

// The Status of a Result, keeping its value in `out` when given.
Status StatusOf(const Result<int64_t>& result, int64_t* out = nullptr) {
  if (!result) return std::unexpected(result.error());
  if (out != nullptr) *out = *result;
  return {};
}

class StagedWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    live_ = std::move(*opened);
    auto post = AddPost(*live_, "live");
    ASSERT_TRUE(post) << post.error().message;
    post_ = *post;
  }

  static Result<int64_t> AddPost(Store& store, const std::string& slug) {
    int64_t id = 0;
    Status s = store.WriteSync(
        [&](Transaction& tx) -> Status { return StatusOf(InsertPost(tx, slug), &id); });
    if (!s) return std::unexpected(s.error());
    return id;
  }
  static Result<int64_t> InsertPost(Transaction& tx, const std::string& slug) {
    Post post;
    post.slug = slug;
    post.title = slug;
    post.published_at = 1700000000;
    return tx.InsertPost(post);
  }
  static Comment CommentOn(int64_t post_id, const std::string& text) {
    Comment c;
    c.post_id = post_id;
    c.author = "A";
    c.content = text;
    c.created_at = 1700000000;
    c.status = CommentStatus::kApproved;
    return c;
  }
  // A comment the live site takes meanwhile (a visitor's POST): its id.
  int64_t LiveComment(const std::string& text) {
    int64_t id = 0;
    Status s = live_->WriteSync([&](Transaction& tx) -> Status {
      return StatusOf(tx.InsertComment(CommentOn(post_, text)), &id);
    });
    EXPECT_TRUE(s) << s.error().message;
    return id;
  }
  int64_t Count(const char* sql) {
    auto n = sqlite::ReadWith<int64_t>(
        *live_, [&](sqlite::Connection& c) { return sqlite::SelectCount(c, sql, "counting"); });
    EXPECT_TRUE(n) << n.error().message;
    return n.value_or(-1);
  }
  std::vector<std::string> FilesInDir() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }
  void ExpectNoWorkingCopy() {
    for (const std::string& name : FilesInDir()) {
      EXPECT_EQ(name.find("staging"), std::string::npos) << name << " was left behind";
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> live_;
  int64_t post_ = 0;
};

TEST_F(StagedWriteTest, TheJobsChangesLandWholeWithTheirTags) {
  int64_t before = *live_->LatestChange();
  int64_t added = 0;
  Status s = StagedWrite(*live_, {.comments = 2},
                         [&](Store&, Transaction& tx, const CommentIds& ids) -> Status {
                           auto post = InsertPost(tx, "imported");
                           if (!post) return std::unexpected(post.error());
                           added = *post;
                           for (const char* text : {"one", "two"}) {
                             auto id = InsertCommentPreferringId(tx, CommentOn(added, text), 0,
                                                                 ids.renumber_above, ids.up_to);
                             if (!id) return std::unexpected(id.error());
                           }
                           if (Status t = tx.SetSetting("blogname", "Staged"); !t) return t;
                           return tx.RecordChange("front");
                         });
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE slug = 'imported'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM comments"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM settings WHERE key = 'blogname' AND value = 'Staged'"), 1);
  // The full-text index follows the applied rows (its triggers ran on the live database).
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts_search WHERE posts_search MATCH 'imported'"), 1);
  auto changes = live_->ChangesSince(before);
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ(changes->front().tag, "front");
  ExpectNoWorkingCopy();
}

TEST_F(StagedWriteTest, CommentsPostedMeanwhileAreKeptAndTheJobsCommentsKeepTheirIds) {
  std::vector<int64_t> live_ids, job_ids;
  CommentIds reserved;
  Status s = StagedWrite(*live_, {.comments = 3, .comment_ids_kept_up_to = 10},
                         [&](Store&, Transaction& tx, const CommentIds& ids) -> Status {
                           reserved = ids;
                           // The live site keeps writing while the job runs on the copy.
                           for (int i = 0; i < 3; ++i)
                             live_ids.push_back(LiveComment("live " + std::to_string(i)));
                           // Two comments keep their own ids (<= 10), one is renumbered inside the
                           // range.
                           for (int64_t preferred : {int64_t{1}, int64_t{2}, int64_t{0}}) {
                             auto id =
                                 InsertCommentPreferringId(tx, CommentOn(post_, "job"), preferred,
                                                           ids.renumber_above, ids.up_to);
                             if (!id) return std::unexpected(id.error());
                             job_ids.push_back(*id);
                           }
                           return {};
                         });
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(reserved.renumber_above, 10);
  EXPECT_EQ(reserved.up_to, 13);
  EXPECT_EQ(job_ids, (std::vector<int64_t>{1, 2, 11}));
  for (int64_t id : live_ids) EXPECT_GT(id, reserved.up_to);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM comments WHERE content LIKE 'live %'"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM comments WHERE content = 'job'"), 3);
  ExpectNoWorkingCopy();
}

TEST_F(StagedWriteTest, AFailedJobLeavesTheLiveDatabaseAsItWas) {
  Status s = StagedWrite(*live_, {}, [&](Store&, Transaction& tx, const CommentIds&) -> Status {
    if (auto post = InsertPost(tx, "half"); !post) return std::unexpected(post.error());
    return Fail(ErrorKind::kInvalid, "file.xml:3:4: broken");
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(s.error().message, "file.xml:3:4: broken");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts"), 1);
  ExpectNoWorkingCopy();
}

TEST_F(StagedWriteTest, ADryRunChangesNothing) {
  bool ran = false;
  Status s = StagedWrite(*live_, {.apply = false},
                         [&](Store&, Transaction& tx, const CommentIds& ids) -> Status {
                           ran = true;
                           EXPECT_EQ(ids.up_to, 0);  // nothing reserved
                           return StatusOf(InsertPost(tx, "dry"));
                         });
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_TRUE(ran);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts"), 1);
  ExpectNoWorkingCopy();
}

TEST_F(StagedWriteTest, ASlugTakenMeanwhileRunsTheJobAgainOnAFreshCopy) {
  int runs = 0;
  Status s =
      StagedWrite(*live_, {}, [&](Store& copy, Transaction& tx, const CommentIds&) -> Status {
        ++runs;
        // The job picks a free slug as the copy shows it...
        auto taken = copy.FindPostBySlug("news");
        if (!taken) return std::unexpected(taken.error());
        // ...and the live site takes that slug meanwhile, the first time only.
        if (runs == 1) {
          EXPECT_TRUE(AddPost(*live_, "news"));
        }
        return StatusOf(InsertPost(tx, *taken ? "news-2" : "news"));
      });
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE slug IN ('news', 'news-2')"), 2);
  ExpectNoWorkingCopy();
}

TEST_F(StagedWriteTest, ACommentOnAPostDeletedMeanwhileRunsTheJobAgain) {
  auto doomed = AddPost(*live_, "doomed");
  ASSERT_TRUE(doomed);
  int runs = 0;
  Status s = StagedWrite(*live_, {.comments = 1},
                         [&](Store& copy, Transaction& tx, const CommentIds& ids) -> Status {
                           ++runs;
                           auto there = copy.FindPostBySlug("doomed");
                           if (!there) return std::unexpected(there.error());
                           if (!*there)
                             return {};  // the second run's copy no longer has it: nothing to add
                           // The live site deletes the post while the job adds a comment to it in
                           // the copy.
                           EXPECT_TRUE(live_->WriteSync([&](Transaction& live_tx) -> Status {
                             auto c = sqlite::WriteConnection(live_tx);
                             if (!c) return std::unexpected(c.error());
                             auto q = (*c)->Prepare("DELETE FROM posts WHERE slug = 'doomed'");
                             if (!q) return std::unexpected(q.error());
                             return q->Run("deleting");
                           }));
                           return StatusOf(InsertCommentPreferringId(
                               tx, CommentOn(*doomed, "orphan"), 0, ids.renumber_above, ids.up_to));
                         });
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM comments"), 0);  // no comment without its post
  ExpectNoWorkingCopy();
}

TEST_F(StagedWriteTest, ConflictsEveryRunGiveUpWithTheReason) {
  int runs = 0;
  Status s = StagedWrite(*live_, {.attempts = 2},
                         [&](Store&, Transaction& tx, const CommentIds&) -> Status {
                           ++runs;
                           const std::string slug = "taken-" + std::to_string(runs);
                           EXPECT_TRUE(AddPost(*live_, slug));
                           return StatusOf(InsertPost(tx, slug));
                         });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, ErrorKind::kConflict);
  EXPECT_NE(s.error().message.find("2 times"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("posts"), std::string::npos) << s.error().message;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts"), 3);  // "live" and the two the site added
  ExpectNoWorkingCopy();
}

}  // namespace
}  // namespace quire::store
