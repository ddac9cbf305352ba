// A streaming WXR reader over libxml2's xmlTextReader: the file is read once, front to back,
// and handed out one author, term or item at a time, so memory stays bounded by the largest
// item, not the file. Safe on hostile input: no network (XML_PARSE_NONET), no DTD (a
// <!DOCTYPE> is refused, so no entity can be declared or expanded), a depth limit, a size
// limit per value and per file. Every error names the line and column where it was found.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "util/status.h"
#include "wxr/records.h"

namespace quire::wxr {

// Named limits, applied where the bytes are read.
struct ReaderLimits {
  int64_t max_file_bytes = int64_t{4} << 30;  // larger files are refused before reading
  int64_t max_value_bytes = 64 << 20;         // one element's text (a post body, a meta value)
  int max_depth = 32;                         // element nesting
};

// What Next() hands out, in document order.
using Entry = std::variant<Author, Term, Item>;

class Reader {
 public:
  // Opens `path`. kNotFound when it cannot be opened, kTooLarge past limits.max_file_bytes.
  static Result<std::unique_ptr<Reader>> Open(const std::string& path, ReaderLimits limits = {});
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // The next author, term or item; nullopt at the end of a complete, well-formed file. Errors
  // (kInvalid, message "FILE:LINE:COLUMN: ..."): malformed XML, bad encoding, a truncated
  // file, a DOCTYPE, a root other than <rss><channel>, a missing or unknown wp:wxr_version
  // (1.0, 1.1 and 1.2 are known), a limit passed. After an error, Next() repeats it.
  Result<std::optional<Entry>> Next();

  // The channel's fields read so far (complete once Next() returned the first entry).
  const Channel& channel() const;
  // Bytes of the file consumed so far, and its size (for progress).
  int64_t bytes_read() const;
  int64_t file_bytes() const;
  // The repairs made so far, one line per kind: "FILE:LINE:COLUMN: what (N times; lines ...)"
  // with the first place it happened.
  std::vector<std::string> repairs() const;

  // The parser's state (reader.cc); public only so that libxml2's error callback can reach it.
  struct State;

 private:
  explicit Reader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Reads a whole file and counts what it holds (for --dry-run style checks and tests).
struct Counts {
  int64_t authors = 0, terms = 0, items = 0, comments = 0;
  int64_t max_item_id = 0, max_comment_id = 0;  // the largest wp:post_id / wp:comment_id
  std::vector<std::string> repairs;             // Reader::repairs() at the end
};
Result<Counts> CountFile(const std::string& path);

}  // namespace quire::wxr
