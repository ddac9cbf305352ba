#include "content/permalink.h"

#include <fmt/format.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/clock.h"
#include "util/mutex.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace quire::content {
namespace {

enum class Tag { kYear, kMonth, kDay, kHour, kMinute, kSecond, kPostName, kPostId };

struct TagSpec {
  std::string_view text;
  Tag tag;
  int width;  // digits of a date part; 0 for the others
};
constexpr TagSpec kTags[] = {{"%year%", Tag::kYear, 4},         {"%monthnum%", Tag::kMonth, 2},
                             {"%day%", Tag::kDay, 2},           {"%hour%", Tag::kHour, 2},
                             {"%minute%", Tag::kMinute, 2},     {"%second%", Tag::kSecond, 2},
                             {"%postname%", Tag::kPostName, 0}, {"%post_id%", Tag::kPostId, 0}};

// A structure is literal text and tags; unknown %words% count as literal text.
struct Token {
  const TagSpec* tag = nullptr;  // null: literal
  std::string_view literal;
};

const TagSpec* TagAt(std::string_view structure, size_t pos) {
  for (const TagSpec& spec : kTags) {
    if (structure.substr(pos, spec.text.size()) == spec.text) return &spec;
  }
  return nullptr;
}

std::vector<Token> Tokenize(std::string_view structure) {
  std::vector<Token> tokens;
  size_t literal_start = 0, pos = 0;
  auto flush_literal = [&](size_t end) {
    if (end > literal_start) {
      tokens.push_back({nullptr, structure.substr(literal_start, end - literal_start)});
    }
  };
  while (pos < structure.size()) {
    const TagSpec* spec = structure[pos] == '%' ? TagAt(structure, pos) : nullptr;
    if (spec == nullptr) {
      ++pos;
      continue;
    }
    flush_literal(pos);
    tokens.push_back({spec, {}});
    pos += spec->text.size();
    literal_start = pos;
  }
  flush_literal(pos);
  return tokens;
}

std::optional<int> ParseDigits(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// Whether a date part read from a path is a possible value for it.
bool DatePartInRange(Tag tag, int value) {
  switch (tag) {
    case Tag::kMonth: return value >= 1 && value <= 12;
    case Tag::kDay: return value >= 1 && value <= 31;
    case Tag::kHour: return value <= 23;
    case Tag::kMinute:
    case Tag::kSecond: return value <= 59;
    default: return true;
  }
}

void AppendTag(std::string& out, Tag tag, const store::Post& post, const util::CivilDate& date) {
  switch (tag) {
    case Tag::kYear: out += fmt::format("{:04d}", date.year); break;
    case Tag::kMonth: out += fmt::format("{:02d}", date.month); break;
    case Tag::kDay: out += fmt::format("{:02d}", date.day); break;
    case Tag::kHour: out += fmt::format("{:02d}", date.hour); break;
    case Tag::kMinute: out += fmt::format("{:02d}", date.minute); break;
    case Tag::kSecond: out += fmt::format("{:02d}", date.second); break;
    case Tag::kPostName: out += util::UrlEncode(post.slug); break;
    case Tag::kPostId: out += std::to_string(post.id); break;
  }
}

// Matching state: the path being read and what has been learnt from it.
class Matcher {
 public:
  explicit Matcher(std::string_view path) : path_(path) {}

  bool Literal(std::string_view literal) {
    if (path_.substr(pos_, literal.size()) != literal) return false;
    pos_ += literal.size();
    return true;
  }

  bool DatePart(const TagSpec& spec) {
    const size_t width = static_cast<size_t>(spec.width);
    if (pos_ + width > path_.size()) return false;
    auto value = ParseDigits(path_.substr(pos_, width));
    if (!value || !DatePartInRange(spec.tag, *value)) return false;
    pos_ += width;
    if (spec.tag == Tag::kYear) match_.year = *value;
    if (spec.tag == Tag::kMonth) match_.month = *value;
    if (spec.tag == Tag::kDay) match_.day = *value;
    return true;
  }

  // Where a post number starting here may end, longest first: after 1 to 18 digits (fits
  // int64_t). Digits may follow the number in the structure ("/%post_id%2"), so each is tried,
  // as WordPress's greedy ([0-9]+) gives back digits until the rest of its pattern fits.
  std::vector<size_t> PostIdEnds() const {
    constexpr size_t kMaxDigits = 18;
    size_t end = pos_;
    while (end < path_.size() && end - pos_ < kMaxDigits && path_[end] >= '0' && path_[end] <= '9')
      ++end;
    std::vector<size_t> ends;
    for (; end > pos_; --end) ends.push_back(end);
    return ends;
  }

  // Takes path_[pos_, end) as the post's number; false when it is 0.
  bool PostId(size_t end) {
    int64_t id = 0;
    for (size_t i = pos_; i < end; ++i) id = id * 10 + (path_[i] - '0');
    if (id == 0) return false;
    match_.id = id;
    pos_ = end;
    return true;
  }

  // Where a slug starting here may end, longest first: within the current path segment, and
  // only where the next token could then match (its literal follows, or the path ends).
  std::vector<size_t> PostNameEnds(const Token* next) const {
    size_t segment_end = path_.find('/', pos_);
    if (segment_end == std::string_view::npos) segment_end = path_.size();
    std::vector<size_t> ends;
    for (size_t end = segment_end; end > pos_; --end) {
      bool fits = next == nullptr        ? end == path_.size()
                  : next->tag == nullptr ? path_.substr(end).starts_with(next->literal)
                                         : true;
      if (fits) ends.push_back(end);
    }
    return ends;
  }

  // Takes path_[pos_, end) as the (still encoded) slug.
  void PostName(size_t end) {
    raw_slug_ = path_.substr(pos_, end - pos_);
    pos_ = end;
  }

  bool AtEnd() const { return pos_ == path_.size(); }

  // What was matched, with the slug decoded; nullopt when its escapes are broken.
  std::optional<PermalinkMatch> Take() {
    auto slug = util::PathDecode(raw_slug_);
    if (!slug) return std::nullopt;
    match_.slug = std::move(*slug);
    return std::move(match_);
  }

 private:
  std::string_view path_;
  size_t pos_ = 0;
  std::string_view raw_slug_;
  PermalinkMatch match_;
};

// Matches tokens[i...] against the rest of the path. A slug may end anywhere in its segment
// and a number before any of its digits, so each end is tried, longest first, until the rest
// fits ("/%postname%-%post_id%/", "/%post_id%2/").
bool MatchFrom(const std::vector<Token>& tokens, size_t i, Matcher& matcher) {
  if (i == tokens.size()) return matcher.AtEnd();
  const Token& token = tokens[i];
  const bool name = token.tag != nullptr && token.tag->tag == Tag::kPostName;
  const bool id = token.tag != nullptr && token.tag->tag == Tag::kPostId;
  if (name || id) {
    const Token* next = i + 1 < tokens.size() ? &tokens[i + 1] : nullptr;
    for (size_t end : name ? matcher.PostNameEnds(next) : matcher.PostIdEnds()) {
      Matcher attempt = matcher;
      if (name) {
        attempt.PostName(end);
      } else if (!attempt.PostId(end)) {
        continue;
      }
      if (MatchFrom(tokens, i + 1, attempt)) {
        matcher = std::move(attempt);
        return true;
      }
    }
    return false;
  }
  bool ok = token.tag == nullptr ? matcher.Literal(token.literal) : matcher.DatePart(*token.tag);
  return ok && MatchFrom(tokens, i + 1, matcher);
}

// ---- Slugs ----

// Non-ASCII code points that separate words rather than spell them: spaces, punctuation,
// symbols, arrows, emoji, invisible formatting. Everything else is kept as a letter.
bool IsNonAsciiSeparator(uint32_t cp) {
  struct Range {
    uint32_t first, last;
  };
  constexpr Range kSeparators[] = {
      {0x0080, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7},  {0x2000, 0x2BFF}, {0x3000, 0x303F},
      {0xFE00, 0xFE0F}, {0xFE30, 0xFE4F}, {0xFEFF, 0xFEFF},  {0xFF00, 0xFF0F}, {0xFF1A, 0xFF20},
      {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0x1F000, 0x1FAFF}};
  for (const Range& range : kSeparators) {
    if (cp >= range.first && cp <= range.last) return true;
  }
  return false;
}

// Lowercase for the scripts that need no tables: Latin-1, basic Greek and Cyrillic.
uint32_t SimpleLower(uint32_t cp) {
  if ((cp >= 0x00C0 && cp <= 0x00DE) || (cp >= 0x0391 && cp <= 0x03AB && cp != 0x03A2) ||
      (cp >= 0x0410 && cp <= 0x042F)) {
    return cp + 0x20;
  }
  if (cp >= 0x0400 && cp <= 0x040F) return cp + 0x50;
  return cp;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Apostrophes join the parts of a word ("don't" gives "dont", as in WordPress).
bool IsApostrophe(std::optional<char32_t> cp) {
  return cp == '\'' || cp == 0x2019;
}

// Cuts at most max_bytes from the front without splitting a UTF-8 character.
void TruncateUtf8(std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
}

// Any script to Latin, then to ASCII, lowercased. Modifier letters that Any-Latin writes for
// Cyrillic's soft and hard signs (ʹ ʺ) and Arabic's ʿayn vanish like apostrophes; Azerbaijani
// schwa, which Latin-ASCII leaves alone, becomes "e" ("həmrəylik" → "hemreylik"). Han becomes
// pinyin without tones, kana romaji, Hangul its romanisation.
constexpr std::string_view kSlugRules =
    ":: Any-Latin; [:Lm:] > ; :: Latin-ASCII; [\u0259\u018F] > e; :: Lower;";

// One compiled transliterator, built on first use (about 40 ms). ICU transliterators are not
// thread-safe, so each call transliterates with its own clone (under a microsecond), taken
// under the mutex; the transliteration itself (about 10 µs for a title) runs unlocked.
class SlugTransliterator {
 public:
  static const SlugTransliterator& Get() {
    static const SlugTransliterator instance;
    return instance;
  }

  // The text transliterated, or the text itself when ICU could not build the rules.
  std::string Apply(std::string_view text) const {
    std::unique_ptr<icu::Transliterator> copy;
    {
      util::MutexLock lock(mutex_);
      if (prototype_) copy.reset(prototype_->clone());
    }
    if (!copy) return std::string(text);
    icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    copy->transliterate(unicode);
    std::string out;
    unicode.toUTF8String(out);
    return out;
  }

 private:
  SlugTransliterator() {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    icu::UnicodeString rules = icu::UnicodeString::fromUTF8(
        icu::StringPiece(kSlugRules.data(), static_cast<int32_t>(kSlugRules.size())));
    prototype_.reset(icu::Transliterator::createFromRules("quire-slug", rules, UTRANS_FORWARD,
                                                          parse_error, status));
    if (U_FAILURE(status)) prototype_.reset();
  }

  mutable util::Mutex mutex_;
  std::unique_ptr<icu::Transliterator> prototype_;
};

// The title made ready for transliteration: at most max_bytes (whole characters), malformed
// UTF-8 replaced by spaces (ICU would make U+FFFD of it, a letter to the slug).
std::string CleanUtf8(std::string_view text, size_t max_bytes) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size() && out.size() < max_bytes) {
    size_t length = 1;
    std::optional<char32_t> cp = util::DecodeUtf8(text, pos, length);
    if (cp) {
      out.append(text.substr(pos, length));
    } else {
      out += ' ';
    }
    pos += length;
  }
  return out;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string PostPath(const store::Post& post, const store::Settings& settings) {
  return PostPath(post, settings.permalink_structure, SiteZone::Of(settings));
}

std::string PostPath(const store::Post& post, std::string_view structure, const SiteZone& zone) {
  const util::CivilDate date = zone.LocalDate(post.published_at);
  std::string path;
  for (const Token& token : Tokenize(structure)) {
    if (token.tag == nullptr) {
      path += token.literal;
    } else {
      AppendTag(path, token.tag->tag, post, date);
    }
  }
  return path;
}

std::optional<PermalinkMatch> MatchPostPath(std::string_view path, std::string_view structure) {
  // A structure ending in '/' also accepts the path without it (the caller may redirect).
  std::string with_slash;
  if (structure.ends_with('/') && !path.ends_with('/')) {
    with_slash = std::string(path) + '/';
    path = with_slash;
  }
  // Found by fuzzing: every %postname% (and %post_id%) multiplies the ends tried, so a
  // structure naming one twice (never a valid setting) took exponential time. Such a structure
  // matches nothing; with each at most once the work stays within path length x 18.
  const std::vector<Token> tokens = Tokenize(structure);
  for (Tag tag : {Tag::kPostName, Tag::kPostId}) {
    auto named = [tag](const Token& token) {
      return token.tag != nullptr && token.tag->tag == tag;
    };
    if (std::ranges::count_if(tokens, named) > 1) return std::nullopt;
  }
  Matcher matcher(path);
  if (!MatchFrom(tokens, 0, matcher)) return std::nullopt;
  return matcher.Take();
}

std::optional<std::string> DecodeSlug(std::string_view path_segment) {
  return util::PathDecode(path_segment);
}

std::string Slugify(std::string_view raw_title) {
  constexpr size_t kMaxSlugBytes = 200;  // WordPress's post_name column
  // Enough of any title to fill a slug: transliteration never shortens a word by much.
  constexpr size_t kMaxTitleBytes = 4 * kMaxSlugBytes;
  std::string transliterated;
  std::string_view title = raw_title;
  if (!IsAscii(title)) {
    transliterated = SlugTransliterator::Get().Apply(CleanUtf8(title, kMaxTitleBytes));
    title = transliterated;
  }
  std::string slug;
  bool separator_pending = false;
  auto append = [&](auto&& write) {
    if (separator_pending && !slug.empty()) slug += '-';
    separator_pending = false;
    write();
  };
  size_t pos = 0;
  while (pos < title.size()) {
    char c = title[pos];
    size_t length = 1;
    std::optional<char32_t> cp = static_cast<unsigned char>(c) < 0x80
                                     ? std::optional<char32_t>(c)
                                     : util::DecodeUtf8(title, pos, length);
    pos += length;
    if (IsApostrophe(cp)) continue;
    if (cp && *cp < 0x80 && IsAsciiAlnum(c)) {
      append([&] { slug += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    } else if (cp && *cp >= 0x80 && !IsNonAsciiSeparator(*cp)) {
      append([&] { util::AppendUtf8(slug, SimpleLower(*cp)); });
    } else {
      separator_pending = true;
    }
  }
  TruncateUtf8(slug, kMaxSlugBytes);
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "post" : slug;
}

}  // namespace quire::content
