#include "wxr/lenient_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace quire::wxr {
namespace {

// XML 1.0's Char production: what a document may hold, raw or by reference.
bool IsXmlChar(uint32_t c) {
  if (c < 0x20) return c == 0x9 || c == 0xA || c == 0xD;
  if (c >= 0xD800 && c <= 0xDFFF) return false;
  if (c == 0xFFFE || c == 0xFFFF) return false;
  return c <= 0x10FFFF;
}

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

bool LenientInput::Fill() {
  if (eof_ || failed_) return !failed_;
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buffer_.size();
  buffer_.resize(old + kChunk);
  size_t got = std::fread(buffer_.data() + old, 1, kChunk, file_);
  buffer_.resize(old + got);
  if (got < kChunk) {
    if (std::ferror(file_)) {
      failed_ = true;
      return false;
    }
    eof_ = true;
  }
  return true;
}

void LenientInput::Note(const std::string& what, Position where) {
  auto known = repair_index_.find(what);
  if (known == repair_index_.end()) {
    known = repair_index_.emplace(what, repairs_.size()).first;
    repairs_.push_back(Repair{what, 0, {}});
  }
  repairs_[known->second].Note(where);
}

void LenientInput::Advance(size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (buffer_[pos_ + i] == '\n') {
      ++here_.line;
      here_.column = 1;
    } else {
      ++here_.column;
    }
  }
  pos_ += n;
}

// "  \n<?xml version="1.0" encoding="UTF-8"?>": a declaration is only allowed as the very first
// bytes. Blanking it (newlines kept) leaves blank lines before the root, which are allowed.
void LenientInput::BlankLateDeclaration() {
  size_t start = 0;
  while (start < buffer_.size() && IsBlank(buffer_[start])) ++start;
  if (start == 0 || buffer_.compare(start, 5, "<?xml") != 0) return;
  size_t end = buffer_.find("?>", start);
  if (end == std::string::npos) return;
  end += 2;
  std::string declaration = Lower(std::string_view(buffer_).substr(start, end - start));
  size_t encoding = declaration.find("encoding");
  if (encoding != std::string::npos) {
    size_t quote = declaration.find_first_of("\"'", encoding);
    if (quote == std::string::npos) return;
    std::string_view name = std::string_view(declaration).substr(quote + 1);
    if (!name.starts_with("utf-8") && !name.starts_with("utf8")) return;  // left to the parser
  }
  Position where{1, 1};
  for (size_t i = 0; i < start; ++i) {
    if (buffer_[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else {
      ++where.column;
    }
  }
  for (size_t i = start; i < end; ++i) {
    if (buffer_[i] != '\n' && buffer_[i] != '\r') buffer_[i] = ' ';
  }
  Note(
      "removed the XML declaration, which came after blank lines (something printed them "
      "before the export)",
      where);
}

size_t LenientInput::InvalidReference(size_t at, uint32_t& value_out) const {
  std::string_view rest = std::string_view(buffer_).substr(at, kMaxReference);
  if (!rest.starts_with("&#")) return 0;
  size_t i = 2;
  bool hex = i < rest.size() && (rest[i] == 'x' || rest[i] == 'X');
  if (hex) ++i;
  size_t digits_start = i;
  uint64_t value = 0;
  for (; i < rest.size() && rest[i] != ';'; ++i) {
    int digit = -1;
    char c = rest[i];
    if (c >= '0' && c <= '9') digit = c - '0';
    if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return 0;  // not a reference: the parser says so
    value = value * (hex ? 16 : 10) + static_cast<uint64_t>(digit);
    if (value > 0x10FFFF) return 0;
  }
  if (i >= rest.size() || i == digits_start) return 0;
  value_out = static_cast<uint32_t>(value);
  return IsXmlChar(value_out) ? 0 : i + 1;
}

// "AT&T", "?a=1&b=2": an '&' that starts neither a character reference ("&#") nor a named one
// ("&name;"). A named reference the parser does not know (&nbsp;) is left for it to refuse.
bool LenientInput::IsBareAmpersand(size_t at) const {
  std::string_view rest = std::string_view(buffer_).substr(at + 1, kMaxEntityName + 1);
  if (rest.starts_with('#')) return false;
  size_t i = 0;
  auto name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
  };
  while (i < rest.size() && name_char(rest[i])) ++i;
  return i == 0 || i >= rest.size() || rest[i] != ';';
}

int LenientInput::Read(char* out, int size) {
  if (failed_) return -1;
  if (!started_) {
    started_ = true;
    if (!Fill()) return -1;
    // UTF-16 or UTF-32 (a byte order mark, or "<" with zero bytes beside it): every byte is
    // left to the parser, which decodes it (these repairs work on ASCII-compatible bytes).
    std::string_view head(buffer_);
    passthrough_ = head.starts_with("\xFE\xFF") || head.starts_with("\xFF\xFE") ||
                   head.starts_with(std::string_view("\0<", 2)) ||
                   head.starts_with(std::string_view("<\0", 2));
    if (!passthrough_) BlankLateDeclaration();
  }
  if (passthrough_) {
    int n = static_cast<int>(std::min(Available(), static_cast<size_t>(size)));
    if (n == 0 && !eof_) {
      if (!Fill()) return -1;
      n = static_cast<int>(std::min(Available(), static_cast<size_t>(size)));
    }
    std::memcpy(out, buffer_.data() + pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return n;
  }
  int n = 0;
  while (n < size) {
    if (Available() < kLookahead && !eof_ && !Fill()) return -1;
    if (Available() == 0) break;
    unsigned char c = static_cast<unsigned char>(buffer_[pos_]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      Note(fmt::format("removed the control character U+{:04X}, which XML 1.0 forbids", c), here_);
      Advance(1);
      continue;
    }
    if (c == 0xEF && Available() >= 3 && buffer_[pos_ + 1] == '\xBF' &&
        (buffer_[pos_ + 2] == '\xBE' || buffer_[pos_ + 2] == '\xBF')) {
      Note(fmt::format("removed the non-character U+FFF{}, which XML 1.0 forbids",
                       buffer_[pos_ + 2] == '\xBE' ? 'E' : 'F'),
           here_);
      Advance(3);
      continue;
    }
    size_t copy = 1;
    if (!literal_end_.empty()) {
      if (Ahead(literal_end_)) {
        copy = literal_end_.size();
        literal_end_ = {};
      }
    } else if (c == '<') {
      if (Ahead("<![CDATA[")) {
        copy = 9;
        literal_end_ = "]]>";
      } else if (Ahead("<!--")) {
        copy = 4;
        literal_end_ = "-->";
      }
    } else if (c == '&') {
      uint32_t value = 0;
      if (size_t length = InvalidReference(pos_, value); length > 0) {
        Note(fmt::format("removed a character reference to U+{:04X} (such as {}), which XML "
                         "1.0 forbids",
                         value, std::string_view(buffer_).substr(pos_, length)),
             here_);
        Advance(length);
        continue;
      }
      if (IsBareAmpersand(pos_)) {
        constexpr std::string_view kEscaped = "&amp;";
        if (n + static_cast<int>(kEscaped.size()) > size) break;
        Note("escaped a bare '&' as &amp; (XML requires it; the text keeps its '&')", here_);
        std::memcpy(out + n, kEscaped.data(), kEscaped.size());
        n += static_cast<int>(kEscaped.size());
        Advance(1);
        continue;
      }
    }
    if (n + static_cast<int>(copy) > size) break;  // the next call copies it whole
    std::memcpy(out + n, buffer_.data() + pos_, copy);
    n += static_cast<int>(copy);
    Advance(copy);
  }
  return n;
}

}  // namespace quire::wxr
