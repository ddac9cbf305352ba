// Inner loops of the hot paths, measured with Google Benchmark. Build in Release and run:
//   build/release/bench/quire_micro_bench [--benchmark_filter=Find]
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "cache/page_cache.h"
#include "content/markdown.h"

namespace {

// A long Markdown article: headings, paragraphs with inline markup, lists, code and a table.
std::string LongMarkdownArticle(size_t bytes) {
  std::string text = "# A long article\n\n";
  for (int section = 1; text.size() < bytes; ++section) {
    text += "## Section " + std::to_string(section) + "\n\n";
    text +=
        "Some *emphasis*, some **strong** text, `inline code`, a [link](https://example.com/) "
        "and ~~struck~~ words; www.example.org is linked by itself. The quick brown fox jumps "
        "over the lazy dog, again and again, to fill the paragraph with ordinary prose.\n\n";
    text += "- first item\n- second item with *markup*\n- [x] a finished task\n\n";
    text += "```cpp\nint main() { return 0; }\n```\n\n";
    text += "| name | value |\n|------|------:|\n| a | 1 |\n| b | 2 |\n\n";
  }
  return text;
}

std::string ArticleHtml(size_t bytes) {
  return "<!doctype html><html><body>" +
         quire::content::MarkdownToHtml(LongMarkdownArticle(bytes)) + "</body></html>";
}

// One cache shared by every thread of a multi-threaded run, filled once.
quire::cache::PageCache& FilledCache() {
  static quire::cache::PageCache cache;
  static const bool filled = [] {
    auto page = quire::cache::MakePage(200, "text/html; charset=utf-8", ArticleHtml(60 * 1024));
    for (int i = 0; i < 1000; ++i) {
      cache.Insert("/2024/05/01/post-" + std::to_string(i) + "/", page,
                   {"post:" + std::to_string(i), "front"}, cache.Version());
    }
    return true;
  }();
  (void)filled;
  return cache;
}

void BM_PageCacheFindHit(benchmark::State& state) {
  quire::cache::PageCache& cache = FilledCache();
  const std::string key = "/2024/05/01/post-" + std::to_string(state.thread_index() * 7) + "/";
  for (auto _ : state) {
    auto page = cache.Find(key);
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_PageCacheFindHit)->Threads(1)->Threads(2)->UseRealTime();

void BM_Negotiate(benchmark::State& state) {
  const std::string header = "gzip, deflate, br, zstd";  // what current browsers send
  for (auto _ : state) {
    benchmark::DoNotOptimize(quire::cache::Negotiate(header));
  }
}
BENCHMARK(BM_Negotiate);

void BM_MakePage60KB(benchmark::State& state) {
  const std::string html = ArticleHtml(60 * 1024);
  for (auto _ : state) {
    auto page = quire::cache::MakePage(200, "text/html; charset=utf-8", html);
    benchmark::DoNotOptimize(page);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * html.size()));
}
BENCHMARK(BM_MakePage60KB)->Unit(benchmark::kMillisecond);

void BM_MarkdownToHtmlLongArticle(benchmark::State& state) {
  const std::string markdown = LongMarkdownArticle(40 * 1024);
  for (auto _ : state) {
    benchmark::DoNotOptimize(quire::content::MarkdownToHtml(markdown));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * markdown.size()));
}
BENCHMARK(BM_MarkdownToHtmlLongArticle)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
