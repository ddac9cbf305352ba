#include "http/multipart.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "util/strings.h"

namespace quire::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr size_t kMaxBoundary = 70;  // RFC 2046 §5.1.1

// Splits "a; b=\"x;y\"; c" at the semicolons outside quoted strings.
std::vector<std::string_view> SplitParameters(std::string_view value) {
  std::vector<std::string_view> items;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (quoted && c == '\\') {
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ';' && !quoted) {
      items.push_back(util::Trim(value.substr(start, i - start)));
      start = i + 1;
    }
  }
  items.push_back(util::Trim(value.substr(start)));
  return items;
}

// A parameter's value: a quoted string without its quotes and escapes, or the token as is.
std::string Unquote(std::string_view value) {
  if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::string(value);
  std::string out;
  for (size_t i = 1; i + 1 < value.size(); ++i) {
    if (value[i] == '\\' && i + 2 < value.size()) ++i;
    out += value[i];
  }
  return out;
}

// The value of `name` among "type; a=1; b=\"2\"" parameters (case-insensitive name).
std::optional<std::string> Parameter(std::string_view header_value, std::string_view name) {
  std::vector<std::string_view> items = SplitParameters(header_value);
  for (size_t i = 1; i < items.size(); ++i) {
    size_t equals = items[i].find('=');
    if (equals == std::string_view::npos) continue;
    if (!util::IEquals(util::Trim(items[i].substr(0, equals)), name)) continue;
    return Unquote(util::Trim(items[i].substr(equals + 1)));
  }
  return std::nullopt;
}

// RFC 5987's ext-value "UTF-8''percent-encoded" (filename*=); nullopt for another charset.
std::optional<std::string> DecodeExtValue(std::string_view value) {
  size_t quote = value.find("''");
  if (quote == std::string_view::npos || !util::IEquals(value.substr(0, quote), "utf-8")) {
    return std::nullopt;
  }
  std::string text;
  for (char c : value.substr(quote + 2)) text += c == '+' ? std::string("%2B") : std::string(1, c);
  return util::UrlDecode(text);  // '+' is literal here, not a space
}

std::string_view MediaType(std::string_view content_type) {
  return util::Trim(content_type.substr(0, content_type.find(';')));
}

// Fills name, filename and content type from one part's header block (lines without CRLF).
Status ReadPartHeaders(std::string_view block, MultipartPart& part) {
  bool has_disposition = false;
  part.content_type = "text/plain";
  while (!block.empty()) {
    size_t end = block.find(kCrlf);
    std::string_view line = block.substr(0, end);
    block = end == std::string_view::npos ? std::string_view() : block.substr(end + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return Fail(ErrorKind::kInvalid, "a multipart header line has no name");
    }
    std::string_view name = util::Trim(line.substr(0, colon));
    std::string_view value = util::Trim(line.substr(colon + 1));
    if (util::IEquals(name, "content-type")) {
      part.content_type = std::string(value);
    } else if (util::IEquals(name, "content-disposition")) {
      if (!util::IEquals(MediaType(value), "form-data")) {
        return Fail(ErrorKind::kInvalid, "a multipart part is not form-data");
      }
      std::optional<std::string> field = Parameter(value, "name");
      if (!field) return Fail(ErrorKind::kInvalid, "a multipart part has no field name");
      part.name = std::move(*field);
      part.filename = Parameter(value, "filename");
      if (std::optional<std::string> ext = Parameter(value, "filename*")) {
        if (std::optional<std::string> decoded = DecodeExtValue(*ext)) part.filename = *decoded;
      }
      has_disposition = true;
    }
  }
  if (!has_disposition) {
    return Fail(ErrorKind::kInvalid, "a multipart part has no Content-Disposition");
  }
  return {};
}

// Finds `needle` in `haystack` from `from` (Boyer-Moore-Horspool: uploads are large).
size_t Search(std::string_view haystack, std::string_view needle, size_t from) {
  if (from > haystack.size()) return std::string_view::npos;
  auto begin = haystack.begin() + static_cast<std::ptrdiff_t>(from);
  auto it = std::search(begin, haystack.end(),
                        std::boyer_moore_horspool_searcher(needle.begin(), needle.end()));
  return it == haystack.end() ? std::string_view::npos : static_cast<size_t>(it - haystack.begin());
}

}  // namespace

std::optional<std::string> Multipart::Boundary(std::string_view content_type) {
  if (!util::IEquals(MediaType(content_type), "multipart/form-data")) return std::nullopt;
  std::optional<std::string> boundary = Parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > kMaxBoundary) return std::nullopt;
  return boundary;
}

Result<Multipart> Multipart::Parse(std::string_view content_type, std::string_view body,
                                   const MultipartLimits& limits) {
  std::optional<std::string> boundary = Boundary(content_type);
  if (!boundary) return Fail(ErrorKind::kInvalid, "the form is not multipart/form-data");
  const std::string delimiter = "\r\n--" + *boundary;
  // The first delimiter may open the body without the CRLF before it.
  size_t pos = util::StartsWith(body, std::string_view(delimiter).substr(2))
                   ? delimiter.size() - 2
                   : Search(body, delimiter, 0);
  if (pos == std::string_view::npos) {
    return Fail(ErrorKind::kInvalid, "the form has no multipart boundary");
  }
  if (pos != delimiter.size() - 2) pos += delimiter.size();
  Multipart multipart;
  for (;;) {
    if (body.substr(pos, 2) == "--") return multipart;  // the close delimiter
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != kCrlf) {
      return Fail(ErrorKind::kInvalid, "a multipart boundary is not followed by CRLF");
    }
    pos += 2;
    if (multipart.parts_.size() >= limits.max_parts) {
      return Fail(ErrorKind::kTooLarge, "the form has too many parts");
    }
    std::string_view block;  // the header lines, without the blank line that ends them
    size_t start = pos + 2;  // where the content begins
    if (body.substr(pos, 2) != kCrlf) {
      size_t blank = Search(body, "\r\n\r\n", pos);
      if (blank == std::string_view::npos) {
        return Fail(ErrorKind::kInvalid, "a multipart part's headers do not end");
      }
      block = body.substr(pos, blank - pos);
      start = blank + 4;
    }
    if (block.size() > limits.max_header_bytes) {
      return Fail(ErrorKind::kTooLarge, "a multipart part's headers are too long");
    }
    MultipartPart part;
    if (Status read = ReadPartHeaders(block, part); !read) return std::unexpected(read.error());
    size_t end = Search(body, delimiter, start);
    if (end == std::string_view::npos) {
      return Fail(ErrorKind::kInvalid, "the form ends before its closing boundary");
    }
    part.data = body.substr(start, end - start);
    if (!part.filename && part.data.size() > limits.max_field_bytes) {
      return Fail(ErrorKind::kTooLarge, "the form field " + part.name + " is too long");
    }
    multipart.parts_.push_back(std::move(part));
    pos = end + delimiter.size();
  }
}

const MultipartPart* Multipart::Find(std::string_view name) const {
  auto it = std::find_if(parts_.begin(), parts_.end(),
                         [name](const MultipartPart& part) { return part.name == name; });
  return it == parts_.end() ? nullptr : &*it;
}

std::string_view Multipart::GetOr(std::string_view name, std::string_view fallback) const {
  for (const MultipartPart& part : parts_) {
    if (part.name == name && !part.filename) return part.data;
  }
  return fallback;
}

Form Multipart::Fields() const {
  std::string encoded;
  for (const MultipartPart& part : parts_) {
    if (part.filename) continue;
    if (!encoded.empty()) encoded += '&';
    encoded += util::UrlEncode(part.name) + "=" + util::UrlEncode(part.data);
  }
  return Form::Parse(encoded);
}

}  // namespace quire::http
