#include "media/uploads_routes.h"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <utility>

#include "http/response_head.h"
#include "util/strings.h"

namespace quire::media {
namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

struct Extension {
  std::string_view extension;
  std::string_view content_type;
};

constexpr std::array kContentTypes{
    Extension{"jpg", "image/jpeg"},
    Extension{"jpeg", "image/jpeg"},
    Extension{"png", "image/png"},
    Extension{"gif", "image/gif"},
    Extension{"webp", "image/webp"},
    Extension{"pdf", "application/pdf"},
    Extension{"txt", "text/plain; charset=utf-8"},
    Extension{"mp3", "audio/mpeg"},
    Extension{"mp4", "video/mp4"},
    Extension{"m4a", "audio/mp4"},
    Extension{"ogg", "audio/ogg"},
    Extension{"ogv", "video/ogg"},
    Extension{"webm", "video/webm"},
    Extension{"wav", "audio/wav"},
};

http::Response NotFound() {
  return http::Response::Text(404, "Not Found\n");
}

std::string EtagOf(const struct stat& info) {
  int64_t nanos = int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec;
  return "\"" + std::to_string(info.st_size) + "-" + std::to_string(nanos) + "\"";
}

// The stored name's last segment for Content-Disposition: an upload's is made of [a-z0-9_.-]
// already (Storage::SafeStem), an imported one keeps WordPress's; anything else becomes '_'.
std::string DownloadName(std::string_view file) {
  const size_t slash = file.rfind('/');
  std::string name(slash == std::string_view::npos ? file : file.substr(slash + 1));
  for (char& c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    if (!plain) c = '_';
  }
  return name;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view file) {
  size_t dot = file.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string extension = util::ToLower(file.substr(dot + 1));
  for (const Extension& known : kContentTypes) {
    if (known.extension == extension) return known.content_type;
  }
  return "application/octet-stream";
}

bool ShownInline(std::string_view content_type) {
  return util::StartsWith(content_type, "image/") || util::StartsWith(content_type, "audio/") ||
         util::StartsWith(content_type, "video/");
}

http::Response ServeUpload(const Storage& storage, std::string_view file,
                           const http::Request& request) {
  std::optional<std::filesystem::path> path = storage.Resolve(file);
  struct stat info {};
  if (!path || ::stat(path->c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return NotFound();
  const std::string etag = EtagOf(info);
  http::Response response;
  response.Set("ETag", etag);
  response.Set("Cache-Control", std::string(kImmutable));
  response.Set("X-Content-Type-Options", "nosniff");
  if (auto match = request.Find("if-none-match"); match && http::EtagListMatches(*match, etag)) {
    response.status = 304;
    return response;
  }
  Result<std::string> bytes = storage.Read(file);
  if (!bytes) return NotFound();
  const std::string_view content_type = ContentTypeFor(file);
  response.Set("Content-Type", std::string(content_type));
  if (!ShownInline(content_type)) {
    response.Set("Content-Disposition", "attachment; filename=\"" + DownloadName(file) + "\"");
  }
  response.body = std::make_shared<const std::string>(std::move(*bytes));
  return response;
}

std::optional<http::BodyLimit> UploadBodyLimit(std::string_view method, std::string_view target,
                                               int max_upload_mb) {
  if (method != "POST" || target.substr(0, target.find('?')) != kUploadPath) return std::nullopt;
  const size_t megabytes = static_cast<size_t>(std::max(max_upload_mb, 1));
  return http::BodyLimit{.bytes = megabytes * 1024 * 1024 + kUploadFormOverhead,
                         .message = "The file is larger than the maximum upload size of " +
                                    std::to_string(megabytes) + " MB (413 Content Too Large)."};
}

void AddRoutes(http::Router& router, const Storage& storage) {
  router.Add(
      "GET", "/wp-content/uploads/{y:int}/{m:int}/{file}",
      [&storage](const http::Request& request, const http::Params& params, http::Respond respond) {
        std::optional<std::string> name = util::PathDecode(params.Get("file"));
        if (!name) return respond(NotFound());
        std::string file =
            std::string(params.Get("y")) + "/" + std::string(params.Get("m")) + "/" + *name;
        respond(ServeUpload(storage, file, request));
      });
}

}  // namespace quire::media
