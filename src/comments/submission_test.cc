#include "comments/submission.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace quire::comments {
namespace {

using store::CommentStatus;

constexpr int64_t kNow = 1'700'000'000;
constexpr int64_t kDay = 86400;

// ---- an in-memory store: the seam that keeps these tests off SQLite ----

struct FakeData {
  std::vector<store::Post> posts;
  std::vector<store::Comment> comments;
  std::vector<std::string> tags;
  int64_t next_id = 100;
};

std::unexpected<Error> NotInFake() {
  return Fail(ErrorKind::kInternal, "not in the fake");
}

class FakeTransaction final : public store::Transaction {
 public:
  FakeTransaction(FakeData& data, bool fail_inserts) : data_(data), fail_inserts_(fail_inserts) {}

  Result<int64_t> InsertComment(const store::Comment& comment) override {
    if (fail_inserts_) return Fail(ErrorKind::kUnavailable, "disk full");
    data_.comments.push_back(comment);
    data_.comments.back().id = ++data_.next_id;
    return data_.next_id;
  }
  Status RecordChange(std::string_view tag) override {
    data_.tags.emplace_back(tag);
    return {};
  }
  Result<std::optional<store::Comment>> FindComment(int64_t id) override {
    for (const auto& c : data_.comments) {
      if (c.id == id) return c;
    }
    return std::nullopt;
  }
  Result<std::optional<store::Post>> FindPost(int64_t id) override {
    for (const auto& p : data_.posts) {
      if (p.id == id) return p;
    }
    return std::nullopt;
  }
  Result<bool> HasDuplicateComment(const store::Comment& n) override {
    return std::any_of(data_.comments.begin(), data_.comments.end(), [&](const auto& c) {
      return c.post_id == n.post_id && c.parent_id == n.parent_id && c.author == n.author &&
             (n.email.empty() || c.email == n.email) && c.content == n.content &&
             c.status != CommentStatus::kTrash;
    });
  }
  Result<std::optional<int64_t>> LastCommentTime(std::string_view ip,
                                                 std::string_view email) override {
    std::optional<int64_t> last;
    for (const auto& c : data_.comments) {
      bool same = (!ip.empty() && c.ip == ip) || (!email.empty() && c.email == email);
      if (same && (!last || c.created_at > *last)) last = c.created_at;
    }
    return last;
  }
  Result<bool> HasApprovedComment(std::string_view author, std::string_view email) override {
    return std::any_of(data_.comments.begin(), data_.comments.end(), [&](const auto& c) {
      return c.author == author && c.email == email && c.status == CommentStatus::kApproved;
    });
  }
  Result<int64_t> InsertPost(const store::Post&) override { return NotInFake(); }
  Status UpdatePost(const store::Post&) override { return NotInFake(); }
  Status SetCommentStatus(int64_t, CommentStatus, std::string_view) override { return NotInFake(); }
  Result<int64_t> InsertUser(const store::User&) override { return NotInFake(); }
  Status SetSetting(std::string_view, std::string_view) override { return NotInFake(); }
  Result<bool> SlugExists(std::string_view) override { return NotInFake(); }

 private:
  FakeData& data_;
  bool fail_inserts_;
};

// Runs each job at once on the calling thread; a failed job's changes are undone.
class FakeStore final : public store::Store {
 public:
  FakeData data;
  bool fail_inserts = false;
  int writes = 0;

  void Write(store::WriteJob job, store::WriteDone done) override {
    ++writes;
    FakeData before = data;
    FakeTransaction tx(data, fail_inserts);
    Status status = job(tx);
    if (!status) data = std::move(before);
    done(std::move(status));
  }
  Status WriteSync(store::WriteJob job) override {
    Status result;
    Write(std::move(job), [&](Status status) { result = std::move(status); });
    return result;
  }
  Result<std::optional<store::Post>> FindPost(int64_t id) override {
    return FakeTransaction(data, false).FindPost(id);
  }
  Result<std::optional<store::Comment>> FindComment(int64_t id) override {
    return FakeTransaction(data, false).FindComment(id);
  }
  Result<std::optional<store::Post>> FindPostBySlug(std::string_view) override {
    return NotInFake();
  }
  Result<std::vector<store::Post>> ListPublished(int, int) override { return NotInFake(); }
  Result<int64_t> CountPublished() override { return NotInFake(); }
  Result<std::vector<store::Comment>> ListComments(const store::CommentQuery&) override {
    return NotInFake();
  }
  Result<int64_t> CountApprovedComments(int64_t) override { return NotInFake(); }
  Result<std::vector<store::Comment>> ListCommentsByStatus(std::optional<store::CommentStatus>, int,
                                                           int) override {
    return NotInFake();
  }
  Result<std::optional<store::User>> FindUser(int64_t) override { return NotInFake(); }
  Result<std::optional<store::User>> FindUserByLogin(std::string_view) override {
    return NotInFake();
  }
  Result<std::map<std::string, std::string>> LoadSettings() override { return NotInFake(); }
  Result<int64_t> LatestChange() override { return NotInFake(); }
  Result<std::vector<store::Change>> ChangesSince(int64_t) override { return NotInFake(); }
  void OnCommit(std::function<void(const std::vector<std::string>&)>) override {}
  void Close() override {}
};

// ---- helpers ----

store::Post MakePost(int64_t id, store::PostStatus status = store::PostStatus::kPublish) {
  store::Post post;
  post.id = id;
  post.slug = "post-" + std::to_string(id);
  post.title = "Post";
  post.status = status;
  post.published_at = kNow - kDay;
  return post;
}

store::Comment Existing(int64_t id, int64_t post_id, CommentStatus status,
                        std::string content = "Earlier words") {
  store::Comment comment;
  comment.id = id;
  comment.post_id = post_id;
  comment.author = "Ada";
  comment.email = "ada@example.com";
  comment.ip = "192.0.2.1";
  comment.content = std::move(content);
  comment.status = status;
  comment.created_at = kNow - kDay;
  return comment;
}

Submission Valid() {
  Submission s;
  s.post_id = 1;
  s.author = "Ada";
  s.email = "ada@example.com";
  s.url = "https://ada.example.com";
  s.content = "Hello there";
  s.ip = "192.0.2.1";
  s.user_agent = "Mozilla/5.0";
  return s;
}

class SubmitTest : public ::testing::Test {
 protected:
  SubmitTest() {
    store_.data.posts = {MakePost(1), MakePost(2), MakePost(3, store::PostStatus::kDraft),
                         MakePost(4, store::PostStatus::kPrivate),
                         MakePost(5, store::PostStatus::kTrash)};
  }

  Result<Accepted> Run(Submission submission, int64_t now = kNow) {
    std::optional<Result<Accepted>> result;
    Submit(store_, settings_, std::move(submission), now,
           [&](Result<Accepted> r) { result = std::move(r); });
    EXPECT_TRUE(result.has_value()) << "done was not called";
    return result.value_or(Fail(ErrorKind::kInternal, "no answer"));
  }

  // The refusal's kind and message, or "ok".
  std::string Refusal(Submission submission, int64_t now = kNow) {
    auto result = Run(std::move(submission), now);
    if (result) return "ok";
    return std::string(ErrorKindName(result.error().kind)) + ": " + result.error().message;
  }

  std::string Expect(ErrorKind kind, std::string_view message) {
    return std::string(ErrorKindName(kind)) + ": " + std::string(message);
  }

  FakeStore store_;
  store::Settings settings_;
};

// ---- the happy path ----

TEST_F(SubmitTest, StoresTheCommentWithItsIdTimeAndChangeTags) {
  auto result = Run(Valid());
  ASSERT_TRUE(result) << result.error().message;
  const store::Comment& c = result->comment;
  EXPECT_GT(c.id, 0);
  EXPECT_EQ(c.created_at, kNow);
  EXPECT_EQ(c.author, "Ada");
  EXPECT_EQ(c.content, "Hello there");
  EXPECT_EQ(c.ip, "192.0.2.1");
  // comment_previously_approved is on by default: a first comment is held.
  EXPECT_EQ(c.status, CommentStatus::kPending);
  EXPECT_EQ(c.reason, "held: first comment from this author");
  ASSERT_EQ(store_.data.comments.size(), 1u);
  EXPECT_EQ(store_.data.comments[0].id, c.id);
  EXPECT_EQ(store_.data.tags, (std::vector<std::string>{"post:1", "front", "comments"}));
}

TEST_F(SubmitTest, AnAuthorWithAnApprovedCommentIsApproved) {
  store_.data.comments.push_back(Existing(7, 2, CommentStatus::kApproved));
  auto result = Run(Valid());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->comment.status, CommentStatus::kApproved);
  EXPECT_EQ(result->comment.reason, "");
}

TEST_F(SubmitTest, FieldsAreTrimmedAndCleaned) {
  Submission s = Valid();
  s.author = "  <b>Ada</b>\x01 ";
  s.email = " ada@example.com\n";
  s.content = std::string("\n  Line one\0\x07\tand\r\nline two  \n", 30);
  s.ip = "192.0.2.1<script>";
  s.user_agent = std::string(300, 'u') + "\n";
  auto result = Run(s);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->comment.author, "Ada");
  EXPECT_EQ(result->comment.email, "ada@example.com");
  EXPECT_EQ(result->comment.content, "Line one\tand\nline two");
  EXPECT_EQ(result->comment.ip, "192.0.2.1c");  // only address characters survive
  EXPECT_EQ(result->comment.user_agent, std::string(254, 'u'));
}

// As WordPress's esc_url_raw on pre_comment_author_url: only a web address is kept as the
// website (the comment itself is accepted); a scheme-less one gets http://.
TEST_F(SubmitTest, OnlyAWebAddressIsKeptAsTheWebsite) {
  settings_.comment_flood_seconds = 0;
  int n = 0;
  for (std::string_view bad :
       {"javascript:alert(document.cookie)", " JavaScript:alert(1)", "java\tscript:alert(1)",
        "data:text/html,<script>x</script>", "vbscript:x", "//evil.example/", "/admin/"}) {
    Submission s = Valid();
    s.url = std::string(bad);
    s.content = "Comment " + std::to_string(++n);
    auto result = Run(s);
    ASSERT_TRUE(result) << bad << ": " << result.error().message;
    EXPECT_EQ(result->comment.url, "") << bad;
  }
  Submission bare = Valid();
  bare.url = "ada.example.com/me";
  bare.content = "Bare";
  auto result = Run(bare);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->comment.url, "http://ada.example.com/me");
}

// ---- each check, its kind and WordPress's sentence ----

TEST_F(SubmitTest, Check1RepliesOnlyToApprovedCommentsOfThePost) {
  store_.data.comments = {
      Existing(10, 1, CommentStatus::kApproved), Existing(11, 1, CommentStatus::kPending),
      Existing(12, 2, CommentStatus::kApproved), Existing(13, 1, CommentStatus::kSpam)};
  const std::string refused =
      Expect(ErrorKind::kForbidden, "Sorry, replies to unapproved comments are not allowed.");
  for (int64_t parent : {11, 12, 13, 99}) {
    Submission s = Valid();
    s.parent_id = parent;
    EXPECT_EQ(Refusal(s), refused) << "parent " << parent;
  }
  Submission ok = Valid();
  ok.parent_id = 10;
  auto result = Run(ok);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->comment.parent_id, 10);
}

TEST_F(SubmitTest, Check2AMissingPostIsNotFound) {
  Submission s = Valid();
  s.post_id = 404;
  EXPECT_EQ(Refusal(s), Expect(ErrorKind::kNotFound, ""));
}

TEST_F(SubmitTest, Check3ClosedComments) {
  const std::string closed =
      Expect(ErrorKind::kForbidden, "Sorry, comments are closed for this item.");
  store_.data.posts[0].comments_open = false;
  EXPECT_EQ(Refusal(Valid()), closed);

  store_.data.posts[0].comments_open = true;
  settings_.close_comments_for_old_posts = true;
  settings_.close_comments_days_old = 14;
  store_.data.posts[0].published_at = kNow - 15 * kDay;
  EXPECT_EQ(Refusal(Valid()), closed);
  store_.data.posts[0].published_at = kNow - 13 * kDay;
  EXPECT_EQ(Refusal(Valid()), "ok");
}

TEST_F(SubmitTest, Check4DraftPrivateAndTrashedPosts) {
  const std::string refused =
      Expect(ErrorKind::kForbidden, "Sorry, comments are not allowed for this item.");
  for (int64_t post : {3, 4, 5}) {
    Submission s = Valid();
    s.post_id = post;
    EXPECT_EQ(Refusal(s), refused) << "post " << post;
  }
}

TEST_F(SubmitTest, Check5RegistrationRequired) {
  settings_.comment_registration = true;
  EXPECT_EQ(Refusal(Valid()),
            Expect(ErrorKind::kForbidden, "Sorry, you must be logged in to comment."));
  Submission user = Valid();
  user.user_id = 3;
  EXPECT_EQ(Refusal(user), "ok");
}

TEST_F(SubmitTest, Checks6To9Fields) {
  auto with = [](auto change) {
    Submission s = Valid();
    change(s);
    return s;
  };
  auto invalid = [&](std::string_view message) { return Expect(ErrorKind::kInvalid, message); };
  EXPECT_EQ(Refusal(with([](Submission& s) { s.author = "  "; })),
            invalid("Please fill the required fields."));
  EXPECT_EQ(Refusal(with([](Submission& s) { s.email = ""; })),
            invalid("Please fill the required fields."));
  EXPECT_EQ(Refusal(with([](Submission& s) { s.email = "ada@example"; })),
            invalid("Please enter a valid email address."));
  EXPECT_EQ(Refusal(with([](Submission& s) { s.content = " \n\t "; })),
            invalid("Please type your comment text."));
  EXPECT_EQ(Refusal(with([](Submission& s) { s.author = std::string(246, 'a'); })),
            invalid("Your name is too long."));
  EXPECT_EQ(Refusal(with([](Submission& s) { s.email = std::string(90, 'a') + "@example.com"; })),
            invalid("Your email address is too long."));
  EXPECT_EQ(Refusal(with([](Submission& s) { s.url = "https://x.org/" + std::string(200, 'a'); })),
            invalid("Your URL is too long."));
  EXPECT_EQ(Refusal(with([](Submission& s) { s.content = std::string(65526, 'a'); })),
            invalid("Your comment is too long."));
  EXPECT_EQ(Refusal(with([](Submission& s) { s.content = std::string(65525, 'a'); })), "ok");
  EXPECT_EQ(store_.writes, 1) << "refused fields never reach the writer";
}

TEST_F(SubmitTest, LimitsCountBytesNotCharacters) {
  Submission s = Valid();
  s.author = "";
  for (int i = 0; i < 123; ++i) s.author += "ə";  // 246 bytes, 123 characters
  EXPECT_EQ(Refusal(s), Expect(ErrorKind::kInvalid, "Your name is too long."));
}

TEST_F(SubmitTest, InvalidUtf8IsRefused) {
  Submission s = Valid();
  s.content = "bad \xC3\x28 byte";
  auto result = Run(s);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(result.error().message.find("UTF-8"), std::string::npos);
}

TEST_F(SubmitTest, NameAndEmailOptionalWhenTheSettingIsOff) {
  settings_.require_name_email = false;
  Submission s = Valid();
  s.author = "";
  s.email = "";
  auto result = Run(s);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->comment.status, CommentStatus::kPending);  // nobody to recognise
}

TEST_F(SubmitTest, LoggedInUsersNeedNoNameOrEmailInTheForm) {
  Submission s = Valid();
  s.user_id = 2;
  s.email = "";
  EXPECT_EQ(Refusal(s), "ok");
}

TEST_F(SubmitTest, Check10Duplicates) {
  settings_.comment_flood_seconds = 0;
  const std::string duplicate =
      Expect(ErrorKind::kConflict,
             "Duplicate comment detected; it looks as though you\u2019ve already said that!");
  ASSERT_EQ(Refusal(Valid()), "ok");
  EXPECT_EQ(Refusal(Valid()), duplicate);
  Submission padded = Valid();
  padded.content = "  Hello there \n";
  EXPECT_EQ(Refusal(padded), duplicate) << "compared after trimming";

  store_.data.comments.push_back(Existing(10, 1, CommentStatus::kApproved));
  Submission reply = Valid();
  reply.parent_id = 10;
  EXPECT_EQ(Refusal(reply), "ok") << "another parent is another conversation";

  Submission other_post = Valid();
  other_post.post_id = 2;
  EXPECT_EQ(Refusal(other_post), "ok");
}

TEST_F(SubmitTest, Check10ATrashedCommentIsNoDuplicate) {
  settings_.comment_flood_seconds = 0;
  store_.data.comments.push_back(Existing(10, 1, CommentStatus::kTrash, "Hello there"));
  EXPECT_EQ(Refusal(Valid()), "ok");
}

TEST_F(SubmitTest, Check11Flood) {
  const std::string flood =
      Expect(ErrorKind::kRateLimited, "You are posting comments too quickly. Slow down.");
  ASSERT_EQ(Refusal(Valid(), kNow), "ok");
  Submission next = Valid();
  next.content = "Something else";
  EXPECT_EQ(Refusal(next, kNow + 14), flood);

  Submission same_email = next;
  same_email.ip = "198.51.100.7";
  EXPECT_EQ(Refusal(same_email, kNow + 14), flood);

  Submission stranger = next;
  stranger.ip = "198.51.100.7";
  stranger.email = "bob@example.com";
  stranger.author = "Bob";
  EXPECT_EQ(Refusal(stranger, kNow + 1), "ok");

  EXPECT_EQ(Refusal(next, kNow + 15), "ok");
}

TEST_F(SubmitTest, Check11ModeratorsAndZeroAreExempt) {
  ASSERT_EQ(Refusal(Valid()), "ok");
  Submission moderator = Valid();
  moderator.content = "Again";
  moderator.is_moderator = true;
  EXPECT_EQ(Refusal(moderator, kNow + 1), "ok");

  settings_.comment_flood_seconds = 0;
  Submission visitor = Valid();
  visitor.content = "And again";
  EXPECT_EQ(Refusal(visitor, kNow + 1), "ok");
}

TEST_F(SubmitTest, Check12StoreFailureLeavesNothingBehind) {
  store_.fail_inserts = true;
  EXPECT_EQ(Refusal(Valid()), Expect(ErrorKind::kUnavailable,
                                     "The comment could not be saved. Please try again later."));
  EXPECT_TRUE(store_.data.comments.empty());
  EXPECT_TRUE(store_.data.tags.empty());
}

TEST_F(SubmitTest, AfterStoreRunsInTheSameTransactionWithTheStoredComment) {
  int64_t seen_id = 0;
  std::optional<Result<Accepted>> result;
  Submit(
      store_, settings_, Valid(), kNow, [&](Result<Accepted> r) { result = std::move(r); },
      [&](store::Transaction&, const store::Comment& stored) -> Status {
        seen_id = stored.id;
        return {};
      });
  ASSERT_TRUE(result && *result);
  EXPECT_EQ(seen_id, (*result)->comment.id);
}

TEST_F(SubmitTest, AFailingAfterStoreTakesTheCommentBackWithIt) {
  std::optional<Result<Accepted>> result;
  Submit(
      store_, settings_, Valid(), kNow, [&](Result<Accepted> r) { result = std::move(r); },
      [](store::Transaction&, const store::Comment&) -> Status {
        return Fail(ErrorKind::kInternal, "the outbox is full");
      });
  ASSERT_TRUE(result);
  ASSERT_FALSE(*result);
  EXPECT_EQ(result->error().kind, ErrorKind::kUnavailable);
  EXPECT_TRUE(store_.data.comments.empty());
  EXPECT_TRUE(store_.data.tags.empty());
}

// ---- the earlier check wins ----

TEST_F(SubmitTest, EarlierChecksWin) {
  Submission s = Valid();
  s.parent_id = 99;  // 1
  s.post_id = 404;   // 2
  EXPECT_EQ(Refusal(s), Expect(ErrorKind::kForbidden,
                               "Sorry, replies to unapproved comments are not allowed."));

  store_.data.posts[0].comments_open = false;  // 3, with an empty comment (8)
  Submission empty = Valid();
  empty.content = "";
  EXPECT_EQ(Refusal(empty),
            Expect(ErrorKind::kForbidden, "Sorry, comments are closed for this item."));

  Submission draft = Valid();  // 4, with a missing name (6)
  draft.post_id = 3;
  draft.author = "";
  EXPECT_EQ(Refusal(draft),
            Expect(ErrorKind::kForbidden, "Sorry, comments are not allowed for this item."));

  store_.data.posts[0].comments_open = true;
  settings_.comment_registration = true;  // 5, with a bad email (7)
  Submission visitor = Valid();
  visitor.email = "nope";
  EXPECT_EQ(Refusal(visitor),
            Expect(ErrorKind::kForbidden, "Sorry, you must be logged in to comment."));
}

TEST_F(SubmitTest, FieldChecksKeepWordPressOrder) {
  Submission s = Valid();
  s.author = "";                        // 6
  s.content = std::string(70000, 'x');  // 9
  EXPECT_EQ(Refusal(s), Expect(ErrorKind::kInvalid, "Please fill the required fields."));
  s = Valid();
  s.email = "not-an-email";  // 7
  s.content = "";            // 8
  EXPECT_EQ(Refusal(s), Expect(ErrorKind::kInvalid, "Please enter a valid email address."));
  s = Valid();
  s.content = "";                 // 8
  s.url = std::string(300, 'u');  // 9
  EXPECT_EQ(Refusal(s), Expect(ErrorKind::kInvalid, "Please type your comment text."));
  s = Valid();
  s.author = std::string(300, 'a');  // 9: name before email, url and text
  s.url = std::string(300, 'u');
  EXPECT_EQ(Refusal(s), Expect(ErrorKind::kInvalid, "Your name is too long."));
}

TEST_F(SubmitTest, DuplicateIsReportedBeforeFlood) {
  ASSERT_EQ(Refusal(Valid()), "ok");
  auto result = Run(Valid(), kNow + 1);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kConflict);
}

TEST_F(SubmitTest, DecisionIsStored) {
  settings_.disallowed_keys = "casino";
  Submission s = Valid();
  s.content = "Best CASINO in town";
  auto result = Run(s);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->comment.status, CommentStatus::kTrash);
  EXPECT_EQ(store_.data.comments.at(0).status, CommentStatus::kTrash);
  EXPECT_EQ(store_.data.comments.at(0).reason, "trashed: disallowed key \"casino\" in content");
}

// ---- Decide ----

store::Comment Plain() {
  store::Comment c;
  c.author = "Ada";
  c.email = "ada@example.com";
  c.url = "https://ada.example.com";
  c.content = "Nice post";
  c.ip = "192.0.2.1";
  c.user_agent = "Mozilla/5.0";
  return c;
}

TEST(Decide, ApprovesAKnownAuthor) {
  store::Settings settings;
  EXPECT_EQ(Decide(Plain(), settings, false, true).status, CommentStatus::kApproved);
  Decision held = Decide(Plain(), settings, false, false);
  EXPECT_EQ(held.status, CommentStatus::kPending);
  EXPECT_EQ(held.reason, "held: first comment from this author");
  settings.comment_previously_approved = false;
  EXPECT_EQ(Decide(Plain(), settings, false, false).status, CommentStatus::kApproved);
}

TEST(Decide, ModeratorsAreAlwaysApproved) {
  store::Settings settings;
  settings.comment_moderation = true;
  settings.disallowed_keys = "nice";
  settings.moderation_keys = "nice";
  EXPECT_EQ(Decide(Plain(), settings, true, false).status, CommentStatus::kApproved);
}

TEST(Decide, ManualModerationHoldsEverything) {
  store::Settings settings;
  settings.comment_moderation = true;
  Decision d = Decide(Plain(), settings, false, true);
  EXPECT_EQ(d.status, CommentStatus::kPending);
  EXPECT_EQ(d.reason, "held: manual moderation");
}

TEST(Decide, HoldsAtTheLinkLimit) {
  store::Settings settings;  // hold at 2
  store::Comment c = Plain();
  c.content = "see http://a.org";
  EXPECT_EQ(Decide(c, settings, false, true).status, CommentStatus::kApproved);
  c.content = "see http://a.org and <a href=\"http://b.org\">b</a>";
  Decision d = Decide(c, settings, false, true);
  EXPECT_EQ(d.status, CommentStatus::kPending);
  EXPECT_EQ(d.reason, "held: 2 links (hold at 2)");
  c.content += " www.c.org";
  EXPECT_EQ(Decide(c, settings, false, true).reason, "held: 3 links (hold at 2)");
  settings.comment_max_links = 0;  // off
  EXPECT_EQ(Decide(c, settings, false, true).status, CommentStatus::kApproved);
  settings.comment_max_links = 1;
  c.content = "one http://a.org";
  EXPECT_EQ(Decide(c, settings, false, true).reason, "held: 1 link (hold at 1)");
}

TEST(Decide, ModerationKeysMatchEveryFieldIgnoringCase) {
  struct Case {
    std::string key;
    std::string field;
  };
  for (const Case& k :
       {Case{"ADA", "name"}, Case{"@EXAMPLE.com", "email"}, Case{"ada.example", "url"},
        Case{"nice", "content"}, Case{"192.0.2", "IP"}, Case{"mozilla", "user agent"}}) {
    store::Settings settings;
    settings.moderation_keys = "\n  \nunrelated\n   " + k.key + "  \n";
    Decision d = Decide(Plain(), settings, false, true);
    EXPECT_EQ(d.status, CommentStatus::kPending) << k.key;
    EXPECT_EQ(d.reason, "held: moderation key \"" + k.key + "\" in " + k.field);
  }
  store::Settings settings;
  settings.moderation_keys = "\n\n   \nviagra\n";
  EXPECT_EQ(Decide(Plain(), settings, false, true).status, CommentStatus::kApproved);
}

TEST(Decide, KeysFoldCaseBeyondAscii) {
  store::Settings settings;
  settings.moderation_keys = "СПАМ\nƏLA";
  store::Comment c = Plain();
  c.content = "Это спам";
  EXPECT_EQ(Decide(c, settings, false, true).reason, "held: moderation key \"СПАМ\" in content");
  c.content = "Çox əla yazı";
  EXPECT_EQ(Decide(c, settings, false, true).reason, "held: moderation key \"ƏLA\" in content");
}

TEST(Decide, DisallowedKeysTrashAndWinOverHolding) {
  store::Settings settings;
  settings.comment_moderation = true;
  settings.disallowed_keys = "\n198.51.100.\nspam\n";
  store::Comment c = Plain();
  c.content = "buy sp<b></b>am";
  Decision d = Decide(c, settings, false, false);
  EXPECT_EQ(d.status, CommentStatus::kTrash);
  EXPECT_EQ(d.reason, "trashed: disallowed key \"spam\" in content");
  c = Plain();
  c.ip = "198.51.100.9";
  EXPECT_EQ(Decide(c, settings, false, true).reason,
            "trashed: disallowed key \"198.51.100.\" in IP");
}

// ---- is_email ----

TEST(IsEmail, FollowsWordPressRules) {
  for (std::string_view good :
       {"ada@example.com", "a.b+c@mail.example.org", "x_y@a-b.co", "o'hara@example.ie", "a@b.cd"}) {
    EXPECT_TRUE(IsEmail(good)) << good;
  }
  for (std::string_view bad :
       {"a@b.c", "ada@example", "@example.com", "ada example@x.org", "ada@-example.com",
        "ada@example-.com", "ada@example..com", "ada@.example.com", "ada@example.com.",
        "ada@exa_mple.com", "ada@b@c.com", "ада@example.com", "ada@пример.рф", ""}) {
    EXPECT_FALSE(IsEmail(bad)) << bad;
  }
}

}  // namespace
}  // namespace quire::comments
