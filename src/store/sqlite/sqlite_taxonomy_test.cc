// Categories and tags of store/taxonomy.h on a real SQLite store: saving with unique slugs per
// taxonomy, the ancestor rule, look-ups, an item's terms, counts of published items kept through
// status changes and deletions, EnsureTerms for typed tag names, and deleting a term.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/publishing.h"
#include "store/sqlite/sqlite_store.h"
#include "store/taxonomy.h"
#include "store/testing/temp_dir.h"

namespace quire::store {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::IsSupersetOf;

class TaxonomyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqlite(SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    store_->OnCommit([this](const std::vector<std::string>& tags) {
      tags_.insert(tags_.end(), tags.begin(), tags.end());
    });
  }
  void TearDown() override { store_->Close(); }

  Result<Term> Save(Term term) {
    std::optional<Result<Term>> result;
    Status written = store_->WriteSync([&](Transaction& tx) -> Status {
      result.emplace(SaveTerm(tx, term));
      if (!*result) return std::unexpected(result->error());
      return {};
    });
    if (!written) return std::unexpected(written.error());
    return std::move(*result);
  }
  int64_t Category(std::string name, int64_t parent_id = 0) {
    auto saved = Save(
        {.taxonomy = std::string(kCategory), .name = name, .slug = name, .parent_id = parent_id});
    EXPECT_TRUE(saved) << saved.error().message;
    return saved ? saved->id : 0;
  }
  int64_t AddPost(PostStatus status = PostStatus::kPublish) {
    int64_t id = 0;
    Post post{.slug = "p" + std::to_string(++posts_), .status = status};
    EXPECT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
      auto inserted = tx.InsertPost(post);
      if (!inserted) return std::unexpected(inserted.error());
      id = *inserted;
      return {};
    }));
    return id;
  }
  Status Assign(int64_t post_id, std::string_view taxonomy, std::vector<int64_t> terms) {
    return store_->WriteSync(
        [&](Transaction& tx) { return SetItemTerms(tx, post_id, taxonomy, terms); });
  }
  int64_t CountOf(int64_t term_id) {
    auto term = FindTerm(*store_, term_id);
    EXPECT_TRUE(term && *term);
    return term && *term ? (*term)->count : -1;
  }
  std::vector<std::string> Slugs(const std::vector<Term>& terms) {
    std::vector<std::string> slugs;
    for (const Term& term : terms) slugs.push_back(term.slug);
    return slugs;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::string> tags_;
  int posts_ = 0;
};

TEST_F(TaxonomyTest, SavesTermsWithSlugsUniqueWithinTheirTaxonomy) {
  tags_.clear();
  auto news =
      Save({.taxonomy = "category", .name = "News", .slug = "news", .description = "All the news"});
  ASSERT_TRUE(news) << news.error().message;
  EXPECT_GT(news->id, 0);
  EXPECT_EQ(news->description, "All the news");
  EXPECT_THAT(tags_, ElementsAre("terms", "term:" + std::to_string(news->id)));
  auto again = Save({.taxonomy = "category", .name = "News!", .slug = "news"});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->slug, "news-2");
  auto tag = Save({.taxonomy = "post_tag", .name = "news", .slug = "news"});
  ASSERT_TRUE(tag);
  EXPECT_EQ(tag->slug, "news");  // another taxonomy may share it

  Term renamed = *news;
  renamed.name = "World News";
  auto updated = Save(renamed);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->id, news->id);
  EXPECT_EQ(updated->slug, "news");  // keeps its own slug

  auto by_slug = FindTermBySlug(*store_, kCategory, "news-2");
  ASSERT_TRUE(by_slug && *by_slug);
  EXPECT_EQ((*by_slug)->id, again->id);
  auto missing = FindTermBySlug(*store_, kPostTag, "news-2");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  auto listed = ListTerms(*store_, kCategory);
  ASSERT_TRUE(listed);
  EXPECT_THAT(Slugs(*listed), ElementsAre("news-2", "news"));  // by name: "News!", "World News"
  EXPECT_FALSE(Save({.taxonomy = "category", .name = "x", .slug = ""}));
}

TEST_F(TaxonomyTest, ACategoryCannotBeItsOwnAncestor) {
  int64_t top = Category("top");
  int64_t mid = Category("mid", top);
  int64_t low = Category("low", mid);
  auto ancestors = Ancestors(*store_, low);
  ASSERT_TRUE(ancestors);
  EXPECT_THAT(Slugs(*ancestors), ElementsAre("top", "mid"));

  auto top_term = FindTerm(*store_, top);
  ASSERT_TRUE(top_term && *top_term);
  Term cycle = **top_term;
  cycle.parent_id = low;
  auto refused = Save(cycle);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  cycle.parent_id = top;
  EXPECT_FALSE(Save(cycle));
  cycle.parent_id = 12345;  // no such parent
  EXPECT_FALSE(Save(cycle));

  // Moving a category records the archives it leaves and joins.
  auto low_term = FindTerm(*store_, low);
  ASSERT_TRUE(low_term && *low_term);
  Term moved = **low_term;
  moved.parent_id = top;
  tags_.clear();
  ASSERT_TRUE(Save(moved));
  EXPECT_THAT(tags_, IsSupersetOf({"term:" + std::to_string(low), "term:" + std::to_string(mid),
                                   "term:" + std::to_string(top)}));
}

TEST_F(TaxonomyTest, ItemTermsAreSetPerTaxonomyAndCountPublishedItems) {
  int64_t news = Category("news");
  int64_t sport = Category("sport");
  auto hot = Save({.taxonomy = "post_tag", .name = "Hot", .slug = "hot"});
  ASSERT_TRUE(hot);
  int64_t post = AddPost();
  int64_t draft = AddPost(PostStatus::kDraft);
  ASSERT_TRUE(Assign(post, kCategory, {news, sport}));
  ASSERT_TRUE(Assign(post, kPostTag, {hot->id}));
  ASSERT_TRUE(Assign(draft, kCategory, {news}));
  auto terms = TermsOf(*store_, post);
  ASSERT_TRUE(terms);
  EXPECT_THAT(Slugs(*terms), ElementsAre("news", "sport", "hot"));  // categories first
  EXPECT_EQ(CountOf(news), 1);
  EXPECT_EQ(CountOf(sport), 1);

  ASSERT_TRUE(Assign(post, kCategory, {sport}));  // the tag stays
  terms = TermsOf(*store_, post);
  ASSERT_TRUE(terms);
  EXPECT_THAT(Slugs(*terms), ElementsAre("sport", "hot"));
  EXPECT_EQ(CountOf(news), 0);

  Status wrong = Assign(post, kCategory, {hot->id});  // a tag is no category
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::kInvalid);

  // Publishing, unpublishing and deleting an item keep the counts right.
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto found = tx.FindPost(draft);
    if (!found || !*found) return Fail(ErrorKind::kInternal, "draft gone");
    Post published = **found;
    published.status = PostStatus::kPublish;
    return tx.UpdatePost(published);
  }));
  EXPECT_EQ(CountOf(news), 1);
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto found = tx.FindPost(post);
    if (!found || !*found) return Fail(ErrorKind::kInternal, "post gone");
    Post trashed = **found;
    trashed.status = PostStatus::kTrash;
    return tx.UpdatePost(trashed);
  }));
  EXPECT_EQ(CountOf(sport), 0);
  EXPECT_EQ(CountOf(hot->id), 0);
}

TEST_F(TaxonomyTest, EnsureTermsFindsByNameOrSlugAndCreatesTheRest) {
  auto existing = Save({.taxonomy = "post_tag", .name = "C++", .slug = "cpp"});
  ASSERT_TRUE(existing);
  std::vector<int64_t> ids;
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) -> Status {
    auto ensured = EnsureTerms(tx, kPostTag, {"c++", " New Thing ", "", "cpp", "Ünïcode"});
    if (!ensured) return std::unexpected(ensured.error());
    ids = *ensured;
    return {};
  }));
  ASSERT_EQ(ids.size(), 4u);  // the empty name is skipped
  EXPECT_EQ(ids[0], existing->id);
  EXPECT_EQ(ids[2], existing->id);
  auto created = FindTerm(*store_, ids[1]);
  ASSERT_TRUE(created && *created);
  EXPECT_EQ((*created)->name, "New Thing");
  EXPECT_EQ((*created)->slug, "new-thing");
  EXPECT_EQ((*created)->taxonomy, kPostTag);
  auto unicode = FindTerm(*store_, ids[3]);
  ASSERT_TRUE(unicode && *unicode);
  EXPECT_EQ((*unicode)->name, "Ünïcode");
}

TEST_F(TaxonomyTest, DeletingATermFreesItsItemsAndMovesItsChildrenUp) {
  int64_t top = Category("top");
  int64_t mid = Category("mid", top);
  int64_t low = Category("low", mid);
  int64_t post = AddPost();
  ASSERT_TRUE(Assign(post, kCategory, {mid}));
  tags_.clear();
  ASSERT_TRUE(store_->WriteSync([&](Transaction& tx) { return DeleteTerm(tx, mid); }));
  EXPECT_THAT(tags_, IsSupersetOf({"term:" + std::to_string(mid), "term:" + std::to_string(top),
                                   "post:" + std::to_string(post)}));
  auto gone = FindTerm(*store_, mid);
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
  auto terms = TermsOf(*store_, post);
  ASSERT_TRUE(terms);
  EXPECT_THAT(*terms, IsEmpty());
  auto child = FindTerm(*store_, low);
  ASSERT_TRUE(child && *child);
  EXPECT_EQ((*child)->parent_id, top);
  Status missing = store_->WriteSync([&](Transaction& tx) { return DeleteTerm(tx, mid); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace quire::store
