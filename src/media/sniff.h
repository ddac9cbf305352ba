// What a file is, decided from its bytes (libmagic), never from its name: a PHP script named
// cat.jpg is a PHP script. Only the types on the allowlist below may be uploaded.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace quire::media {

struct FileType {
  std::string mime_type;  // e.g. "image/jpeg"
  std::string extension;  // the one the stored file gets, e.g. "jpg"
  bool image = false;     // an image libvips resizes (JPEG, PNG, GIF, WebP)
};

// The type of `bytes` when it is on the allowlist: JPEG, PNG, GIF, WebP images; PDF; plain
// text; MP3, MP4/M4A, Ogg, WebM and WAV audio and video. kInvalid with a message naming what
// was found otherwise (empty files too). Thread-safe.
Result<FileType> SniffType(std::string_view bytes);

// The MIME type libmagic reports for `bytes`, whatever it is ("" when it cannot tell).
std::string DetectMimeType(std::string_view bytes);

}  // namespace quire::media
