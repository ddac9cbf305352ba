// The bytes of a WXR file on their way to the XML parser, with the few things real exports hold
// and XML 1.0 forbids taken out. WordPress's own importer reads such files (it falls back to a
// lenient parser when the strict one refuses); these repairs let a strict parser read them
// while every line stays where it was in the file (and every column, but those after an escaped
// '&' on its line):
//  - C0 control characters other than tab, line feed and carriage return (a U+0014 pasted into
//    a post body), raw or as character references (&#20;, &#x14;; not inside CDATA or a
//    comment, where they are plain text), and the non-characters U+FFFE and U+FFFF;
//  - an '&' that starts no reference ("AT&T" in a title) is escaped as "&amp;" (a named
//    reference XML does not know, such as &nbsp;, is left: the parser refuses it);
//  - an XML declaration after blank lines (a theme or plugin printed them before the export):
//    the declaration is turned into spaces when it names UTF-8 or no encoding (UTF-8 is then
//    what the parser assumes), so the document starts with blank lines, which XML allows.
// Each kind of repair is counted, with where it first happened. Anything else is left for the
// parser to refuse with its line and column.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "wxr/records.h"

namespace quire::wxr {

// One kind of repair: what was done, how often, and the first few places (in the file).
struct Repair {
  std::string what;
  int64_t count = 0;
  std::vector<Position> at;  // at most kRepairPositionsKept

  static constexpr size_t kRepairPositionsKept = 10;
  void Note(Position where) {
    ++count;
    if (at.size() < kRepairPositionsKept) at.push_back(where);
  }
};

class LenientInput {
 public:
  // Reads `file` (not owned; it must outlive this) from its current position.
  explicit LenientInput(std::FILE* file) : file_(file) {}

  // Up to `size` repaired bytes into `out` (libxml2's xmlInputReadCallback, whose buffers are
  // kilobytes: `size` must be at least kLookahead): how many, 0 at the end, -1 when the file
  // cannot be read.
  int Read(char* out, int size);

  // The repairs made so far, by kind, in the order they first happened.
  const std::vector<Repair>& repairs() const { return repairs_; }

  static constexpr size_t kLookahead = 64;

 private:
  // A reference is at most "&#x" + 8 digits + ";" (longer ones are left to the parser, which
  // refuses them); the lookahead also covers "<![CDATA[" and "<!--".
  static constexpr size_t kMaxReference = 16;
  // A named reference's name is at most this long (HTML's longest is 31), within kLookahead.
  static constexpr size_t kMaxEntityName = 48;
  static constexpr size_t kChunk = 64 * 1024;

  bool Fill();                  // more of the file into buffer_ (false: a read error)
  void BlankLateDeclaration();  // the XML declaration after blank lines, once, at the start
  // The length of a forbidden "&#...;" at `at` (its code point into `value`), else 0.
  size_t InvalidReference(size_t at, uint32_t& value) const;
  bool IsBareAmpersand(size_t at) const;  // an '&' at `at` that starts no reference
  void Advance(size_t n);                 // past n input bytes (line and column follow them)
  void Note(const std::string& what, Position where);
  size_t Available() const { return buffer_.size() - pos_; }
  bool Ahead(std::string_view text) const {
    return std::string_view(buffer_).substr(pos_).starts_with(text);
  }

  std::FILE* file_;
  std::string buffer_;  // read, not yet consumed from pos_ on
  size_t pos_ = 0;
  bool eof_ = false, failed_ = false, started_ = false, passthrough_ = false;
  std::string_view literal_end_;  // inside CDATA ("]]>") or a comment ("-->"): its end, else ""
  Position here_{1, 1};           // of buffer_[pos_] in the file
  std::vector<Repair> repairs_;
  std::map<std::string, size_t, std::less<>> repair_index_;
};

}  // namespace quire::wxr
