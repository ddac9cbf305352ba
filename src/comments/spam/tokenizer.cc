#include "comments/spam/tokenizer.h"

#include <string_view>
#include <unordered_set>

#include "comments/keywords.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace quire::comments::spam {
namespace {

constexpr size_t kMinWordChars = 2;
constexpr size_t kMaxWordChars = 40;
constexpr int kManyLinks = 3;  // "links:3+" and more

// Letters and digits of any script are word characters; ASCII punctuation, Latin-1's symbols,
// general punctuation, symbols, CJK punctuation and emoji are not.
bool IsWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c >= 0xFE00 && c <= 0xFE0F) return false;  // variation selectors
  if (c >= 0xFF00 && c <= 0xFF0F) return false;
  return c < 0x1F000;
}

class TokenSet {
 public:
  void Add(std::string token) {
    if (tokens_.size() >= kMaxTokensPerComment || token.empty()) return;
    if (seen_.insert(token).second) tokens_.push_back(std::move(token));
  }
  std::vector<std::string> Take() { return std::move(tokens_); }

 private:
  std::unordered_set<std::string> seen_;
  std::vector<std::string> tokens_;
};

// Adds the words of already case-folded text, each with `prefix`.
void AddWords(std::string_view folded, std::string_view prefix, TokenSet& out) {
  std::string word;
  size_t chars = 0;
  auto flush = [&] {
    if (chars >= kMinWordChars && chars <= kMaxWordChars) out.Add(std::string(prefix) + word);
    word.clear();
    chars = 0;
  };
  for (size_t pos = 0; pos < folded.size();) {
    size_t length = 1;
    std::optional<char32_t> c = util::DecodeUtf8(folded, pos, length);
    if (c && IsWordChar(*c)) {
      word.append(folded.substr(pos, length));
      ++chars;
    } else {
      flush();
    }
    pos += length;
  }
  flush();
}

// The host of a URL or of text starting at a host ("example.com/x"), lower case, without
// "www." and a port; empty when there is none.
std::string HostOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos && scheme < 10) url.remove_prefix(scheme + 3);
  size_t end = 0;
  while (end < url.size()) {
    char c = url[end];
    bool host_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '.' || c == '-';
    if (!host_char) break;
    ++end;
  }
  std::string host = util::ToLower(url.substr(0, end));
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (util::StartsWith(host, "www.")) host.erase(0, 4);
  return host.find('.') == std::string::npos ? std::string() : host;
}

// Link hosts in the text (http://, https:// and www. forms) and the link count.
void AddLinks(std::string_view folded, TokenSet& out) {
  int links = 0;
  for (size_t pos = 0; pos < folded.size();) {
    size_t http = folded.find("http", pos);
    size_t www = folded.find("www.", pos);
    size_t at = std::min(http, www);
    if (at == std::string_view::npos) break;
    std::string_view rest = folded.substr(at);
    bool link = util::StartsWith(rest, "http://") || util::StartsWith(rest, "https://") ||
                (at == www && (at == 0 || !IsWordChar(static_cast<unsigned char>(folded[at - 1]))));
    pos = at + 4;
    if (!link) continue;
    std::string host = HostOf(rest);
    if (host.empty()) continue;
    out.Add("link:" + host);
    ++links;
    size_t end = folded.find_first_of(" \t\n<>\"'", at);  // the rest of this link
    pos = end == std::string_view::npos ? folded.size() : end;
  }
  out.Add("links:" +
          (links >= kManyLinks ? std::to_string(kManyLinks) + "+" : std::to_string(links)));
}

}  // namespace

std::vector<std::string> Tokenize(const store::Comment& comment) {
  TokenSet out;
  std::string content = FoldCase(comment.content);
  AddLinks(content, out);
  AddWords(FoldCase(comment.author), "name:", out);
  size_t at = comment.email.rfind('@');
  std::string domain = at == std::string::npos ? "" : HostOf(comment.email.substr(at + 1));
  if (!domain.empty()) out.Add("email:" + domain);
  std::string site = HostOf(comment.url);
  out.Add("url:" + (site.empty() ? std::string("none") : site));
  AddWords(content, "", out);
  return out.Take();
}

}  // namespace quire::comments::spam
