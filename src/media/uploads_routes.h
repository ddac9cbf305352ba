// Serving uploads: GET /wp-content/uploads/{y:int}/{m:int}/{file}, WordPress's URLs, from
// DATA/uploads. Files never change once written (a new upload gets a new name), so answers
// carry a strong ETag (size and modification time) and "Cache-Control: public,
// max-age=31536000, immutable"; If-None-Match answers 304. The Content-Type comes from the
// stored name's extension, which upload gave from the sniffed content (X-Content-Type-Options:
// nosniff). Only images, audio and video are shown in the browser; every other type (PDF,
// text, anything unknown) is answered with "Content-Disposition: attachment", so that a file an
// author uploaded is never opened as a document of the site. Anything else — a folder, a hidden or
// missing file, a path outside the uploads — is 404; folders are never listed.
#pragma once

#include <optional>
#include <string_view>

#include "http/message.h"
#include "http/router.h"
#include "http/server.h"
#include "media/storage.h"

namespace quire::media {

// Adds the route above. `storage` must outlive the router. Call after the site's routes.
void AddRoutes(http::Router& router, const Storage& storage);

// The answer for a GET of the relative `file` (for tests and the route).
http::Response ServeUpload(const Storage& storage, std::string_view file,
                           const http::Request& request);

// Where uploads are posted: the admin's media library (admin/media_screen.h).
inline constexpr std::string_view kUploadPath = "/admin/media/";
// Room for the form's other fields and the multipart framing around the file.
inline constexpr size_t kUploadFormOverhead = 64 * 1024;

// For http::ServerOptions::body_limit_for: a POST to kUploadPath may carry max_upload_mb (plus
// kUploadFormOverhead), and a larger one gets 413 saying the limit; nullopt for other requests.
std::optional<http::BodyLimit> UploadBodyLimit(std::string_view method, std::string_view target,
                                               int max_upload_mb);

// The Content-Type for a stored name, by extension ("application/octet-stream" when unknown).
std::string_view ContentTypeFor(std::string_view file);

// Whether a file of this Content-Type is served to be shown in the browser (images, audio,
// video: the types a browser renders without running anything from the file); others are
// served as attachments (downloads).
bool ShownInline(std::string_view content_type);

}  // namespace quire::media
