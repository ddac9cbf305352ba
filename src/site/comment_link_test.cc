// comments::PageOfComment (counted in the store) against the pages the article really shows
// (site::CommentPageIndex over the whole list, threaded and paged), on generated posts with
// replies, held and trashed comments, orphans and equal times, for each paging setting.
#include "comments/comment_link.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "comments/comment_pages.h"
#include "comments/threading.h"
#include "site/article_page.h"
#include "store/sqlite/sqlite_store.h"

namespace quire::site {
namespace {

using comments::LinkUse;
using store::CommentStatus;

constexpr int64_t kStart = 1714558830;

class CommentLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("quire-comment-link-test-" + std::to_string(std::random_device()()));
    std::filesystem::create_directories(dir_);
    auto opened = store::OpenSqlite({.file = dir_ / "quire.db"});
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
    store::Post post;
    post.title = "Busy";
    post.slug = "busy";
    post.body = "Talk.";
    post.published_at = kStart;
    post.modified_at = kStart;
    ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
      auto id = tx.InsertPost(post);
      if (!id) return std::unexpected(id.error());
      post_id_ = *id;
      return {};
    }));
  }
  void TearDown() override {
    store_->Close();
    std::filesystem::remove_all(dir_);
  }

  // `count` comments: a third replies to an earlier one, some held, trashed or spam (so their
  // replies are orphans), a few replies to a comment that does not exist; times often equal.
  void AddComments(int count, uint32_t seed) {
    std::mt19937 random(seed);
    std::vector<int64_t> ids;
    ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
      for (int i = 0; i < count; ++i) {
        store::Comment c;
        c.post_id = post_id_;
        c.author = "A" + std::to_string(i);
        c.email = "a" + std::to_string(i) + "@example.com";
        c.content = "Comment " + std::to_string(i);
        c.created_at = kStart + static_cast<int64_t>(random() % (count / 2 + 1));
        uint32_t kind = random() % 20;
        c.status = kind < 15   ? CommentStatus::kApproved
                   : kind < 17 ? CommentStatus::kPending
                   : kind < 19 ? CommentStatus::kTrash
                               : CommentStatus::kSpam;
        uint32_t parent = random() % 30;
        if (!ids.empty() && parent < 10) c.parent_id = ids[random() % ids.size()];
        if (parent == 10) c.parent_id = 987654321;  // gone
        auto id = tx.InsertComment(c);
        if (!id) return std::unexpected(id.error());
        ids.push_back(*id);
      }
      return {};
    }));
  }

  // Every approved and held comment's page from PageOfComment against CommentPageIndex.
  void ExpectAgreement(const store::Settings& settings) {
    auto approved = store_->ListComments({.post_id = post_id_});
    ASSERT_TRUE(approved.has_value());
    auto everything = store_->ListCommentsByStatus(std::nullopt, 0, 100000);
    ASSERT_TRUE(everything.has_value());
    int checked = 0;
    for (const store::Comment& comment : *everything) {
      if (comment.status != CommentStatus::kApproved && comment.status != CommentStatus::kPending)
        continue;
      store::CommentQuery query{.post_id = post_id_};
      if (comment.status == CommentStatus::kPending) query.also_pending_ids.push_back(comment.id);
      auto list = store_->ListComments(query);
      ASSERT_TRUE(list.has_value());
      auto pages = CommentPageIndex(*list, settings);
      int64_t expected = pages.contains(comment.id) ? pages.at(comment.id) : 0;
      size_t threads = 0;
      for (const auto& item :
           comments::Thread(*list, settings.thread_comments, settings.thread_comments_depth)) {
        if (item.depth == 1) ++threads;
      }
      int64_t default_page = comments::DefaultCommentPage(
          threads, settings.comments_per_page, settings.default_comments_page == "newest");
      auto lasting = comments::PageOfComment(*store_, settings, comment, LinkUse::kLasting);
      ASSERT_TRUE(lasting.has_value()) << lasting.error().message;
      EXPECT_EQ(*lasting, expected) << "comment " << comment.id;
      auto now = comments::PageOfComment(*store_, settings, comment, LinkUse::kNow);
      ASSERT_TRUE(now.has_value());
      // kNow may leave the page out only where the permalink shows it.
      EXPECT_TRUE(*now == expected || (*now == 0 && expected == default_page))
          << "comment " << comment.id << ": " << *now << " for page " << expected;
      ++checked;
    }
    EXPECT_GT(checked, 0);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  int64_t post_id_ = 0;
};

TEST_F(CommentLinkTest, PagesAgreeWithTheArticleForEverySetting) {
  AddComments(400, 7);  // > 200 approved: paged even with page_comments off
  for (bool page_comments : {false, true}) {
    for (bool threaded : {true, false}) {
      for (const char* first : {"newest", "oldest"}) {
        store::Settings settings;
        settings.page_comments = page_comments;
        settings.thread_comments = threaded;
        settings.thread_comments_depth = 3;
        settings.comments_per_page = 7;
        settings.default_comments_page = first;
        SCOPED_TRACE(std::string(first) + (threaded ? " threaded" : " flat") +
                     (page_comments ? " page_comments" : ""));
        ExpectAgreement(settings);
      }
    }
  }
}

TEST_F(CommentLinkTest, AQuietPostIsNotPagedUnlessTheSettingSaysSo) {
  AddComments(60, 11);
  store::Settings settings;
  settings.comments_per_page = 5;
  ExpectAgreement(settings);  // every page 0
  auto any = store_->ListComments({.post_id = post_id_});
  ASSERT_TRUE(any.has_value());
  ASSERT_FALSE(any->empty());
  EXPECT_EQ(comments::PageOfComment(*store_, settings, any->front(), LinkUse::kLasting), 0);
  settings.page_comments = true;
  settings.default_comments_page = "newest";
  EXPECT_EQ(comments::PageOfComment(*store_, settings, any->front(), LinkUse::kLasting), 1);
  ExpectAgreement(settings);
}

TEST(CommentLinkFormat, NamesThePageTheQueryAndTheComment) {
  EXPECT_EQ(comments::CommentLink("/a/", 0, 5), "/a/#comment-5");
  EXPECT_EQ(comments::CommentLink("/a/", 3, 5), "/a/comment-page-3/#comment-5");
  EXPECT_EQ(comments::CommentLink("https://x.org/a/", 2, 9, "unapproved=9&moderation-hash=ab"),
            "https://x.org/a/comment-page-2/?unapproved=9&moderation-hash=ab#comment-9");
}

}  // namespace
}  // namespace quire::site
