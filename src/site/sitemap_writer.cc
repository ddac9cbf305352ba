#include "site/sitemap_writer.h"

#include <array>

#include "site/xml_text.h"
#include "util/strings.h"

namespace quire::site {
namespace {

constexpr std::string_view kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr std::string_view kNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
constexpr std::array<std::string_view, 5> kKinds = {"posts", "pages", "categories", "tags",
                                                    "authors"};
constexpr std::string_view kExtension = ".xml";

// <element><loc>…</loc>[<lastmod>…</lastmod>]</element> for each URL inside <root>.
std::string WriteList(std::string_view root, std::string_view element,
                      const std::vector<SitemapUrl>& urls) {
  std::string out(kXmlDeclaration);
  out += "<";
  out += root;
  out += " xmlns=\"";
  out += kNamespace;
  out += "\">\n";
  for (const SitemapUrl& url : urls) {
    out += "  <";
    out += element;
    out += "><loc>";
    AppendXmlEscaped(out, url.loc);
    out += "</loc>";
    if (url.lastmod > 0) out += "<lastmod>" + W3cDate(url.lastmod) + "</lastmod>";
    out += "</";
    out += element;
    out += ">\n";
  }
  out += "</";
  out += root;
  out += ">\n";
  return out;
}

bool IsKind(std::string_view kind) {
  for (std::string_view known : kKinds) {
    if (kind == known) return true;
  }
  return false;
}

}  // namespace

std::string WriteSitemapIndex(const std::vector<SitemapUrl>& parts) {
  return WriteList("sitemapindex", "sitemap", parts);
}

std::string WriteUrlSet(const std::vector<SitemapUrl>& urls) {
  return WriteList("urlset", "url", urls);
}

std::optional<SitemapPartName> ParseSitemapPart(std::string_view file) {
  if (!file.ends_with(kExtension)) return std::nullopt;
  file.remove_suffix(kExtension.size());
  size_t dash = file.rfind('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view kind = file.substr(0, dash);
  std::string_view digits = file.substr(dash + 1);
  if (!IsKind(kind) || digits.empty() || digits.front() == '0') return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::optional<int64_t> number = util::ParseInt(digits);
  if (!number || *number < 1 || *number > kSitemapMaxPart) return std::nullopt;
  return SitemapPartName{std::string(kind), *number};
}

std::string SitemapPartFile(std::string_view kind, int64_t number) {
  return std::string(kind) + "-" + std::to_string(number) + std::string(kExtension);
}

}  // namespace quire::site
