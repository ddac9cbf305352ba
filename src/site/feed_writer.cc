#include "site/feed_writer.h"

#include <string_view>

#include "site/xml_text.h"

namespace quire::site {
namespace {

constexpr std::string_view kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr std::string_view kGenerator = "Quire";
constexpr std::string_view kRssOpen =
    "<rss version=\"2.0\"\n"
    "  xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
    "  xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n"
    "  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    "  xmlns:atom=\"http://www.w3.org/2005/Atom\"\n"
    "  xmlns:slash=\"http://purl.org/rss/1.0/modules/slash/\">\n";
constexpr std::string_view kAtomOpen =
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
    "xmlns:thr=\"http://purl.org/syndication/thread/1.0\">\n";

// <name>escaped text</name> on a line of its own.
void Element(std::string& out, std::string_view indent, std::string_view name,
             std::string_view text) {
  out += indent;
  out += '<';
  out += name;
  out += '>';
  AppendXmlEscaped(out, text);
  out += "</";
  out += name;
  out += ">\n";
}

// name="escaped value" (with a leading space).
void Attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  AppendXmlEscaped(out, value);
  out += '"';
}

std::string_view EntryId(const FeedEntry& entry) {
  return entry.id.empty() ? std::string_view(entry.link) : std::string_view(entry.id);
}

// --- RSS 2.0 ---

void RssEnclosure(std::string& out, const FeedEnclosure& enclosure) {
  out += "    <enclosure";
  Attribute(out, "url", enclosure.url);
  Attribute(out, "length", std::to_string(enclosure.length));
  Attribute(out, "type", enclosure.type);
  out += " />\n";
}

void RssItem(std::string& out, const FeedEntry& entry) {
  constexpr std::string_view kIndent = "    ";
  out += "  <item>\n";
  Element(out, kIndent, "title", entry.title);
  Element(out, kIndent, "link", entry.link);
  if (!entry.comments_link.empty()) Element(out, kIndent, "comments", entry.comments_link);
  if (!entry.author.empty()) Element(out, kIndent, "dc:creator", entry.author);
  Element(out, kIndent, "pubDate", Rfc822Date(entry.published));
  for (const std::string& category : entry.categories) {
    Element(out, kIndent, "category", category);
  }
  out += "    <guid";
  Attribute(out, "isPermaLink", entry.id_is_permalink ? "true" : "false");
  out += '>';
  AppendXmlEscaped(out, EntryId(entry));
  out += "</guid>\n";
  Element(out, kIndent, "description", entry.summary);
  if (!entry.content_html.empty()) {
    Element(out, kIndent, "content:encoded", entry.content_html);
  }
  if (!entry.comments_feed_rss.empty()) {
    Element(out, kIndent, "wfw:commentRss", entry.comments_feed_rss);
  }
  if (entry.comment_count) {
    Element(out, kIndent, "slash:comments", std::to_string(*entry.comment_count));
  }
  if (entry.enclosure) RssEnclosure(out, *entry.enclosure);
  out += "  </item>\n";
}

// --- Atom 1.0 ---

// <link rel=".." type=".." href=".." [thr:count=".."] />
void AtomLink(std::string& out, std::string_view indent, std::string_view rel,
              std::string_view type, std::string_view href,
              std::optional<int64_t> count = std::nullopt) {
  out += indent;
  out += "<link";
  Attribute(out, "rel", rel);
  Attribute(out, "type", type);
  Attribute(out, "href", href);
  if (count) Attribute(out, "thr:count", std::to_string(*count));
  out += " />\n";
}

void AtomEntryLinks(std::string& out, const FeedEntry& entry) {
  constexpr std::string_view kIndent = "    ";
  AtomLink(out, kIndent, "alternate", "text/html", entry.link);
  if (!entry.comments_link.empty()) {
    AtomLink(out, kIndent, "replies", "text/html", entry.comments_link, entry.comment_count);
  }
  if (!entry.comments_feed_atom.empty()) {
    AtomLink(out, kIndent, "replies", "application/atom+xml", entry.comments_feed_atom,
             entry.comment_count);
  }
  if (entry.enclosure) {
    out += "    <link rel=\"enclosure\"";
    Attribute(out, "type", entry.enclosure->type);
    Attribute(out, "length", std::to_string(entry.enclosure->length));
    Attribute(out, "href", entry.enclosure->url);
    out += " />\n";
  }
}

void AtomEntry(std::string& out, const FeedEntry& entry, std::string_view fallback_author,
               std::string_view scheme) {
  constexpr std::string_view kIndent = "    ";
  out += "  <entry>\n";
  out += "    <author>\n";
  Element(out, "      ", "name", entry.author.empty() ? fallback_author : entry.author);
  out += "    </author>\n";
  Element(out, kIndent, "title", entry.title);
  AtomEntryLinks(out, entry);
  Element(out, kIndent, "id", EntryId(entry));
  Element(out, kIndent, "updated", W3cDate(entry.updated));
  Element(out, kIndent, "published", W3cDate(entry.published));
  for (const std::string& category : entry.categories) {
    out += "    <category";
    Attribute(out, "scheme", scheme);
    Attribute(out, "term", category);
    out += " />\n";
  }
  out += "    <summary type=\"text\">";
  AppendXmlEscaped(out, entry.summary);
  out += "</summary>\n";
  if (!entry.content_html.empty()) {
    out += "    <content type=\"html\"";
    Attribute(out, "xml:base", entry.link);
    out += '>';
    AppendXmlEscaped(out, entry.content_html);
    out += "</content>\n";
  }
  out += "  </entry>\n";
}

}  // namespace

std::string WriteRss2(const Feed& feed) {
  constexpr std::string_view kIndent = "  ";
  std::string out(kXmlDeclaration);
  out += kRssOpen;
  out += "<channel>\n";
  Element(out, kIndent, "title", feed.title);
  out += "  <atom:link";
  Attribute(out, "href", feed.self_url);
  out += " rel=\"self\" type=\"application/rss+xml\" />\n";
  Element(out, kIndent, "link", feed.site_url);
  Element(out, kIndent, "description", feed.subtitle);
  Element(out, kIndent, "lastBuildDate", Rfc822Date(feed.updated));
  Element(out, kIndent, "generator", kGenerator);
  for (const FeedEntry& entry : feed.entries) RssItem(out, entry);
  out += "</channel>\n</rss>\n";
  return out;
}

std::string WriteAtom(const Feed& feed) {
  constexpr std::string_view kIndent = "  ";
  std::string out(kXmlDeclaration);
  out += kAtomOpen;
  Element(out, kIndent, "title", feed.title);
  Element(out, kIndent, "subtitle", feed.subtitle);
  Element(out, kIndent, "id", feed.id.empty() ? feed.self_url : feed.id);
  Element(out, kIndent, "updated", W3cDate(feed.updated));
  AtomLink(out, kIndent, "alternate", "text/html", feed.site_url);
  AtomLink(out, kIndent, "self", "application/atom+xml", feed.self_url);
  Element(out, kIndent, "generator", kGenerator);
  for (const FeedEntry& entry : feed.entries) AtomEntry(out, entry, feed.title, feed.site_url);
  out += "</feed>\n";
  return out;
}

}  // namespace quire::site
