#include "media/sniff.h"

#include <magic.h>

#include <array>
#include <mutex>

#include "util/mutex.h"

namespace quire::media {
namespace {

struct Allowed {
  std::string_view mime_type;
  std::string_view extension;
  bool image;
};

constexpr std::array kAllowed{
    Allowed{"image/jpeg", "jpg", true},       Allowed{"image/png", "png", true},
    Allowed{"image/gif", "gif", true},        Allowed{"image/webp", "webp", true},
    Allowed{"application/pdf", "pdf", false}, Allowed{"text/plain", "txt", false},
    Allowed{"audio/mpeg", "mp3", false},      Allowed{"video/mp4", "mp4", false},
    Allowed{"audio/x-m4a", "m4a", false},     Allowed{"audio/mp4", "m4a", false},
    Allowed{"audio/ogg", "ogg", false},       Allowed{"video/ogg", "ogv", false},
    Allowed{"application/ogg", "ogg", false}, Allowed{"video/webm", "webm", false},
    Allowed{"audio/x-wav", "wav", false},     Allowed{"audio/wav", "wav", false},
};

// One libmagic cookie for the process; libmagic is not thread-safe, so calls take turns.
class Magic {
 public:
  Magic() : cookie_(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) {
    if (cookie_ != nullptr && magic_load(cookie_, nullptr) != 0) {
      magic_close(cookie_);
      cookie_ = nullptr;
    }
  }
  ~Magic() {
    if (cookie_ != nullptr) magic_close(cookie_);
  }
  Magic(const Magic&) = delete;
  Magic& operator=(const Magic&) = delete;

  std::string MimeType(std::string_view bytes) {
    util::MutexLock lock(mutex_);
    if (cookie_ == nullptr) return {};
    const char* type = magic_buffer(cookie_, bytes.data(), bytes.size());
    return type == nullptr ? std::string() : std::string(type);
  }

 private:
  util::Mutex mutex_;
  magic_t cookie_;  // null when the magic database could not be loaded
};

Magic& TheMagic() {
  static Magic magic;
  return magic;
}

}  // namespace

std::string DetectMimeType(std::string_view bytes) {
  return TheMagic().MimeType(bytes);
}

Result<FileType> SniffType(std::string_view bytes) {
  if (bytes.empty()) return Fail(ErrorKind::kInvalid, "The file is empty.");
  std::string found = DetectMimeType(bytes);
  for (const Allowed& allowed : kAllowed) {
    if (found == allowed.mime_type) {
      return FileType{found, std::string(allowed.extension), allowed.image};
    }
  }
  return Fail(ErrorKind::kInvalid,
              "Sorry, this file type is not permitted for security reasons (the file's content "
              "is " +
                  (found.empty() ? std::string("of an unknown type") : found) + ").");
}

}  // namespace quire::media
