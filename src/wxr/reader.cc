#include "wxr/reader.h"

#include <fmt/format.h>
#include <libxml/xmlreader.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <utility>
#include <vector>

#include "wxr/lenient_input.h"

namespace quire::wxr {
namespace {

constexpr std::string_view kDcUri = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kContentUri = "http://purl.org/rss/1.0/modules/content/";

// "D+.D+/" followed by `tail`, exactly.
bool IsVersionPath(std::string_view rest, std::string_view tail) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    return i > start;
  };
  if (!digits() || i >= rest.size() || rest[i++] != '.' || !digits()) return false;
  if (i >= rest.size() || rest[i++] != '/') return false;
  return rest.substr(i) == tail;
}

// http(s)://wordpress.org/export/<major>.<minor>/ followed by `tail`.
bool IsWordPressUri(std::string_view uri, std::string_view tail) {
  constexpr std::string_view kHost = "wordpress.org/export/";
  for (std::string_view scheme : {"http://", "https://"}) {
    if (uri.starts_with(scheme) && uri.substr(scheme.size()).starts_with(kHost)) {
      return IsVersionPath(uri.substr(scheme.size() + kHost.size()), tail);
    }
  }
  return false;
}

const char* Chars(const xmlChar* text) {
  return reinterpret_cast<const char*>(text);
}

// The prefix an element of the namespace `uri` gets in a key: WordPress's usual one whatever
// prefix the file binds ("wp:", "excerpt:", "content:", "dc:"), "?:" for any other namespace.
std::string_view PrefixOf(std::string_view uri) {
  if (IsWordPressUri(uri, "")) return "wp:";
  if (IsWordPressUri(uri, "excerpt/")) return "excerpt:";
  if (uri == kContentUri) return "content:";
  if (uri == kDcUri) return "dc:";
  return "?:";
}

std::string Attribute(xmlTextReaderPtr reader, const char* name) {
  xmlChar* value = xmlTextReaderGetAttribute(reader, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return {};
  std::string result(Chars(value));
  xmlFree(value);
  return result;
}

bool IsKnownVersion(std::string_view version) {
  return version == "1.0" || version == "1.1" || version == "1.2";
}

}  // namespace

struct Reader::State {
  std::FILE* file = nullptr;
  std::unique_ptr<LenientInput> input;  // the file's bytes, repaired (lenient_input.h)
  xmlTextReaderPtr reader = nullptr;
  std::string path;
  ReaderLimits limits;
  int64_t file_bytes = 0;
  Channel channel;
  std::optional<Error> error;
  std::optional<Error> xml_error;  // the first error libxml2 reported

  std::vector<std::string> stack;  // open elements' keys
  std::string text;                // the current element's text so far
  std::optional<Author> author;
  std::optional<Term> term;
  std::optional<Item> item;
  std::optional<Comment> comment;
  std::optional<Meta> meta;
  std::optional<ItemTerm> item_term;  // an item's <category> with a nicename
  std::optional<Entry> done;          // an entry OnEnd() completed, for Next() to hand out
  // Namespace URIs seen (libxml2 interns them: one pointer per URI) and their key prefixes.
  static constexpr size_t kRememberedNamespaces = 16;
  std::vector<std::pair<const xmlChar*, std::string_view>> prefixes;

  // Namespace prefixes used without a declaration (read as plain names), by prefix.
  std::map<std::string, Repair, std::less<>> undeclared;

  ~State() {
    if (reader != nullptr) xmlFreeTextReader(reader);
    if (file != nullptr) std::fclose(file);
  }

  // The current node's line (the parser itself may have read ahead); the parser's column when
  // it is still on that line, else the line's start.
  Position Here() const {
    int parser_line = xmlTextReaderGetParserLineNumber(reader);
    xmlNodePtr node = xmlTextReaderCurrentNode(reader);
    long line = node != nullptr ? xmlGetLineNo(node) : -1;
    if (line <= 0 || line == parser_line) {
      return {parser_line, xmlTextReaderGetParserColumnNumber(reader)};
    }
    return {static_cast<int>(line), 1};
  }
  std::unexpected<Error> Failure(Position at, std::string_view what) {
    error = Error{ErrorKind::kInvalid, path + ":" + std::to_string(at.line) + ":" +
                                           std::to_string(at.column) + ": " + std::string(what)};
    return std::unexpected(*error);
  }
  std::unexpected<Error> Failure(std::string_view what) { return Failure(Here(), what); }

  Result<std::optional<Entry>> Next();
  std::string Key();
  Status OnStart(std::string key);
  Status OnEnd();
  Status CheckVersion();
  Status SetInt(int64_t& field, const std::string& value);
  Status ChannelField(std::string_view key, std::string value);
  void AuthorField(std::string_view key, std::string value);
  void TermField(std::string_view key, std::string value);
  Status ItemField(std::string_view key, std::string value);
  Status CommentField(std::string_view key, std::string value);
};

namespace {

// What a person can do about the errors real exports show that cannot be repaired.
std::string_view HintFor(int code) {
  switch (code) {
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
      return " (the file is not UTF-8 here, as WordPress writes it: was it saved again in "
             "another encoding?)";
    case XML_ERR_UNDECLARED_ENTITY:
      return " (an HTML entity outside CDATA: XML knows only &amp; &lt; &gt; &quot; &apos;)";
    case XML_ERR_DOCUMENT_END:
    case XML_ERR_TAG_NOT_FINISHED:
    case XML_ERR_DOCUMENT_EMPTY: return " (the file may be cut short: export or download it again)";
    default: return "";
  }
}

void OnXmlError(void* arg, xmlErrorPtr error) {
  auto* state = static_cast<Reader::State*>(arg);
  if (state->xml_error || error == nullptr || error->level < XML_ERR_ERROR) return;
  // "atom:link" without xmlns:atom (WordPress.com's exports of 2011-2012): not well-formed, but
  // libxml2 goes on and names the element "atom:link", without a namespace, which is what
  // WordPress's lenient parser makes of it too.
  if (error->domain == XML_FROM_NAMESPACE && error->code == XML_NS_ERR_UNDEFINED_NAMESPACE) {
    std::string prefix = error->str1 != nullptr ? error->str1 : "";
    // A few are told apart (a file uses one or two; a hostile one cannot grow this).
    if (!state->undeclared.contains(prefix) &&
        state->undeclared.size() >= Reader::State::kRememberedNamespaces) {
      prefix = "...";
    }
    auto [entry, added] = state->undeclared.try_emplace(prefix);
    if (added) {
      entry->second.what =
          prefix == "..." ? "more namespace prefixes are used without a declaration: their names "
                            "were read as plain names"
                          : "the namespace prefix '" + prefix +
                                ":' is used without a declaration: its names were read as "
                                "plain names";
    }
    entry->second.Note(Position{error->line, error->int2});
    return;
  }
  std::string message = error->message ? error->message : "malformed XML";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  std::replace(message.begin(), message.end(), '\n', ' ');  // "... !\nBytes: 0xE9 ..."
  message += HintFor(error->code);
  state->xml_error =
      Error{ErrorKind::kInvalid, state->path + ":" + std::to_string(error->line) + ":" +
                                     std::to_string(error->int2) + ": " + message};
}

}  // namespace

Status Reader::State::CheckVersion() {
  if (channel.version.empty()) {
    return Failure("not a WXR file: no wp:wxr_version before the first author, term or item");
  }
  if (!IsKnownVersion(channel.version)) {
    return Failure("unknown WXR version '" + channel.version + "' (1.0, 1.1 and 1.2 are known)");
  }
  return {};
}

Status Reader::State::SetInt(int64_t& field, const std::string& value) {
  size_t begin = value.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) {
    field = 0;
    return {};
  }
  size_t end = value.find_last_not_of(" \t\r\n") + 1;
  const char* first = value.data() + begin;
  const char* last = value.data() + end;
  auto [ptr, ec] = std::from_chars(first, last, field);
  if (ec != std::errc() || ptr != last) return Failure("'" + value + "' is not a number");
  return {};
}

// (Keys are compared as string_views: a std::string == "literal" costs a strlen and a memcmp.)
Status Reader::State::OnStart(std::string owned_key) {
  std::string_view key = owned_key;
  size_t depth = stack.size();
  if (depth == 0 && key != "rss") {
    return Failure("not a WXR file: the root element is <" + owned_key + ">, not <rss>");
  }
  if (depth == 1 && key != "channel") {
    return Failure("not a WXR file: <" + owned_key + "> where <channel> was expected");
  }
  std::string_view parent = depth > 0 ? std::string_view(stack.back()) : std::string_view();
  if (depth == 2) {
    bool container = key == "wp:author" || key == "wp:category" || key == "wp:tag" ||
                     key == "wp:term" || key == "item";
    if (container) {
      if (Status s = CheckVersion(); !s) return s;
    }
    if (key == "wp:author") author.emplace().position = Here();
    if (key == "wp:category" || key == "wp:tag" || key == "wp:term") {
      term.emplace().position = Here();
      if (key == "wp:category") term->taxonomy = "category";
      if (key == "wp:tag") term->taxonomy = "post_tag";
    }
    if (key == "item") item.emplace().position = Here();
  } else if (parent == "item" && depth == 3) {
    if (key == "wp:postmeta") meta.emplace();
    if (key == "wp:comment") comment.emplace().position = Here();
    if (key == "category") {
      item_term.reset();
      std::string nicename = Attribute(reader, "nicename");
      std::string domain = Attribute(reader, "domain");
      if (!nicename.empty() && !domain.empty()) {
        item_term.emplace(ItemTerm{domain == "tag" ? "post_tag" : domain, nicename, ""});
      }
    }
  } else if ((parent == "wp:comment" && key == "wp:commentmeta") ||
             (term && depth == 3 && key == "wp:termmeta")) {
    meta.emplace();
  }
  stack.push_back(std::move(owned_key));
  text.clear();
  return {};
}

Status Reader::State::ChannelField(std::string_view key, std::string value) {
  if (key == "wp:wxr_version") channel.version = std::move(value);
  if (key == "title") channel.title = std::move(value);
  if (key == "link") channel.link = std::move(value);
  if (key == "description") channel.description = std::move(value);
  if (key == "language") channel.language = std::move(value);
  if (key == "wp:base_site_url") channel.base_site_url = std::move(value);
  if (key == "wp:base_blog_url") channel.base_blog_url = std::move(value);
  return {};
}

void Reader::State::AuthorField(std::string_view key, std::string value) {
  if (key == "wp:author_id") {
    (void)SetInt(author->id, value);
  } else if (key == "wp:author_login") {
    author->login = std::move(value);
  } else if (key == "wp:author_email") {
    author->email = std::move(value);
  } else if (key == "wp:author_display_name") {
    author->display_name = std::move(value);
  } else if (key == "wp:author_first_name") {
    author->first_name = std::move(value);
  } else if (key == "wp:author_last_name") {
    author->last_name = std::move(value);
  }
}

void Reader::State::TermField(std::string_view key, std::string value) {
  if (key == "wp:term_id") {
    (void)SetInt(term->id, value);
  } else if (key == "wp:term_taxonomy") {
    term->taxonomy = std::move(value);
  } else if (key == "wp:category_nicename" || key == "wp:tag_slug" || key == "wp:term_slug") {
    term->slug = std::move(value);
  } else if (key == "wp:cat_name" || key == "wp:tag_name" || key == "wp:term_name") {
    term->name = std::move(value);
  } else if (key == "wp:category_description" || key == "wp:tag_description" ||
             key == "wp:term_description") {
    term->description = std::move(value);
  } else if (key == "wp:category_parent" || key == "wp:term_parent") {
    term->parent_slug = std::move(value);
  }
}

Status Reader::State::ItemField(std::string_view key, std::string value) {
  Item& i = *item;
  if (key == "title") i.title = std::move(value);
  if (key == "link") i.link = std::move(value);
  if (key == "dc:creator") i.creator = std::move(value);
  if (key == "guid") i.guid = std::move(value);
  if (key == "content:encoded") i.content = std::move(value);
  if (key == "excerpt:encoded") i.excerpt = std::move(value);
  if (key == "wp:post_date") i.post_date = std::move(value);
  if (key == "wp:post_date_gmt") i.post_date_gmt = std::move(value);
  if (key == "wp:post_modified") i.post_modified = std::move(value);
  if (key == "wp:post_modified_gmt") i.post_modified_gmt = std::move(value);
  if (key == "wp:comment_status") i.comment_status = std::move(value);
  if (key == "wp:ping_status") i.ping_status = std::move(value);
  if (key == "wp:post_name") i.post_name = std::move(value);
  if (key == "wp:status") i.status = std::move(value);
  if (key == "wp:post_type") i.post_type = std::move(value);
  if (key == "wp:post_password") i.post_password = std::move(value);
  if (key == "wp:attachment_url") i.attachment_url = std::move(value);
  if (key == "wp:is_sticky") {
    int64_t sticky = 0;
    if (Status s = SetInt(sticky, value); !s) return s;
    i.is_sticky = sticky != 0;
  }
  if (key == "wp:post_id") return SetInt(i.post_id, value);
  if (key == "wp:post_parent") return SetInt(i.post_parent, value);
  if (key == "wp:menu_order") return SetInt(i.menu_order, value);
  if (key == "category" && item_term) {
    item_term->name = std::move(value);
    i.terms.push_back(std::move(*item_term));
    item_term.reset();
  }
  return {};
}

Status Reader::State::CommentField(std::string_view key, std::string value) {
  Comment& c = *comment;
  if (key == "wp:comment_id") return SetInt(c.id, value);
  if (key == "wp:comment_parent") return SetInt(c.parent, value);
  if (key == "wp:comment_user_id") return SetInt(c.user_id, value);
  if (key == "wp:comment_author") c.author = std::move(value);
  if (key == "wp:comment_author_email") c.author_email = std::move(value);
  if (key == "wp:comment_author_url") c.author_url = std::move(value);
  if (key == "wp:comment_author_IP") c.author_ip = std::move(value);
  if (key == "wp:comment_date") c.date = std::move(value);
  if (key == "wp:comment_date_gmt") c.date_gmt = std::move(value);
  if (key == "wp:comment_content") c.content = std::move(value);
  if (key == "wp:comment_approved") c.approved = std::move(value);
  if (key == "wp:comment_type") c.type = std::move(value);
  return {};
}

Status Reader::State::OnEnd() {
  std::string owned_key = std::move(stack.back());
  std::string_view key = owned_key;
  stack.pop_back();
  std::string value = std::move(text);
  text.clear();
  if (stack.empty()) return {};
  std::string_view parent = stack.back();
  Status status;
  if (meta && (parent == "wp:postmeta" || parent == "wp:commentmeta" || parent == "wp:termmeta")) {
    if (key == "wp:meta_key") meta->key = std::move(value);
    if (key == "wp:meta_value") meta->value = std::move(value);
  } else if (parent == "channel") {
    if (key == "wp:author" && author) {
      done.emplace(std::move(*author));
      author.reset();
      return {};
    }
    if ((key == "wp:category" || key == "wp:tag" || key == "wp:term") && term) {
      done.emplace(std::move(*term));
      term.reset();
      return {};
    }
    if (key == "item" && item) {
      done.emplace(std::move(*item));
      item.reset();
      return {};
    }
    status = ChannelField(key, std::move(value));
  } else if (parent == "wp:author" && author) {
    AuthorField(key, std::move(value));
  } else if (term && stack.size() == 3) {
    if (key == "wp:termmeta" && meta) term->meta.push_back(*std::exchange(meta, std::nullopt));
    TermField(key, std::move(value));
  } else if (parent == "item" && item) {
    if (key == "wp:postmeta" && meta) item->meta.push_back(*std::exchange(meta, std::nullopt));
    if (key == "wp:comment" && comment) {
      item->comments.push_back(*std::exchange(comment, std::nullopt));
    }
    status = ItemField(key, std::move(value));
  } else if (parent == "wp:comment" && comment) {
    if (key == "wp:commentmeta" && meta) {
      comment->meta.push_back(*std::exchange(meta, std::nullopt));
    }
    status = CommentField(key, std::move(value));
  }
  return status;
}

Result<std::optional<Entry>> Reader::State::Next() {
  if (error) return std::unexpected(*error);
  for (;;) {
    int rc = xmlTextReaderRead(reader);
    if (xml_error) {
      error = xml_error;
      return std::unexpected(*error);
    }
    if (rc < 0) return Failure("malformed XML");
    if (rc == 0) {
      if (channel.version.empty()) {
        return Failure("not a WXR file: no <rss><channel> with a wp:wxr_version");
      }
      return std::nullopt;
    }
    if (xmlTextReaderDepth(reader) > limits.max_depth) {
      return Failure("elements nested deeper than " + std::to_string(limits.max_depth));
    }
    Status status;  // (no Result<optional<Entry>> per node: it is large)
    switch (xmlTextReaderNodeType(reader)) {
      case XML_READER_TYPE_ELEMENT: {
        if (Status s = OnStart(Key()); !s) return std::unexpected(s.error());
        if (xmlTextReaderIsEmptyElement(reader)) status = OnEnd();
        break;
      }
      case XML_READER_TYPE_END_ELEMENT: status = OnEnd(); break;
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      case XML_READER_TYPE_WHITESPACE: {
        const char* value = Chars(xmlTextReaderConstValue(reader));
        if (value != nullptr) text += value;
        if (static_cast<int64_t>(text.size()) > limits.max_value_bytes) {
          return Failure("a value longer than " + std::to_string(limits.max_value_bytes) +
                         " bytes");
        }
        break;
      }
      case XML_READER_TYPE_DOCUMENT_TYPE:
        return Failure("a <!DOCTYPE> is not allowed in a WXR file");
      default: break;
    }
    if (!status) {
      error = status.error();
      return std::unexpected(*error);
    }
    if (done) {
      Result<std::optional<Entry>> entry(std::in_place, std::move(*done));
      done.reset();
      return entry;
    }
  }
}

// The element's key: its local name with the prefix of its namespace (PrefixOf), the bare
// name without a namespace.
std::string Reader::State::Key() {
  const char* local = Chars(xmlTextReaderConstLocalName(reader));
  std::string_view name = local ? local : "";
  const xmlChar* ns = xmlTextReaderConstNamespaceUri(reader);
  if (ns == nullptr) return std::string(name);
  auto known = std::find_if(prefixes.begin(), prefixes.end(),
                            [ns](const auto& entry) { return entry.first == ns; });
  std::string key;
  if (known != prefixes.end()) {
    key = known->second;
  } else {
    std::string_view prefix = PrefixOf(Chars(ns));  // a literal: it outlives the reader
    // A few are remembered (a file uses a handful; a hostile one cannot make this slow).
    if (prefixes.size() < kRememberedNamespaces) prefixes.emplace_back(ns, prefix);
    key = prefix;
  }
  key += name;
  return key;
}

Result<std::unique_ptr<Reader>> Reader::Open(const std::string& path, ReaderLimits limits) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return Fail(ErrorKind::kNotFound, path + ": no such file");
  }
  if (info.st_size > limits.max_file_bytes) {
    return Fail(ErrorKind::kTooLarge,
                path + ": larger than " + std::to_string(limits.max_file_bytes) + " bytes");
  }
  auto state = std::make_unique<State>();
  state->path = path;
  state->limits = limits;
  state->file_bytes = info.st_size;
  state->file = std::fopen(path.c_str(), "rb");
  if (state->file == nullptr) return Fail(ErrorKind::kNotFound, path + ": cannot be opened");
  state->input = std::make_unique<LenientInput>(state->file);
  auto read = [](void* input, char* buffer, int size) {
    return static_cast<LenientInput*>(input)->Read(buffer, size);
  };
  state->reader = xmlReaderForIO(read, nullptr, state->input.get(), path.c_str(), nullptr,
                                 XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES);
  if (state->reader == nullptr) return Fail(ErrorKind::kNotFound, path + ": cannot be opened");
  xmlTextReaderSetStructuredErrorHandler(state->reader, OnXmlError, state.get());
  return std::unique_ptr<Reader>(new Reader(std::move(state)));
}

Reader::Reader(std::unique_ptr<State> state) : state_(std::move(state)) {}
Reader::~Reader() = default;

Result<std::optional<Entry>> Reader::Next() {
  return state_->Next();
}
const Channel& Reader::channel() const {
  return state_->channel;
}
int64_t Reader::bytes_read() const {
  return xmlTextReaderByteConsumed(state_->reader);
}
int64_t Reader::file_bytes() const {
  return state_->file_bytes;
}

std::vector<std::string> Reader::repairs() const {
  std::vector<const Repair*> all;
  for (const Repair& r : state_->input->repairs()) all.push_back(&r);
  for (const auto& [prefix, r] : state_->undeclared) all.push_back(&r);
  std::vector<std::string> out;
  for (const Repair* r : all) {
    if (r->at.empty()) continue;
    std::string text =
        fmt::format("{}:{}:{}: {}", state_->path, r->at[0].line, r->at[0].column, r->what);
    if (r->count > 1) {
      text += fmt::format(" ({} times; lines", r->count);
      for (size_t i = 0; i < r->at.size(); ++i) {
        text += fmt::format("{} {}", i == 0 ? "" : ",", r->at[i].line);
      }
      text += r->count > static_cast<int64_t>(r->at.size()) ? ", ...)" : ")";
    }
    out.push_back(std::move(text));
  }
  return out;
}

Result<Counts> CountFile(const std::string& path) {
  auto reader = Reader::Open(path);
  if (!reader) return std::unexpected(reader.error());
  Counts counts;
  for (;;) {
    auto entry = (*reader)->Next();
    if (!entry) return std::unexpected(entry.error());
    if (!*entry) {
      counts.repairs = (*reader)->repairs();
      return counts;
    }
    if (std::holds_alternative<Author>(**entry)) ++counts.authors;
    if (std::holds_alternative<Term>(**entry)) ++counts.terms;
    if (const Item* item = std::get_if<Item>(&**entry)) {
      ++counts.items;
      counts.comments += static_cast<int64_t>(item->comments.size());
      counts.max_item_id = std::max(counts.max_item_id, item->post_id);
      for (const Comment& comment : item->comments) {
        counts.max_comment_id = std::max(counts.max_comment_id, comment.id);
      }
    }
  }
}

}  // namespace quire::wxr
