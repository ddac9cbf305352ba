#include "content/sanitize.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/safe_url.h"
#include "util/strings.h"

namespace quire::content {
namespace {

using Names = std::set<std::string, std::less<>>;

// What one allowlist keeps: elements with their own attributes, attributes allowed on every
// kept element, and whether links get rel="nofollow ugc".
struct Policy {
  std::map<std::string, Names, std::less<>> elements;
  Names global_attributes;
  bool nofollow_links = false;
};

// Elements dropped with everything inside them: scripts and styles, embedded documents and
// plugins, form controls, document metadata, raw-text elements.
constexpr std::string_view kDroppedWithContent[] = {
    "script",   "style",     "iframe",   "object",   "embed",    "applet", "frame", "frameset",
    "noscript", "noembed",   "noframes", "template", "textarea", "title",  "xmp",   "select",
    "option",   "optgroup",  "button",   "input",    "head",     "meta",   "link",  "base",
    "param",    "plaintext", "portal",   "dialog",   "math",     "svg"};

constexpr std::string_view kVoidElements[] = {"br",    "hr",  "img",  "col",  "source",
                                              "track", "wbr", "area", "input"};

constexpr std::string_view kUrlAttributes[] = {"href", "src", "cite", "poster"};

template <size_t N>
bool Contains(const std::string_view (&names)[N], std::string_view name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

void AddElements(Policy& policy, std::initializer_list<std::string_view> names,
                 std::initializer_list<std::string_view> attributes = {}) {
  for (std::string_view name : names) {
    Names& allowed = policy.elements[std::string(name)];
    for (std::string_view attribute : attributes) allowed.emplace(attribute);
  }
}

Policy PostPolicy() {
  Policy policy;
  policy.global_attributes = {"class",
                              "id",
                              "title",
                              "lang",
                              "dir",
                              "aria-label",
                              "aria-hidden",
                              "aria-describedby",
                              "aria-labelledby"};
  AddElements(policy, {"a"}, {"href", "title", "rel", "target", "hreflang", "name"});
  AddElements(policy, {"img"},
              {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"});
  AddElements(policy, {"p",       "h1",      "h2",    "h3",     "h4",     "h5",     "h6",
                       "ul",      "dl",      "dt",    "dd",     "pre",    "code",   "kbd",
                       "samp",    "var",     "em",    "strong", "b",      "i",      "u",
                       "s",       "strike",  "small", "mark",   "sub",    "sup",    "abbr",
                       "acronym", "cite",    "dfn",   "br",     "hr",     "span",   "div",
                       "section", "article", "aside", "header", "footer", "figure", "figcaption",
                       "table",   "caption", "thead", "tbody",  "tfoot",  "tr",     "details",
                       "summary", "address", "bdo",   "big",    "center", "wbr"});
  AddElements(policy, {"ol"}, {"start", "reversed", "type"});
  AddElements(policy, {"li"}, {"value"});
  AddElements(policy, {"blockquote", "q"}, {"cite"});
  AddElements(policy, {"del", "ins"}, {"datetime", "cite"});
  AddElements(policy, {"time"}, {"datetime"});
  AddElements(policy, {"colgroup", "col"}, {"span"});
  AddElements(policy, {"td", "th"}, {"colspan", "rowspan", "headers", "scope", "align"});
  AddElements(policy, {"audio"}, {"src", "controls", "loop", "muted", "preload"});
  AddElements(
      policy, {"video"},
      {"src", "controls", "loop", "muted", "preload", "poster", "width", "height", "playsinline"});
  AddElements(policy, {"source"}, {"src", "type", "srcset", "sizes", "media"});
  AddElements(policy, {"track"}, {"src", "kind", "srclang", "label", "default"});
  return policy;
}

Policy CommentPolicy() {
  Policy policy;
  policy.nofollow_links = true;
  AddElements(policy, {"a"}, {"href", "title"});
  AddElements(policy, {"abbr", "acronym"}, {"title"});
  AddElements(policy, {"blockquote", "q"}, {"cite"});
  AddElements(policy, {"del"}, {"datetime"});
  AddElements(policy, {"b", "cite", "code", "em", "i", "s", "strike", "strong"});
  return policy;
}

std::string_view TagName(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  return {};  // unknown elements are unwrapped whatever they are called
}

// A srcset with only its safe candidates ("" when none is left).
std::string SafeSrcset(std::string_view srcset) {
  std::string out;
  for (std::string_view candidate : util::Split(srcset, ',')) {
    candidate = util::Trim(candidate);
    std::string_view url = candidate.substr(0, candidate.find_first_of(" \t\n\r\f"));
    if (url.empty() || !IsSafeUrl(url)) continue;
    if (!out.empty()) out += ", ";
    out += candidate;
  }
  return out;
}

// The value to write for an allowed attribute, or nullopt to drop it.
std::optional<std::string> AttributeValue(std::string_view name, std::string_view value) {
  if (Contains(kUrlAttributes, name)) {
    std::string safe = util::SafeUrl(value, util::UrlScope::kLink);
    if (safe.empty()) return std::nullopt;
    return safe;
  }
  if (name == "srcset") {
    std::string safe = SafeSrcset(value);
    if (safe.empty()) return std::nullopt;
    return safe;
  }
  return std::string(value);
}

void AppendAttribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  util::AppendHtmlEscaped(out, value);
  out += '"';
}

// Writes a kept element's start tag with its allowed attributes.
void AppendStartTag(std::string& out, std::string_view name, const GumboElement& element,
                    const Policy& policy, const Names& allowed) {
  out += '<';
  out += name;
  for (unsigned i = 0; i < element.attributes.length; ++i) {
    const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
    std::string_view attribute_name = attribute->name;
    if (policy.nofollow_links && name == "a" && attribute_name == "rel") continue;
    if (!allowed.contains(attribute_name) && !policy.global_attributes.contains(attribute_name)) {
      continue;
    }
    if (std::optional<std::string> value = AttributeValue(attribute_name, attribute->value)) {
      AppendAttribute(out, attribute_name, *value);
    }
  }
  if (policy.nofollow_links && name == "a") AppendAttribute(out, "rel", "nofollow ugc");
  out += Contains(kVoidElements, name) ? " />" : ">";
}

// Text content needs only &, < and > escaped; quotes stay as typed, so that shortcode
// attributes in the text ([caption id="..."]) still read after sanitising.
void AppendTextEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
}

// The serialiser walks the tree with an explicit stack, so deeply nested input cannot
// exhaust the call stack.
class Writer {
 public:
  explicit Writer(const Policy& policy) : policy_(policy) {}

  std::string Write(const GumboNode& root) {
    PushChildren(root, {});
    while (!stack_.empty()) {
      Frame frame = std::move(stack_.back());
      stack_.pop_back();
      if (frame.node == nullptr) {
        out_ += frame.end_tag;
      } else {
        Visit(*frame.node);
      }
    }
    return std::move(out_);
  }

 private:
  struct Frame {
    const GumboNode* node;  // null: write end_tag
    std::string end_tag;
  };

  // Schedules the node's children, then `end_tag`, to be written next.
  void PushChildren(const GumboNode& node, std::string end_tag) {
    const GumboVector& children =
        node.type == GUMBO_NODE_DOCUMENT ? node.v.document.children : node.v.element.children;
    if (!end_tag.empty()) stack_.push_back({nullptr, std::move(end_tag)});
    for (unsigned i = children.length; i > 0; --i) {
      stack_.push_back({static_cast<const GumboNode*>(children.data[i - 1]), {}});
    }
  }

  void Visit(const GumboNode& node) {
    switch (node.type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA: AppendTextEscaped(out_, node.v.text.text); return;
      case GUMBO_NODE_ELEMENT: return VisitElement(node);
      case GUMBO_NODE_DOCUMENT: return PushChildren(node, {});
      default: return;  // comments, templates
    }
  }

  void VisitElement(const GumboNode& node) {
    const GumboElement& element = node.v.element;
    if (element.tag_namespace != GUMBO_NAMESPACE_HTML) return;  // SVG and MathML
    std::string_view name = TagName(element);
    if (Contains(kDroppedWithContent, name)) return;
    auto allowed = policy_.elements.find(name);
    if (allowed == policy_.elements.end()) return PushChildren(node, {});  // unwrapped
    AppendStartTag(out_, name, element, policy_, allowed->second);
    if (Contains(kVoidElements, name)) return;
    PushChildren(node, "</" + std::string(name) + ">");
  }

  const Policy& policy_;
  std::string out_;
  std::vector<Frame> stack_;
};

// Deeper markup is shown as escaped text instead of being parsed (see NestsDeeperThan).
constexpr int kMaxNesting = 256;

struct GumboDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};

// How deeply start tags nest, roughly (void elements and "/>" do not open; an end tag closes one),
// stopping as soon as `limit` is passed. gumbo's tree building is quadratic in the depth (20,000
// nested <div>s take seconds), so deeper input is not parsed at all.
bool NestsDeeperThan(std::string_view html, int limit) {
  int depth = 0;
  for (size_t i = 0; i + 1 < html.size(); ++i) {
    if (html[i] != '<') continue;
    char next = html[i + 1];
    if (next == '/') {
      depth = std::max(0, depth - 1);
    } else if (std::isalpha(static_cast<unsigned char>(next))) {
      size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      size_t name_end = html.find_first_of(" \t\r\n/>", i + 1);
      std::string name = util::ToLower(html.substr(i + 1, name_end - i - 1));
      static constexpr std::string_view kVoid[] = {"area",   "base",  "br",    "col",  "embed",
                                                   "hr",     "img",   "input", "link", "meta",
                                                   "source", "track", "wbr"};
      bool opens = html[end - 1] != '/' &&
                   std::find(std::begin(kVoid), std::end(kVoid), name) == std::end(kVoid);
      if (opens && ++depth > limit) return true;
      i = end;
    }
  }
  return false;
}

std::string Sanitize(std::string_view html, const Policy& policy) {
  if (NestsDeeperThan(html, kMaxNesting)) return util::HtmlEscape(html);
  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  std::unique_ptr<GumboOutput, GumboDeleter> output(
      gumbo_parse_with_options(&options, html.data(), html.size()));
  if (!output) return util::HtmlEscape(html);
  return Writer(policy).Write(*output->root);
}

}  // namespace

bool IsSafeUrl(std::string_view url) {
  return !util::SafeUrl(url, util::UrlScope::kLink).empty();
}

std::string SanitizeHtml(std::string_view html) {
  static const Policy policy = PostPolicy();
  return Sanitize(html, policy);
}

std::string SanitizeCommentHtml(std::string_view html) {
  static const Policy policy = CommentPolicy();
  return Sanitize(html, policy);
}

}  // namespace quire::content
