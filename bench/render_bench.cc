// First views (cache misses) measured without the network: the seed article of bench/run-wrk
// (~3,000 words of Markdown, 50 comments) and a 10-post archive page, rendered from a real
// SQLite store with the built-in theme; FirstView adds the gzip form a reader waits for,
// MissAndCache every form of the cached page. Run: build/release/bench/quire_micro_bench
// --benchmark_filter='Article|Archive' For repeatable instruction counts under load:
//   valgrind --tool=callgrind build/release/bench/quire_micro_bench
//     --benchmark_filter=BM_ArticleRender --benchmark_min_time=50x  (one line)
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "cache/page_cache.h"
#include "site/article_page.h"
#include "site/list_page.h"
#include "site/theme.h"
#include "store/records.h"
#include "store/sqlite/sqlite_store.h"

namespace {

namespace store = quire::store;
namespace site = quire::site;

constexpr int kComments = 50;
constexpr int kArchivePosts = 10;
constexpr int64_t kPublished = 1714558830;  // 2024-05-01T10:20:30Z

// ~3,000 words in 15 sections of 4 paragraphs (as bench/run-wrk's make_article).
std::string ArticleMarkdown() {
  const std::vector<std::string> words = {
      "quire",    "serves", "every",   "article",     "from",    "memory",   "while",   "the",
      "writer",   "thread", "keeps",   "comments",    "durable", "readers",  "rarely",  "notice",
      "how",      "much",   "careful", "engineering", "hides",   "behind",   "a",       "quiet",
      "page",     "that",   "loads",   "before",      "they",    "blink",    "and",     "stays",
      "readable", "on",     "small",   "screens",     "with",    "generous", "margins", "simple"};
  std::string text;
  uint64_t seed = 7;
  for (int s = 1; s <= 15; ++s) {
    text += "## Section " + std::to_string(s) + ": notes on publishing\n\n";
    for (int p = 1; p <= 4; ++p) {
      for (int w = 0; w < 50; ++w) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += words[seed % words.size()] + " ";
      }
      if (p == 2)
        text += "with **emphasis** and a [link](https://example.com/" + std::to_string(s) + ").";
      text += "\n\n";
    }
  }
  return text;
}

// A data folder with the article, its comments and more posts for the archive; removed at exit.
struct Seed {
  Seed() {
    dir = std::filesystem::temp_directory_path() /
          ("quire-render-bench-" + std::to_string(std::random_device()()));
    std::filesystem::create_directories(dir);
    auto opened = store::OpenSqlite({.file = dir / "quire.db"});
    if (!opened) throw std::runtime_error(opened.error().message);
    db = std::move(*opened);
    settings.secret = "bench-secret";
    theme = std::make_unique<site::Theme>("");
    auto written = db->WriteSync([&](store::Transaction& tx) -> quire::Status {
      for (int i = 0; i <= kArchivePosts; ++i) {
        store::Post item;
        item.title = i == 0 ? "A long article for the benchmark" : "Post " + std::to_string(i);
        item.slug = i == 0 ? "bench-article" : "post-" + std::to_string(i);
        item.body = ArticleMarkdown();
        item.format = store::PostFormat::kMarkdown;
        item.published_at = item.modified_at = kPublished + i;
        auto id = tx.InsertPost(item);
        if (!id) return std::unexpected(id.error());
        item.id = *id;
        (i == 0 ? post : archive.emplace_back()) = item;
      }
      for (int i = 1; i <= kComments; ++i) {
        store::Comment comment;
        comment.post_id = post.id;
        comment.author = "Reader " + std::to_string(i);
        comment.email = "reader" + std::to_string(i) + "@example.com";
        comment.content = "Comment " + std::to_string(i) +
                          ": thank you for this article, the third section was the most useful "
                          "part for me.";
        comment.created_at = kPublished + 60 * i;
        comment.status = store::CommentStatus::kApproved;
        if (auto id = tx.InsertComment(comment); !id) return std::unexpected(id.error());
      }
      return {};
    });
    if (!written) throw std::runtime_error(written.error().message);
  }
  ~Seed() {
    db->Close();
    std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  std::unique_ptr<store::Store> db;
  store::Settings settings;
  std::unique_ptr<site::Theme> theme;
  store::Post post;
  std::vector<store::Post> archive;
};

Seed& TheSeed() {
  static Seed seed;
  return seed;
}

std::string RenderArticle(Seed& seed) {
  site::ArticlePage page(*seed.db, *seed.theme);
  site::ArticleView view;
  view.now = kPublished + 86400;
  auto html = page.Render(seed.post, seed.settings, view);
  if (!html) throw std::runtime_error(html.error().message);
  return std::move(*html);
}

std::string RenderArchive(Seed& seed) {
  site::ListPage list(*seed.db, *seed.theme);
  site::ListView view{.heading = "Category: Notes", .base_path = "/category/notes/"};
  view.items = seed.archive;
  auto html = list.Render(view, site::PageMeta{.title = "Notes"}, seed.settings);
  if (!html) throw std::runtime_error(html.error().message);
  return std::move(html->html);
}

void BM_ArticleRender(benchmark::State& state) {
  Seed& seed = TheSeed();
  for (auto _ : state) benchmark::DoNotOptimize(RenderArticle(seed));
}
BENCHMARK(BM_ArticleRender)->Unit(benchmark::kMicrosecond);

// What a reader asking for gzip waits for: the render and the gzip form (site.cc: Answer).
void BM_ArticleFirstView(benchmark::State& state) {
  Seed& seed = TheSeed();
  for (auto _ : state) {
    auto page = quire::cache::MakePartialPage(200, "text/html; charset=utf-8", RenderArticle(seed),
                                              quire::cache::Encoding::kGzip);
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_ArticleFirstView)->Unit(benchmark::kMicrosecond);

// The whole work of a miss: the render and every form of the page that is cached.
void BM_ArticleMissAndCache(benchmark::State& state) {
  Seed& seed = TheSeed();
  for (auto _ : state) {
    auto page = quire::cache::MakePage(200, "text/html; charset=utf-8", RenderArticle(seed));
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_ArticleMissAndCache)->Unit(benchmark::kMicrosecond);

void BM_ArchiveRender(benchmark::State& state) {
  Seed& seed = TheSeed();
  for (auto _ : state) benchmark::DoNotOptimize(RenderArchive(seed));
}
BENCHMARK(BM_ArchiveRender)->Unit(benchmark::kMicrosecond);

void BM_ArchiveFirstView(benchmark::State& state) {
  Seed& seed = TheSeed();
  for (auto _ : state) {
    auto page = quire::cache::MakePartialPage(200, "text/html; charset=utf-8", RenderArchive(seed),
                                              quire::cache::Encoding::kGzip);
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_ArchiveFirstView)->Unit(benchmark::kMicrosecond);

}  // namespace
