// The contract every Store backend must pass. Each backend adds itself to the
// INSTANTIATE_TEST_SUITE_P list at the bottom with a function opening a store over a location
// (two opens of the same location share the same data, like the server and the CLI).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/settings.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

struct Backend {
  std::string name;
  std::function<Result<std::unique_ptr<Store>>(const std::filesystem::path& location)> open;
};

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { store_ = Open(); }

  std::unique_ptr<Store> Open() {
    auto opened = GetParam().open(dir_.path());
    if (!opened) {
      ADD_FAILURE() << opened.error().message;
      return nullptr;
    }
    return std::move(*opened);
  }

  Post MakePost(std::string slug, int64_t published_at = 1000,
                PostStatus status = PostStatus::kPublish) {
    Post post;
    post.slug = std::move(slug);
    post.title = "Title of " + post.slug;
    post.body = "Body *text*";
    post.excerpt = "An excerpt";
    post.format = PostFormat::kMarkdown;
    post.status = status;
    post.author_id = 3;
    post.published_at = published_at;
    post.modified_at = published_at + 5;
    post.comments_open = true;
    return post;
  }

  int64_t AddPost(const Post& post) {
    int64_t id = 0;
    Status written = store_->WriteSync([&](Transaction& tx) -> Status {
      auto inserted = tx.InsertPost(post);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    });
    EXPECT_TRUE(written) << written.error().message;
    return id;
  }

  Comment MakeComment(int64_t post_id, CommentStatus status, int64_t created_at = 2000) {
    Comment comment;
    comment.post_id = post_id;
    comment.author = "Ada";
    comment.email = "ada@example.com";
    comment.url = "https://ada.example";
    comment.ip = "192.0.2.1";
    comment.user_agent = "Test/1.0";
    comment.content = "Nice post";
    comment.created_at = created_at;
    comment.status = status;
    comment.reason = "rule";
    return comment;
  }

  int64_t AddComment(const Comment& comment) {
    int64_t id = 0;
    Status written = store_->WriteSync([&](Transaction& tx) -> Status {
      auto inserted = tx.InsertComment(comment);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    });
    EXPECT_TRUE(written) << written.error().message;
    return id;
  }

  // Runs a check inside a transaction and returns its value.
  template <typename T>
  T InTransaction(std::function<Result<T>(Transaction&)> check) {
    T value{};
    Status written = store_->WriteSync([&](Transaction& tx) -> Status {
      auto result = check(tx);
      if (!result) return std::unexpected(result.error());
      value = *result;
      return {};
    });
    EXPECT_TRUE(written) << written.error().message;
    return value;
  }

  static std::vector<int64_t> Ids(const std::vector<Comment>& comments) {
    std::vector<int64_t> ids;
    for (const Comment& c : comments) ids.push_back(c.id);
    return ids;
  }

  static std::vector<std::string> Slugs(const std::vector<Post>& posts) {
    std::vector<std::string> slugs;
    for (const Post& p : posts) slugs.push_back(p.slug);
    return slugs;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContractTest, InsertsFindsAndUpdatesPosts) {
  Post post = MakePost("hello-world");
  post.format = PostFormat::kHtml;
  post.comments_open = false;
  int64_t id = AddPost(post);
  ASSERT_GT(id, 0);

  auto found = store_->FindPost(id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->slug, "hello-world");
  EXPECT_EQ((*found)->title, post.title);
  EXPECT_EQ((*found)->body, post.body);
  EXPECT_EQ((*found)->excerpt, post.excerpt);
  EXPECT_EQ((*found)->format, PostFormat::kHtml);
  EXPECT_EQ((*found)->status, PostStatus::kPublish);
  EXPECT_EQ((*found)->author_id, 3);
  EXPECT_EQ((*found)->published_at, 1000);
  EXPECT_EQ((*found)->modified_at, 1005);
  EXPECT_FALSE((*found)->comments_open);

  Post changed = **found;
  changed.title = "New title";
  changed.status = PostStatus::kDraft;
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) { return tx.UpdatePost(changed); }));
  auto by_slug = store_->FindPostBySlug("hello-world");
  ASSERT_TRUE(by_slug && *by_slug);
  EXPECT_EQ((*by_slug)->id, id);
  EXPECT_EQ((*by_slug)->title, "New title");
  EXPECT_EQ((*by_slug)->status, PostStatus::kDraft);

  auto missing = store_->FindPostBySlug("nope");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  auto missing_id = store_->FindPost(id + 100);
  ASSERT_TRUE(missing_id);
  EXPECT_FALSE(*missing_id);
}

TEST_P(StoreContractTest, UpdatingAMissingPostIsNotFound) {
  Post ghost = MakePost("ghost");
  ghost.id = 999;
  Status updated = store_->WriteSync([&](Transaction& tx) { return tx.UpdatePost(ghost); });
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().kind, ErrorKind::kNotFound);
}

TEST_P(StoreContractTest, DuplicateSlugIsAConflict) {
  AddPost(MakePost("same"));
  int64_t other = AddPost(MakePost("other"));
  Status inserted = store_->WriteSync([&](Transaction& tx) -> Status {
    auto id = tx.InsertPost(MakePost("same"));
    if (!id) return std::unexpected(id.error());
    return {};
  });
  ASSERT_FALSE(inserted);
  EXPECT_EQ(inserted.error().kind, ErrorKind::kConflict);
  EXPECT_THAT(inserted.error().message, ::testing::HasSubstr("same"));

  Post renamed = MakePost("same");
  renamed.id = other;
  Status updated = store_->WriteSync([&](Transaction& tx) { return tx.UpdatePost(renamed); });
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().kind, ErrorKind::kConflict);
}

TEST_P(StoreContractTest, SlugExistsSeesTheTransactionsOwnInsert) {
  bool before = true;
  bool after = false;
  bool found_own = false;
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    before = *tx.SlugExists("fresh");
    auto id = tx.InsertPost(MakePost("fresh"));
    if (!id) return std::unexpected(id.error());
    after = *tx.SlugExists("fresh");
    auto own = tx.FindPost(*id);
    found_own = own && own->has_value();
    return {};
  }));
  EXPECT_FALSE(before);
  EXPECT_TRUE(after);
  EXPECT_TRUE(found_own);
}

TEST_P(StoreContractTest, ListsPublishedNewestFirstWithPagination) {
  AddPost(MakePost("old", 100));
  AddPost(MakePost("tie-first", 300));
  AddPost(MakePost("tie-second", 300));  // same time, higher id: listed first
  AddPost(MakePost("newest", 400));
  AddPost(MakePost("draft", 500, PostStatus::kDraft));
  AddPost(MakePost("private", 500, PostStatus::kPrivate));
  AddPost(MakePost("trashed", 500, PostStatus::kTrash));

  auto all = store_->ListPublished(0, 10);
  ASSERT_TRUE(all);
  EXPECT_THAT(Slugs(*all), ElementsAre("newest", "tie-second", "tie-first", "old"));
  auto page2 = store_->ListPublished(2, 2);
  ASSERT_TRUE(page2);
  EXPECT_THAT(Slugs(*page2), ElementsAre("tie-first", "old"));
  auto beyond = store_->ListPublished(10, 2);
  ASSERT_TRUE(beyond);
  EXPECT_THAT(*beyond, IsEmpty());
  auto count = store_->CountPublished();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 4);
}

// The listed ids are the visitor's own comments (from the signed token in their redirect): they
// are shown to their author whatever the verdict, held or judged spam, never silently gone.
TEST_P(StoreContractTest, ListsApprovedCommentsPlusTheListedOwnOnes) {
  int64_t post = AddPost(MakePost("p"));
  int64_t other_post = AddPost(MakePost("q"));
  int64_t late = AddComment(MakeComment(post, CommentStatus::kApproved, 3000));
  int64_t early = AddComment(MakeComment(post, CommentStatus::kApproved, 1000));
  int64_t mine = AddComment(MakeComment(post, CommentStatus::kPending, 2000));
  AddComment(MakeComment(post, CommentStatus::kPending, 2500));  // someone else's: hidden
  int64_t spam = AddComment(MakeComment(post, CommentStatus::kSpam, 2000));
  int64_t elsewhere = AddComment(MakeComment(other_post, CommentStatus::kPending, 2000));
  AddComment(MakeComment(other_post, CommentStatus::kApproved, 2000));

  auto approved_only = store_->ListComments(CommentQuery{post, {}});
  ASSERT_TRUE(approved_only);
  EXPECT_THAT(Ids(*approved_only), ElementsAre(early, late));

  auto with_mine = store_->ListComments(CommentQuery{post, {mine, spam, elsewhere, 12345}});
  ASSERT_TRUE(with_mine);
  EXPECT_THAT(Ids(*with_mine), ElementsAre(early, mine, spam, late));
  EXPECT_EQ((*with_mine)[1].status, CommentStatus::kPending);
  EXPECT_EQ((*with_mine)[2].status, CommentStatus::kSpam);

  auto count = store_->CountApprovedComments(post);
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 2);
}

TEST_P(StoreContractTest, ListsCommentsByStatusNewestFirstAcrossPosts) {
  int64_t post = AddPost(MakePost("p"));
  int64_t other_post = AddPost(MakePost("q"));
  int64_t old_pending = AddComment(MakeComment(post, CommentStatus::kPending, 1000));
  int64_t approved = AddComment(MakeComment(post, CommentStatus::kApproved, 1500));
  int64_t new_pending = AddComment(MakeComment(other_post, CommentStatus::kPending, 2000));

  auto pending = store_->ListCommentsByStatus(CommentStatus::kPending, 0, 10);
  ASSERT_TRUE(pending);
  EXPECT_THAT(Ids(*pending), ElementsAre(new_pending, old_pending));

  auto all = store_->ListCommentsByStatus(std::nullopt, 0, 10);
  ASSERT_TRUE(all);
  EXPECT_THAT(Ids(*all), ElementsAre(new_pending, approved, old_pending));

  auto second_page = store_->ListCommentsByStatus(std::nullopt, 1, 1);
  ASSERT_TRUE(second_page);
  EXPECT_THAT(Ids(*second_page), ElementsAre(approved));
}

TEST_P(StoreContractTest, CommentsWithTheSameTimeAreOrderedById) {
  int64_t post = AddPost(MakePost("p"));
  int64_t first = AddComment(MakeComment(post, CommentStatus::kApproved, 1000));
  int64_t second = AddComment(MakeComment(post, CommentStatus::kApproved, 1000));
  auto listed = store_->ListComments(CommentQuery{post, {}});
  ASSERT_TRUE(listed);
  EXPECT_THAT(Ids(*listed), ElementsAre(first, second));
}

TEST_P(StoreContractTest, StoresEveryCommentField) {
  int64_t post = AddPost(MakePost("p"));
  Comment comment = MakeComment(post, CommentStatus::kTrash);
  comment.parent_id = 7;
  comment.user_id = 9;
  comment.previous_status = CommentStatus::kApproved;
  int64_t id = AddComment(comment);
  auto found = store_->FindComment(id);
  ASSERT_TRUE(found && *found);
  const Comment& c = **found;
  EXPECT_EQ(c.post_id, post);
  EXPECT_EQ(c.parent_id, 7);
  EXPECT_EQ(c.author, "Ada");
  EXPECT_EQ(c.email, "ada@example.com");
  EXPECT_EQ(c.url, "https://ada.example");
  EXPECT_EQ(c.ip, "192.0.2.1");
  EXPECT_EQ(c.user_agent, "Test/1.0");
  EXPECT_EQ(c.content, "Nice post");
  EXPECT_EQ(c.created_at, 2000);
  EXPECT_EQ(c.status, CommentStatus::kTrash);
  EXPECT_EQ(c.previous_status, CommentStatus::kApproved);
  EXPECT_EQ(c.user_id, 9);
  EXPECT_EQ(c.reason, "rule");
}

TEST_P(StoreContractTest, ACommentOnAMissingPostFails) {
  Status written = store_->WriteSync([&](Transaction& tx) -> Status {
    auto id = tx.InsertComment(MakeComment(4242, CommentStatus::kPending));
    if (!id) return std::unexpected(id.error());
    return {};
  });
  EXPECT_FALSE(written);
}

TEST_P(StoreContractTest, FindsDuplicateComments) {
  int64_t post = AddPost(MakePost("p"));
  Comment original = MakeComment(post, CommentStatus::kPending);
  AddComment(original);
  auto duplicate = [&](const Comment& c) {
    return InTransaction<bool>([&](Transaction& tx) { return tx.HasDuplicateComment(c); });
  };

  EXPECT_TRUE(duplicate(original));
  Comment no_email = original;
  no_email.email = "";
  EXPECT_TRUE(duplicate(no_email));  // empty email: name and content decide
  Comment other_email = original;
  other_email.email = "other@example.com";
  EXPECT_FALSE(duplicate(other_email));
  Comment other_content = original;
  other_content.content = "Something else";
  EXPECT_FALSE(duplicate(other_content));
  Comment other_parent = original;
  other_parent.parent_id = 5;
  EXPECT_FALSE(duplicate(other_parent));
  Comment other_author = original;
  other_author.author = "Grace";
  EXPECT_FALSE(duplicate(other_author));

  Comment trashed = MakeComment(post, CommentStatus::kTrash);
  trashed.content = "Trashed words";
  AddComment(trashed);
  EXPECT_FALSE(duplicate(trashed));
}

TEST_P(StoreContractTest, LastCommentTimeLooksAtTheAddressOrTheEmail) {
  int64_t post = AddPost(MakePost("p"));
  Comment by_ip = MakeComment(post, CommentStatus::kPending, 100);
  by_ip.email = "someone@example.com";
  by_ip.ip = "198.51.100.7";
  AddComment(by_ip);
  Comment by_email = MakeComment(post, CommentStatus::kSpam, 200);
  by_email.email = "me@example.com";
  by_email.ip = "203.0.113.9";
  AddComment(by_email);

  auto last = [&](std::string ip, std::string email) {
    return InTransaction<std::optional<int64_t>>(
        [&](Transaction& tx) { return tx.LastCommentTime(ip, email); });
  };
  EXPECT_EQ(last("198.51.100.7", ""), 100);
  EXPECT_EQ(last("", "me@example.com"), 200);
  EXPECT_EQ(last("198.51.100.7", "me@example.com"), 200);
  EXPECT_EQ(last("198.51.100.7", "nobody@example.com"), 100);
  EXPECT_EQ(last("192.0.2.200", "nobody@example.com"), std::nullopt);
  EXPECT_EQ(last("", ""), std::nullopt);
}

TEST_P(StoreContractTest, HasApprovedCommentNeedsNameEmailAndApproval) {
  int64_t post = AddPost(MakePost("p"));
  Comment pending = MakeComment(post, CommentStatus::kPending);
  pending.author = "Pending Pat";
  AddComment(pending);
  AddComment(MakeComment(post, CommentStatus::kApproved));

  auto approved = [&](std::string author, std::string email) {
    return InTransaction<bool>(
        [&](Transaction& tx) { return tx.HasApprovedComment(author, email); });
  };
  EXPECT_TRUE(approved("Ada", "ada@example.com"));
  EXPECT_FALSE(approved("Ada", "other@example.com"));
  EXPECT_FALSE(approved("Pending Pat", "ada@example.com"));
}

TEST_P(StoreContractTest, SetCommentStatusRemembersThePreviousStatus) {
  int64_t post = AddPost(MakePost("p"));
  int64_t id = AddComment(MakeComment(post, CommentStatus::kApproved));
  auto set = [&](CommentStatus status, std::string reason) {
    return store_->WriteSync(
        [&](Transaction& tx) { return tx.SetCommentStatus(id, status, reason); });
  };
  auto current = [&] { return **store_->FindComment(id); };

  ASSERT_TRUE(set(CommentStatus::kSpam, "marked spam"));
  EXPECT_EQ(current().status, CommentStatus::kSpam);
  EXPECT_EQ(current().previous_status, CommentStatus::kApproved);
  EXPECT_EQ(current().reason, "marked spam");

  ASSERT_TRUE(set(CommentStatus::kTrash, "trashed"));
  EXPECT_EQ(current().status, CommentStatus::kTrash);
  EXPECT_EQ(current().previous_status, CommentStatus::kApproved);

  ASSERT_TRUE(set(CommentStatus::kApproved, "restored"));
  EXPECT_EQ(current().status, CommentStatus::kApproved);
  EXPECT_EQ(current().previous_status, std::nullopt);

  ASSERT_TRUE(set(CommentStatus::kPending, "unapproved"));
  ASSERT_TRUE(set(CommentStatus::kTrash, "trashed"));
  EXPECT_EQ(current().previous_status, CommentStatus::kPending);

  Status missing = store_->WriteSync(
      [&](Transaction& tx) { return tx.SetCommentStatus(id + 50, CommentStatus::kSpam, ""); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_P(StoreContractTest, AFailingJobRollsBackAloneWhileItsBatchMatesCommit) {
  std::vector<std::string> committed_tags;
  store_->OnCommit([&](const std::vector<std::string>& tags) {
    committed_tags.insert(committed_tags.end(), tags.begin(), tags.end());
  });

  // The first job holds the writer until the others are queued, so they share a batch.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<Status> gate_done, good1_done, bad_done, good2_done;
  store_->Write(
      [released](Transaction&) -> Status {
        released.wait();
        return {};
      },
      [&](Status s) { gate_done.set_value(std::move(s)); });
  auto insert_job = [this](std::string slug, bool fail) {
    return [this, slug, fail](Transaction& tx) -> Status {
      auto id = tx.InsertPost(MakePost(slug));
      if (!id) return std::unexpected(id.error());
      if (Status s = tx.RecordChange("post:" + slug); !s) return s;
      if (fail) return Fail(ErrorKind::kInvalid, "refused on purpose");
      return {};
    };
  };
  store_->Write(insert_job("good-1", false), [&](Status s) { good1_done.set_value(s); });
  store_->Write(insert_job("bad", true), [&](Status s) { bad_done.set_value(s); });
  store_->Write(insert_job("good-2", false), [&](Status s) { good2_done.set_value(s); });
  release.set_value();

  EXPECT_TRUE(gate_done.get_future().get());
  EXPECT_TRUE(good1_done.get_future().get());
  Status bad = bad_done.get_future().get();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(bad.error().message, "refused on purpose");
  EXPECT_TRUE(good2_done.get_future().get());

  EXPECT_TRUE(store_->FindPostBySlug("good-1")->has_value());
  EXPECT_FALSE(store_->FindPostBySlug("bad")->has_value());
  EXPECT_TRUE(store_->FindPostBySlug("good-2")->has_value());
  EXPECT_THAT(committed_tags, ElementsAre("post:good-1", "post:good-2"));
}

TEST_P(StoreContractTest, OnCommitReceivesTheRecordedTagsBeforeDone) {
  std::vector<std::string> seen;
  store_->OnCommit([&](const std::vector<std::string>& tags) {
    seen.insert(seen.end(), tags.begin(), tags.end());
  });
  std::promise<std::vector<std::string>> seen_at_done;
  store_->Write(
      [](Transaction& tx) -> Status {
        if (Status s = tx.RecordChange("post:1"); !s) return s;
        return tx.RecordChange("front");
      },
      [&](Status s) {
        EXPECT_TRUE(s);
        seen_at_done.set_value(seen);
      });
  EXPECT_THAT(seen_at_done.get_future().get(), ElementsAre("post:1", "front"));
}

TEST_P(StoreContractTest, ChangesSinceSeesWritesOfASecondStore) {
  auto latest = store_->LatestChange();
  ASSERT_TRUE(latest);
  ASSERT_TRUE(store_->WriteSync([](Transaction& tx) { return tx.RecordChange("front"); }));
  auto after_own = store_->LatestChange();
  ASSERT_TRUE(after_own);
  EXPECT_GT(*after_own, *latest);

  std::unique_ptr<Store> cli = Open();  // like the quire CLI on the same data
  ASSERT_TRUE(cli);
  ASSERT_TRUE(cli->WriteSync([](Transaction& tx) -> Status {
    if (Status s = tx.RecordChange("post:7"); !s) return s;
    return tx.RecordChange("*");
  }));
  cli->Close();

  auto changes = store_->ChangesSince(*after_own);
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[0].tag, "post:7");
  EXPECT_EQ((*changes)[1].tag, "*");
  EXPECT_LT((*changes)[0].id, (*changes)[1].id);
  EXPECT_EQ(*store_->LatestChange(), (*changes)[1].id);

  auto from_start = store_->ChangesSince(*latest);
  ASSERT_TRUE(from_start);
  EXPECT_EQ(from_start->size(), 3u);
  auto none = store_->ChangesSince((*changes)[1].id);
  ASSERT_TRUE(none);
  EXPECT_THAT(*none, IsEmpty());
}

TEST_P(StoreContractTest, SettingsRoundTrip) {
  Settings settings;
  settings.title = "Round trip";
  settings.thread_comments_depth = 7;
  settings.comment_moderation = true;
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    for (const auto& [key, value] : settings.ToMap()) {
      if (Status s = tx.SetSetting(key, value); !s) return s;
    }
    return {};
  }));
  ASSERT_TRUE(
      store_->WriteSync([](Transaction& tx) { return tx.SetSetting("blogname", "Again"); }));

  auto stored = store_->LoadSettings();
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->at("blogname"), "Again");
  Settings loaded = Settings::Load(*stored);
  EXPECT_EQ(loaded.title, "Again");
  EXPECT_EQ(loaded.thread_comments_depth, 7);
  EXPECT_TRUE(loaded.comment_moderation);
  settings.title = "Again";
  EXPECT_EQ(loaded.ToMap(), settings.ToMap());
}

TEST_P(StoreContractTest, InsertsAndFindsUsers) {
  User user;
  user.login = "admin";
  user.email = "admin@example.com";
  user.display_name = "The Admin";
  user.role = Role::kAdministrator;
  user.password_hash = "$argon2id$v=19$...";
  user.created_at = 1234;
  int64_t id = InTransaction<int64_t>([&](Transaction& tx) { return tx.InsertUser(user); });
  ASSERT_GT(id, 0);

  auto by_id = store_->FindUser(id);
  ASSERT_TRUE(by_id && *by_id);
  EXPECT_EQ((*by_id)->login, "admin");
  EXPECT_EQ((*by_id)->email, "admin@example.com");
  EXPECT_EQ((*by_id)->display_name, "The Admin");
  EXPECT_EQ((*by_id)->role, Role::kAdministrator);
  EXPECT_EQ((*by_id)->password_hash, user.password_hash);
  EXPECT_EQ((*by_id)->created_at, 1234);
  auto by_login = store_->FindUserByLogin("admin");
  ASSERT_TRUE(by_login && *by_login);
  EXPECT_EQ((*by_login)->id, id);
  EXPECT_FALSE(*store_->FindUserByLogin("nobody"));

  Status again = store_->WriteSync([&](Transaction& tx) -> Status {
    auto inserted = tx.InsertUser(user);
    if (!inserted) return std::unexpected(inserted.error());
    return {};
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
}

TEST_P(StoreContractTest, ReopeningKeepsTheData) {
  int64_t post = AddPost(MakePost("kept"));
  AddComment(MakeComment(post, CommentStatus::kApproved));
  store_->Close();
  store_ = Open();
  ASSERT_TRUE(store_);
  auto found = store_->FindPostBySlug("kept");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, post);
  EXPECT_EQ(*store_->CountApprovedComments(post), 1);
}

TEST_P(StoreContractTest, CloseIsIdempotentAndRefusesLaterWork) {
  AddPost(MakePost("before-close"));
  store_->Close();
  store_->Close();
  Status late = store_->WriteSync([](Transaction& tx) { return tx.RecordChange("front"); });
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, ErrorKind::kUnavailable);
  auto read = store_->FindPostBySlug("before-close");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, ErrorKind::kUnavailable);
}

TEST_P(StoreContractTest, CloseFinishesQueuedWrites) {
  std::mutex mutex;
  int done_ok = 0;
  for (int i = 0; i < 20; ++i) {
    store_->Write(
        [i, this](Transaction& tx) -> Status {
          auto id = tx.InsertPost(MakePost("queued-" + std::to_string(i)));
          if (!id) return std::unexpected(id.error());
          return {};
        },
        [&](Status s) {
          std::lock_guard lock(mutex);
          if (s) ++done_ok;
        });
  }
  store_->Close();
  EXPECT_EQ(done_ok, 20);
  store_ = Open();
  ASSERT_TRUE(store_);
  EXPECT_EQ(*store_->CountPublished(), 20);
}

Result<std::unique_ptr<Store>> OpenSqliteAt(const std::filesystem::path& location) {
  SqliteOptions options;
  options.file = location / "quire.db";
  return OpenSqlite(options);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest,
                         ::testing::Values(Backend{"sqlite", OpenSqliteAt}),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace quire::store
