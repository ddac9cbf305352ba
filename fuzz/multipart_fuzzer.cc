// multipart/form-data bodies (http::Multipart): the first line of the input is the
// Content-Type value, the rest the body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  std::string_view content_type = input.substr(0, newline);
  std::string_view body = newline == std::string_view::npos ? "" : input.substr(newline + 1);
  (void)quire::http::Multipart::Boundary(content_type);
  quire::http::MultipartLimits limits;
  limits.max_parts = 16;
  limits.max_header_bytes = 1024;
  limits.max_field_bytes = 4096;
  auto parsed = quire::http::Multipart::Parse(content_type, body, limits);
  if (!parsed) return 0;
  for (const quire::http::MultipartPart& part : parsed->parts()) {
    // Each part's data must lie inside the body it was parsed from.
    if (!part.data.empty() && (part.data.data() < body.data() ||
                               part.data.data() + part.data.size() > body.data() + body.size())) {
      __builtin_trap();
    }
  }
  (void)parsed->Fields();
  (void)parsed->Find("import");
  (void)parsed->GetOr("_wpnonce");
  return 0;
}
