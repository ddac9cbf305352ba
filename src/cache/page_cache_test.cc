#include "cache/page_cache.h"

#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <malloc.h>
#include <zlib.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace quire::cache {
namespace {

// A compressible HTML body of about `bytes` bytes.
std::string Article(size_t bytes) {
  std::string body = "<!doctype html><html><body><article>";
  for (int i = 0; body.size() < bytes; ++i) {
    body += "<p>Paragraph " + std::to_string(i) +
            ": the quick brown fox jumps over the lazy dog.</p>\n";
  }
  return body + "</article></body></html>";
}

std::optional<std::string> Gunzip(const std::string& data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return std::nullopt;  // gzip wrapper only
  std::string out;
  char buffer[16384];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  if (result != Z_STREAM_END) return std::nullopt;
  return out;
}

std::optional<std::string> Unbrotli(const std::string& data, size_t expected_size) {
  std::string out(expected_size + 1, '\0');
  size_t size = out.size();
  if (BrotliDecoderDecompress(data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                              reinterpret_cast<uint8_t*>(out.data())) !=
      BROTLI_DECODER_RESULT_SUCCESS) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

std::shared_ptr<const Page> SmallPage(std::string body = "hello") {
  return MakePage(200, "text/html; charset=utf-8", std::move(body));
}

// ---- Negotiate ----

TEST(Negotiate, PrefersBrotliThenGzip) {
  EXPECT_EQ(Negotiate("gzip, deflate, br"), Encoding::kBrotli);
  EXPECT_EQ(Negotiate("gzip, deflate, br, zstd"), Encoding::kBrotli);
  EXPECT_EQ(Negotiate("gzip, deflate"), Encoding::kGzip);
  EXPECT_EQ(Negotiate("GZIP"), Encoding::kGzip);
  EXPECT_EQ(Negotiate("x-gzip"), Encoding::kGzip);
  EXPECT_EQ(Negotiate("deflate"), Encoding::kIdentity);
  EXPECT_EQ(Negotiate(""), Encoding::kIdentity);
  EXPECT_EQ(Negotiate("identity"), Encoding::kIdentity);
}

TEST(Negotiate, HonoursQValues) {
  EXPECT_EQ(Negotiate("br;q=0.5, gzip;q=0.8"), Encoding::kGzip);
  EXPECT_EQ(Negotiate("br;q=0.8, gzip;q=0.8"), Encoding::kBrotli);
  EXPECT_EQ(Negotiate("br ; q=1.000 , gzip;q=0.999"), Encoding::kBrotli);
  EXPECT_EQ(Negotiate("gzip;Q=0.1"), Encoding::kGzip);
  EXPECT_EQ(Negotiate("gzip;q=0.5, identity;q=1"), Encoding::kIdentity);
}

TEST(Negotiate, QZeroRefuses) {
  EXPECT_EQ(Negotiate("br;q=0, gzip"), Encoding::kGzip);
  EXPECT_EQ(Negotiate("br;q=0, gzip;q=0"), Encoding::kIdentity);
  EXPECT_EQ(Negotiate("br;q=0.0, gzip;q=0.000"), Encoding::kIdentity);
  EXPECT_EQ(Negotiate("*;q=0"), Encoding::kIdentity);
}

TEST(Negotiate, WildcardStandsForCodingsNotNamed) {
  EXPECT_EQ(Negotiate("*"), Encoding::kBrotli);
  EXPECT_EQ(Negotiate("br;q=0, *"), Encoding::kGzip);
  EXPECT_EQ(Negotiate("gzip;q=1, *;q=0.5"), Encoding::kGzip);
  EXPECT_EQ(Negotiate("*;q=0, gzip"), Encoding::kGzip);
}

TEST(Negotiate, IgnoresMalformedMembers) {
  EXPECT_EQ(Negotiate("br;q=2, gzip"), Encoding::kGzip);
  EXPECT_EQ(Negotiate("br;q=abc, gzip;q=0.5"), Encoding::kGzip);
  EXPECT_EQ(Negotiate("br;q=0.12345"), Encoding::kIdentity);
  EXPECT_EQ(Negotiate("br;q, gzip"), Encoding::kGzip);
  EXPECT_EQ(Negotiate(" , ,gzip,,"), Encoding::kGzip);
  EXPECT_EQ(Negotiate("brotli, gzipped"), Encoding::kIdentity);
}

TEST(ContentCoding, NamesTheEncodings) {
  EXPECT_EQ(ContentCoding(Encoding::kBrotli), "br");
  EXPECT_EQ(ContentCoding(Encoding::kGzip), "gzip");
  EXPECT_EQ(ContentCoding(Encoding::kIdentity), "");
}

// ---- MakePage ----

TEST(MakePage, CompressedFormsRoundTrip) {
  const std::string body = Article(60 * 1024);
  auto page = MakePage(200, "text/html; charset=utf-8", body);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
  ASSERT_NE(page->identity, nullptr);
  EXPECT_EQ(*page->identity, body);
  ASSERT_NE(page->gzip, nullptr);
  ASSERT_NE(page->brotli, nullptr);
  EXPECT_LT(page->gzip->size(), body.size());
  EXPECT_LT(page->brotli->size(), body.size());
  EXPECT_EQ(Gunzip(*page->gzip), body);
  EXPECT_EQ(Unbrotli(*page->brotli, body.size()), body);
  // Each buffer fits its bytes (the compressors' worst-case buffers were shrunk).
  const size_t content = body.size() + page->gzip->size() + page->brotli->size();
  EXPECT_GE(page->Bytes(), content);
  EXPECT_LE(page->Bytes(), content + 1024);
  EXPECT_LE(page->gzip->capacity(), page->gzip->size() + 15);
  EXPECT_LE(page->brotli->capacity(), page->brotli->size() + 15);
}

TEST(MakePage, SkipsCompressionForTinyBodies) {
  auto page = SmallPage(std::string(255, 'a'));
  EXPECT_EQ(page->gzip, nullptr);
  EXPECT_EQ(page->brotli, nullptr);
  EXPECT_NE(MakePage(200, "text/plain", std::string(256, 'a'))->gzip, nullptr);
}

TEST(MakePage, SkipsFormsThatAreNotSmaller) {
  // Bytes from a simple generator: incompressible enough that neither form saves anything.
  std::string noise;
  uint32_t state = 12345;
  for (int i = 0; i < 300; ++i) {
    state = state * 1664525u + 1013904223u;
    noise += static_cast<char>(state >> 24);
  }
  auto page = MakePage(200, "application/octet-stream", noise);
  EXPECT_EQ(page->gzip, nullptr);
  EXPECT_EQ(page->brotli, nullptr);
  EXPECT_EQ(*page->identity, noise);
}

TEST(MakePage, BodyFallsBackToIdentityAndSaysSo) {
  auto tiny = SmallPage();
  EXPECT_EQ(tiny->Chosen(Encoding::kBrotli), Encoding::kIdentity);
  EXPECT_EQ(tiny->Chosen(Encoding::kGzip), Encoding::kIdentity);
  EXPECT_EQ(tiny->Body(Encoding::kBrotli), tiny->identity);
  EXPECT_EQ(*tiny->Body(Encoding::kGzip), "hello");

  auto big = SmallPage(Article(4096));
  EXPECT_EQ(big->Chosen(Encoding::kBrotli), Encoding::kBrotli);
  EXPECT_EQ(big->Body(Encoding::kBrotli), big->brotli);
  EXPECT_EQ(big->Chosen(Encoding::kGzip), Encoding::kGzip);
  EXPECT_EQ(big->Body(Encoding::kGzip), big->gzip);
  EXPECT_EQ(big->Chosen(Encoding::kIdentity), Encoding::kIdentity);
  EXPECT_EQ(big->Body(Encoding::kIdentity), big->identity);
}

TEST(MakePage, EtagIsAQuotedStableHashOfTheBody) {
  auto a = SmallPage("body one");
  EXPECT_EQ(a->etag.size(), 2u + 32u);
  EXPECT_EQ(a->etag.front(), '"');
  EXPECT_EQ(a->etag.back(), '"');
  EXPECT_EQ(a->etag.find_first_not_of("0123456789abcdef", 1), a->etag.size() - 1);
  EXPECT_EQ(SmallPage("body one")->etag, a->etag);
  EXPECT_EQ(MakePage(404, "text/plain", "body one")->etag, a->etag);
  EXPECT_NE(SmallPage("body two")->etag, a->etag);
  EXPECT_NE(SmallPage("")->etag, a->etag);
}

TEST(MakePage, EachEncodingHasItsOwnStrongEtag) {
  auto big = MakePage(200, "text/html", std::string(4000, 'a'));
  ASSERT_NE(big->gzip, nullptr);
  ASSERT_NE(big->brotli, nullptr);
  EXPECT_NE(big->ETag(Encoding::kGzip), big->ETag(Encoding::kIdentity));
  EXPECT_NE(big->ETag(Encoding::kBrotli), big->ETag(Encoding::kGzip));
  EXPECT_EQ(big->ETag(Encoding::kIdentity), big->etag);
  auto tiny = SmallPage("tiny");  // no compressed forms: every request gets identity
  EXPECT_EQ(tiny->ETag(Encoding::kGzip), tiny->etag);
}

TEST(MakePage, APartialPageHasTheFormAskedForAndCompletesToMakePages) {
  const std::string body = Article(20 * 1024);
  auto whole = MakePage(200, "text/html", body);
  for (Encoding wanted : {Encoding::kIdentity, Encoding::kGzip, Encoding::kBrotli}) {
    auto partial = MakePartialPage(200, "text/html", body, wanted);
    EXPECT_EQ(partial->gzip != nullptr, wanted == Encoding::kGzip);
    EXPECT_EQ(partial->brotli != nullptr, wanted == Encoding::kBrotli);
    EXPECT_EQ(partial->Chosen(wanted), wanted);
    EXPECT_EQ(partial->ETag(wanted), whole->ETag(wanted));
    auto complete = CompletePage(*partial);
    EXPECT_EQ(complete->etag, whole->etag);
    ASSERT_NE(complete->gzip, nullptr);
    ASSERT_NE(complete->brotli, nullptr);
    EXPECT_EQ(*complete->gzip, *whole->gzip);
    EXPECT_EQ(*complete->brotli, *whole->brotli);
    EXPECT_EQ(complete->Bytes(), whole->Bytes());
    // The form sent already is shared, not made again.
    if (wanted == Encoding::kGzip) {
      EXPECT_EQ(complete->gzip, partial->gzip);
    }
    if (wanted == Encoding::kBrotli) {
      EXPECT_EQ(complete->brotli, partial->brotli);
    }
    EXPECT_EQ(complete->identity, partial->identity);
  }
}

// ---- PageCache ----

TEST(PageCache, FindsWhatWasInserted) {
  PageCache cache;
  EXPECT_EQ(cache.Find("/a/"), nullptr);
  auto page = SmallPage();
  EXPECT_TRUE(cache.Insert("/a/", page, {"post:1"}, cache.Version()));
  EXPECT_EQ(cache.Find("/a/"), page);
  EXPECT_EQ(cache.Find("/b/"), nullptr);
  EXPECT_EQ(cache.Size(), 1u);
}

TEST(PageCache, AnEntryPastItsMaximumAgeIsNotServed) {
  PageCache cache(1u << 20, std::chrono::seconds(0));
  auto page = SmallPage();
  EXPECT_TRUE(cache.Insert("/a/", page, {"post:1"}, cache.Version()));
  EXPECT_EQ(cache.Find("/a/"), nullptr);  // expired at once: the next view renders afresh
  auto fresh = SmallPage("fresh");
  EXPECT_TRUE(cache.Insert("/a/", fresh, {"post:1"}, cache.Version()));
  EXPECT_EQ(cache.Size(), 1u);  // replaced, not added
}

TEST(PageCache, InsertReplacesTheSameKey) {
  PageCache cache;
  auto first = SmallPage("first"), second = SmallPage("second");
  ASSERT_TRUE(cache.Insert("/a/", first, {"post:1"}, cache.Version()));
  const size_t bytes_with_first = cache.Bytes();
  ASSERT_TRUE(cache.Insert("/a/", second, {"post:2"}, cache.Version()));
  EXPECT_EQ(cache.Find("/a/"), second);
  EXPECT_EQ(cache.Size(), 1u);
  // The same entry costs, with the second page's bytes instead of the first's.
  EXPECT_EQ(cache.Bytes(), bytes_with_first - first->Bytes() + second->Bytes());
  // The old tag no longer reaches the new page.
  cache.Invalidate("post:1");
  EXPECT_EQ(cache.Find("/a/"), second);
  cache.Invalidate("post:2");
  EXPECT_EQ(cache.Find("/a/"), nullptr);
}

TEST(PageCache, RefusesNullPages) {
  PageCache cache;
  EXPECT_FALSE(cache.Insert("/a/", nullptr, {}, cache.Version()));
  EXPECT_EQ(cache.Size(), 0u);
}

TEST(PageCache, InvalidateDropsExactlyTheTaggedPages) {
  PageCache cache;
  const uint64_t v = cache.Version();
  ASSERT_TRUE(cache.Insert("/post-a/", SmallPage("a"), {"post:1"}, v));
  ASSERT_TRUE(cache.Insert("/post-b/", SmallPage("b"), {"post:2"}, v));
  ASSERT_TRUE(cache.Insert("/", SmallPage("front"), {"front"}, v));
  ASSERT_TRUE(cache.Insert("/page/2/", SmallPage("front 2"), {"front", "post:1"}, v));

  cache.Invalidate("post:1");
  EXPECT_EQ(cache.Find("/post-a/"), nullptr);
  EXPECT_EQ(cache.Find("/page/2/"), nullptr);
  EXPECT_NE(cache.Find("/post-b/"), nullptr);
  EXPECT_NE(cache.Find("/"), nullptr);
  EXPECT_EQ(cache.Size(), 2u);

  cache.Invalidate("post:10");  // a prefix of nothing: tags match whole
  cache.Invalidate("post");
  EXPECT_EQ(cache.Size(), 2u);

  cache.Invalidate("front");
  EXPECT_EQ(cache.Find("/"), nullptr);
  EXPECT_NE(cache.Find("/post-b/"), nullptr);
}

TEST(PageCache, StarAndClearDropEverything) {
  PageCache cache;
  ASSERT_TRUE(cache.Insert("/a/", SmallPage(), {"post:1"}, cache.Version()));
  ASSERT_TRUE(cache.Insert("/b/", SmallPage(), {}, cache.Version()));
  cache.Invalidate("*");
  EXPECT_EQ(cache.Size(), 0u);
  EXPECT_EQ(cache.Bytes(), 0u);

  ASSERT_TRUE(cache.Insert("/a/", SmallPage(), {"post:1"}, cache.Version()));
  const uint64_t before = cache.Version();
  cache.Clear();
  EXPECT_EQ(cache.Size(), 0u);
  EXPECT_GT(cache.Version(), before);
}

TEST(PageCache, RefusesPagesRenderedBeforeAnInvalidation) {
  PageCache cache;
  const uint64_t before = cache.Version();
  // A render starts, reads the store; meanwhile a change to an unrelated post lands.
  cache.Invalidate("post:99");
  EXPECT_NE(cache.Version(), before);
  EXPECT_FALSE(cache.Insert("/a/", SmallPage(), {"post:1"}, before));
  EXPECT_EQ(cache.Find("/a/"), nullptr);
  EXPECT_TRUE(cache.Insert("/a/", SmallPage(), {"post:1"}, cache.Version()));
}

TEST(PageCache, InsertDoesNotMoveTheVersion) {
  PageCache cache;
  const uint64_t v = cache.Version();
  ASSERT_TRUE(cache.Insert("/a/", SmallPage(), {"post:1"}, v));
  EXPECT_EQ(cache.Version(), v);
  EXPECT_TRUE(cache.Insert("/b/", SmallPage(), {"post:2"}, v));
}

TEST(PageCache, EvictsWhatWasNotReadAgainToStayWithinTheBudget) {
  auto page = SmallPage(std::string(200, 'x'));  // no compressed forms
  PageCache probe;
  ASSERT_TRUE(probe.Insert("/0/", page, {"t"}, probe.Version()));
  const size_t entry_bytes = probe.Bytes();
  ASSERT_GT(entry_bytes, 200u);

  PageCache cache(entry_bytes * 3);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(cache.Insert("/" + std::to_string(i) + "/", page, {"t"}, cache.Version()));
  }
  EXPECT_EQ(cache.Size(), 3u);
  ASSERT_NE(cache.Find("/0/"), nullptr);  // read again: kept over /1/, which was not

  ASSERT_TRUE(cache.Insert("/3/", page, {"t"}, cache.Version()));
  EXPECT_EQ(cache.Size(), 3u);
  EXPECT_LE(cache.Bytes(), entry_bytes * 3);
  EXPECT_NE(cache.Find("/0/"), nullptr);
  EXPECT_EQ(cache.Find("/1/"), nullptr);
  EXPECT_NE(cache.Find("/2/"), nullptr);
  EXPECT_NE(cache.Find("/3/"), nullptr);

  // Evicted entries leave no trace in the tag index: invalidating drops exactly the rest.
  cache.Invalidate("t");
  EXPECT_EQ(cache.Size(), 0u);
  EXPECT_EQ(cache.Bytes(), 0u);
}

TEST(PageCache, HotPagesSurviveACrawlersScan) {
  auto page = SmallPage(std::string(200, 'x'));
  PageCache probe;
  ASSERT_TRUE(probe.Insert("/hot/0/", page, {}, probe.Version()));
  const size_t entry_bytes = probe.Bytes();

  constexpr int kHot = 5, kRoom = 20, kScanned = 500;
  PageCache cache(entry_bytes * kRoom);
  auto hot = [](int i) { return "/hot/" + std::to_string(i) + "/"; };
  for (int i = 0; i < kHot; ++i) ASSERT_TRUE(cache.Insert(hot(i), page, {}, cache.Version()));
  // A crawler reads every page once (a miss, then the render is inserted), while readers keep
  // reading the front page and a few popular posts.
  for (int i = 0; i < kScanned; ++i) {
    if (i % 10 == 0) {
      for (int h = 0; h < kHot; ++h) ASSERT_NE(cache.Find(hot(h)), nullptr) << "at " << i;
    }
    std::string cold = "/cold/" + std::to_string(i) + "/";
    ASSERT_EQ(cache.Find(cold), nullptr);
    ASSERT_TRUE(cache.Insert(cold, page, {}, cache.Version()));
    ASSERT_LE(cache.Bytes(), entry_bytes * kRoom);
  }
  for (int h = 0; h < kHot; ++h) EXPECT_NE(cache.Find(hot(h)), nullptr);
  // The scan still had room to work in: the newest cold pages are there.
  EXPECT_NE(cache.Find("/cold/" + std::to_string(kScanned - 1) + "/"), nullptr);
  EXPECT_EQ(cache.Find("/cold/0/"), nullptr);
}

TEST(PageCache, ASmallerBudgetEvictsAtOnce) {
  auto page = SmallPage(Article(4096));
  PageCache cache;
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(cache.Insert("/" + std::to_string(i) + "/", page, {}, cache.Version()));
  }
  const size_t half = cache.Bytes() / 2;
  cache.SetMaxBytes(half);
  EXPECT_EQ(cache.MaxBytes(), half);
  EXPECT_LE(cache.Bytes(), half);
  EXPECT_GT(cache.Size(), 0u);
  EXPECT_LT(cache.Size(), 50u);
}

// What the process's allocator has handed out and not had back (glibc).
size_t HeapInUse() {
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// Whether HeapInUse sees this process's allocations: not under ASan or TSan, whose allocators
// glibc's mallinfo2 knows nothing of (it reads 0).
bool HeapIsGlibcs() {
  const size_t before = HeapInUse();
  void* volatile block = std::malloc(1 << 20);
  const bool seen = HeapInUse() >= before + (1 << 20);
  std::free(block);
  return seen;
}

TEST(PageCache, BytesCountedAreTheBytesHeld) {
  if (!HeapIsGlibcs()) GTEST_SKIP() << "mallinfo2 does not see a sanitizer's allocator";
  // Pages of the sizes a site has (a short page, articles with their comments), each with its
  // compressed forms, rendered the way the site renders them: appended piece by piece.
  std::vector<size_t> sizes;
  for (int i = 0; i < 60; ++i) sizes.push_back(2000 + static_cast<size_t>(i) * 3001 % 200000);
  auto cache = std::make_unique<PageCache>();
  const size_t before = HeapInUse();
  for (size_t i = 0; i < sizes.size(); ++i) {
    std::string body;
    for (int p = 0; body.size() < sizes[i]; ++p) {
      body += "<p>Comment " + std::to_string(p) + " on page " + std::to_string(i) +
              ": the quick brown fox jumps over the lazy dog.</p>\n";
    }
    std::string key = "/2024/05/" + std::to_string(i) + "/a-post-with-a-longer-slug/";
    ASSERT_TRUE(cache->Insert(key, MakePage(200, "text/html; charset=utf-8", std::move(body)),
                              {"post:" + std::to_string(i), "front", "term:12"}, cache->Version()));
  }
  const size_t held = HeapInUse() - before;
  const size_t counted = cache->Bytes();
  // Within 5% either way (the allocator's own bookkeeping is only estimated).
  EXPECT_GE(counted, held - held / 20) << "held " << held << ", counted " << counted;
  EXPECT_LE(counted, held + held / 20) << "held " << held << ", counted " << counted;
  cache.reset();
  EXPECT_LE(HeapInUse(), before + before / 100 + 64 * 1024);  // given back
}

TEST(PageCache, CountsEveryEncodingAgainstTheBudget) {
  auto page = SmallPage(Article(8192));
  ASSERT_NE(page->gzip, nullptr);
  PageCache cache;
  ASSERT_TRUE(cache.Insert("/a/", page, {}, cache.Version()));
  EXPECT_GE(cache.Bytes(), page->identity->size() + page->gzip->size() + page->brotli->size());
}

TEST(PageCache, RefusesAnEntryLargerThanTheWholeBudget) {
  PageCache cache(1024);
  ASSERT_TRUE(cache.Insert("/small/", SmallPage(), {}, cache.Version()));
  EXPECT_FALSE(cache.Insert("/big/", SmallPage(std::string(4096, 'x')), {}, cache.Version()));
  EXPECT_EQ(cache.Find("/big/"), nullptr);
  EXPECT_NE(cache.Find("/small/"), nullptr);  // nothing was evicted for it
}

TEST(PageCache, StaysConsistentUnderConcurrentUse) {
  constexpr int kKeys = 16, kRounds = 2000;
  PageCache cache(64 * 1024);  // small enough to evict as well
  std::vector<std::shared_ptr<const Page>> pages;
  for (int k = 0; k < kKeys; ++k) pages.push_back(SmallPage("page " + std::to_string(k)));
  auto key = [](int k) { return "/" + std::to_string(k) + "/"; };
  std::atomic<int> wrong_pages{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        int k = (i + t) % kKeys;
        cache.Insert(key(k), pages[k], {"post:" + std::to_string(k), "front"}, cache.Version());
      }
    });
  }
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        int k = i % kKeys;
        auto found = cache.Find(key(k));
        if (found != nullptr && found != pages[k]) ++wrong_pages;
      }
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < kRounds / 10; ++i) {
      cache.Invalidate(i % 7 == 0 ? "front" : "post:" + std::to_string(i % kKeys));
    }
  });
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(wrong_pages.load(), 0);
  EXPECT_LE(cache.Bytes(), 64u * 1024);
  cache.Invalidate("front");  // every page carries it
  EXPECT_EQ(cache.Size(), 0u);
  EXPECT_EQ(cache.Bytes(), 0u);
}

}  // namespace
}  // namespace quire::cache
