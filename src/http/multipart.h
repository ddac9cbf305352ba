// multipart/form-data bodies (RFC 7578, RFC 2046 §5.1): what an HTML form with
// enctype="multipart/form-data" sends, fields and files alike. The parser never copies a part's
// content: each part's `data` is a view into the body given to Parse, valid as long as it is.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/form.h"
#include "util/status.h"

namespace quire::http {

struct MultipartPart {
  std::string name;                     // the field's name (Content-Disposition name=)
  std::optional<std::string> filename;  // present for a file field (possibly ""), as sent
  std::string content_type;             // the part's Content-Type; "text/plain" when absent
  std::string_view data;                // the content, a view into the parsed body
};

// Limits applied while parsing; passing one is kTooLarge.
struct MultipartLimits {
  size_t max_parts = 64;
  size_t max_header_bytes = 8 * 1024;    // one part's header block
  size_t max_field_bytes = 1024 * 1024;  // a part without a filename (a plain field)
};

class Multipart {
 public:
  // The boundary of a "multipart/form-data; boundary=..." Content-Type value (quoted or not);
  // nullopt for another type or a missing or invalid boundary (1..70 characters).
  static std::optional<std::string> Boundary(std::string_view content_type);

  // Parses `body` sent with `content_type`. kInvalid when the type is not multipart/form-data
  // or the body is malformed (no opening boundary, a part without the closing boundary, a part
  // without a Content-Disposition form-data name, a header line without CRLF); kTooLarge when
  // a limit is passed. Text before the first boundary and after the last is ignored (RFC 2046).
  static Result<Multipart> Parse(std::string_view content_type, std::string_view body,
                                 const MultipartLimits& limits = {});

  const std::vector<MultipartPart>& parts() const { return parts_; }
  // The first part with this name, or null.
  const MultipartPart* Find(std::string_view name) const;
  // The first plain field (not a file) with this name, or `fallback`.
  std::string_view GetOr(std::string_view name, std::string_view fallback = {}) const;
  // The plain fields as a Form (for code that takes one, e.g. CSRF checks); files are left out.
  Form Fields() const;

 private:
  std::vector<MultipartPart> parts_;
};

}  // namespace quire::http
