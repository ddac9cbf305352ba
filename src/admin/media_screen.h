// The media library, /admin/media/ (WordPress's upload_files: authors and up):
//   GET  /admin/media/             the uploads, newest first (?paged=N), with the upload form;
//                                  ?uploaded=ID shows the new file's URL and snippets to paste
//   POST /admin/media/             multipart/form-data: `file` and the CSRF field `_wpnonce`
//   GET  /admin/media/ID/          edit title, alt text and caption; the URL, snippets, and
//                                  which items use the file
//   POST /admin/media/ID/          save those fields (CSRF)
//   GET  /admin/media/ID/delete/   asks to confirm the deletion (the edit page's "Delete
//                                  permanently" is a link here: nothing is deleted by one click)
//   POST /admin/media/ID/delete/   delete (CSRF); refused with 409 while items use the file
//                                  unless `force=yes`, naming the items
// The items that use a file are named only as far as the viewer may see them (those they may
// edit, published ones, private ones with read_private_posts); the others are only counted.
// Everyone with upload_files edits and deletes their own uploads; editors and up anyone's.
// A file's type comes from its content: a refused type answers 415 and stores nothing; a file
// over Settings::max_upload_mb answers 413 (the server refuses a larger body before reading it:
// see media::UploadBodyLimit). Images are resized on the media worker thread, never on an I/O
// thread.
#pragma once

#include <cstdint>
#include <optional>

#include "admin/admin_layout.h"
#include "admin/auth.h"
#include "admin/screen_deps.h"
#include "http/message.h"
#include "media/pixel_budget.h"
#include "media/storage.h"
#include "media/worker.h"
#include "store/media.h"

namespace quire::admin {

class MediaScreen {
 public:
  // Files go to media::Storage::Root(deps.data_dir).
  MediaScreen(ScreenDeps& deps, const AdminLayout& layout);

  void List(const http::Request& request, const Principal& principal, http::Respond respond) const;
  void Upload(const http::Request& request, const Principal& principal,
              http::Respond respond) const;
  void EditForm(const http::Request& request, int64_t id, const Principal& principal,
                http::Respond respond) const;
  void Save(const http::Request& request, int64_t id, const Principal& principal,
            http::Respond respond) const;
  void ConfirmDelete(int64_t id, const Principal& principal, http::Respond respond) const;
  void Delete(const http::Request& request, int64_t id, const Principal& principal,
              http::Respond respond) const;

  const media::Storage& storage() const { return storage_; }

 private:
  // The upload `id` when it exists and the principal may change it; otherwise answers (404, 403
  // or the store's error) through `respond` and returns nullopt.
  std::optional<store::Media> FindChangeable(int64_t id, const Principal& principal,
                                             http::Respond& respond) const;
  // What the edit and delete-confirm pages show of upload `id` (the "used by" list only as far
  // as the principal may see); otherwise answers through `respond` and returns nullopt.
  std::optional<kainjow::mustache::data> EditableData(int64_t id, const Principal& principal,
                                                      http::Respond& respond) const;
  // The list page with an error above it (a refused upload), answered with `status`.
  void ListWithError(const Principal& principal, int status, std::string error,
                     http::Respond respond) const;
  // Stores an upload's files and row, then answers (on the worker and store threads).
  // `bytes` is a view into the request, which lives until the answer is sent.
  void StoreAndAnswer(std::string_view client_name, std::string_view bytes,
                      const Principal& principal, http::Respond respond) const;

  ScreenDeps& deps_;
  const AdminLayout& layout_;
  media::Storage storage_;
  mutable media::Worker worker_;
  mutable media::PixelBudget pixel_budget_;  // per address (Upload)
};

}  // namespace quire::admin
