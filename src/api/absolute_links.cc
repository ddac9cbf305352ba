#include "api/absolute_links.h"

namespace quire::api {
namespace {

bool SiteRelative(std::string_view html, size_t pos) {
  return pos < html.size() && html[pos] == '/' && (pos + 1 >= html.size() || html[pos + 1] != '/');
}

// Inserts `home` before each site-relative URL of the srcset value starting at `begin`.
size_t FixSrcset(std::string& html, size_t begin, std::string_view home) {
  size_t end = html.find('"', begin);
  if (end == std::string::npos) return html.size();
  size_t pos = begin;
  while (pos < end) {
    while (pos < end && (html[pos] == ' ' || html[pos] == ',')) ++pos;  // to a candidate's URL
    if (pos >= end) break;
    if (SiteRelative(html, pos)) {
      html.insert(pos, home);
      pos += home.size();
      end += home.size();
    }
    while (pos < end && html[pos] != ',') ++pos;  // past its descriptor
  }
  return end;
}

}  // namespace

std::string AbsoluteLinks(std::string html, std::string_view home) {
  for (std::string_view attribute : {" href=\"", " src=\""}) {
    size_t pos = 0;
    while ((pos = html.find(attribute, pos)) != std::string::npos) {
      pos += attribute.size();
      if (SiteRelative(html, pos)) {
        html.insert(pos, home);
        pos += home.size();
      }
    }
  }
  constexpr std::string_view kSrcset = " srcset=\"";
  size_t pos = 0;
  while ((pos = html.find(kSrcset, pos)) != std::string::npos) {
    pos = FixSrcset(html, pos + kSrcset.size(), home);
  }
  return html;
}

}  // namespace quire::api
