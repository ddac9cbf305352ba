// Sitemaps (sitemaps.org protocol 0.9) from plain values: the index at /sitemap.xml and its
// parts at /sitemaps/KIND-N.xml. No store, no HTTP: sitemap.cc gathers the URLs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quire::site {

// URLs in one part (the protocol allows 50,000; smaller parts render and cache cheaply).
inline constexpr int64_t kSitemapPartSize = 2000;
inline constexpr int64_t kSitemapMaxPart = 1'000'000;

struct SitemapUrl {
  std::string loc;      // absolute URL
  int64_t lastmod = 0;  // Unix seconds, UTC; 0: no <lastmod>
};

// <sitemapindex> of the parts' URLs (each loc is a part's absolute URL).
std::string WriteSitemapIndex(const std::vector<SitemapUrl>& parts);
// <urlset> of page URLs.
std::string WriteUrlSet(const std::vector<SitemapUrl>& urls);

// What a part's file name says: "posts-3.xml" is kind "posts", number 3. The kinds are posts,
// pages, categories, tags and authors; numbers start at 1, are written without leading zeros
// and stop at kSitemapMaxPart (beyond any real site; offsets stay within int). nullopt for
// anything else.
struct SitemapPartName {
  std::string kind;
  int64_t number = 0;
};
std::optional<SitemapPartName> ParseSitemapPart(std::string_view file);
// The file name of a part: "posts-3.xml".
std::string SitemapPartFile(std::string_view kind, int64_t number);

}  // namespace quire::site
