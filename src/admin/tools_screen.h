// The tools screens, for administrators only (Capability::kManageOptions, which WordPress's
// `import` and `export` come with):
//   GET  /admin/import/          the upload form (a WXR file, the authors mode create|map)
//   POST /admin/import/          multipart/form-data: `import` (the file, WordPress's name),
//                                `authors` (create|map), CSRF `_wpnonce`. Keeps
//                                the file in PendingImports and answers the dry run's report
//                                (wxr::Import with dry_run) with a Confirm form naming its token
//   POST /admin/import/confirm/  `token`, `authors`, `name`, CSRF: imports the SAME kept file for
//                                real, deletes it, and answers the final report
//   GET  /admin/export/          the export button; says the file holds commenters' addresses
//   POST /admin/export/          CSRF: downloads wxr::Export's WXR 1.2 as an attachment
// A file the importer refuses (malformed XML, an unknown version...) answers the form again with
// the error, naming the file's line and column; nothing is changed and the file is not kept.
// Imports and exports run on the screen's own worker thread (they take seconds on a large site),
// never on an I/O thread; one at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "admin/admin_layout.h"
#include "admin/auth.h"
#include "admin/screen_deps.h"
#include "http/message.h"
#include "http/server.h"
#include "util/mutex.h"
#include "util/status.h"

namespace quire::admin {

// Where a WXR upload is posted, and the largest one accepted (larger sites use
// `quire import wxr`).
inline constexpr std::string_view kImportPath = "/admin/import/";
inline constexpr size_t kMaxImportMb = 128;

// For http::ServerOptions::body_limit_for: a POST to kImportPath may carry kMaxImportMb (plus the
// form's framing); a larger one gets 413 saying so. nullopt for every other request.
std::optional<http::BodyLimit> ImportBodyLimit(std::string_view method, std::string_view target);

// Uploaded WXR files waiting for their Confirm: DATA/import-pending/USERID-TOKEN.xml, in a folder
// only the server's user may read (the files hold commenters' emails and addresses). A token is
// NewToken()'s 43 base64url characters; anything else names no file, so a client never chooses
// a path. Files older than kMaxAge are swept away.
class PendingImports {
 public:
  static constexpr std::chrono::seconds kMaxAge{3600};

  explicit PendingImports(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Writes the bytes to a new file of the user's; returns its token.
  Result<std::string> Keep(int64_t user_id, std::string_view bytes) const;
  // The kept file of this user and token, if it exists and the token is well formed.
  std::optional<std::filesystem::path> Find(int64_t user_id, std::string_view token) const;
  // Deletes the file of this user and token (nothing when there is none).
  void Remove(int64_t user_id, std::string_view token) const;
  // Deletes the files last written more than `max_age` ago; returns how many.
  int Sweep(std::chrono::seconds max_age = kMaxAge) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::optional<std::filesystem::path> PathFor(int64_t user_id, std::string_view token) const;

  std::filesystem::path dir_;
};

class ToolsScreen {
 public:
  // Kept uploads go to DATA/import-pending/ (deps.data_dir); stale ones are swept at start and
  // every few minutes.
  ToolsScreen(ScreenDeps& deps, const AdminLayout& layout);
  // Finishes the running job (queued ones too), then stops the worker.
  ~ToolsScreen();
  ToolsScreen(const ToolsScreen&) = delete;
  ToolsScreen& operator=(const ToolsScreen&) = delete;

  void ImportForm(const http::Request& request, const Principal& principal,
                  http::Respond respond) const;
  // The upload: 400 without a file, 413 over kMaxImportMb, 403 without the CSRF field; else
  // the dry run's report (200) or the file's error (400 and the form).
  void Upload(const http::Request& request, const Principal& principal,
              http::Respond respond) const;
  // The real import of a kept file: the final report (200), or 404 and the form when the token
  // names no file of this user's (expired, already imported).
  void Confirm(const http::Request& request, const Principal& principal,
               http::Respond respond) const;

  void ExportForm(const http::Request& request, const Principal& principal,
                  http::Respond respond) const;
  // The WXR file, 200 with Content-Disposition attachment, never cached.
  void Export(const http::Request& request, const Principal& principal,
              http::Respond respond) const;

  const PendingImports& pending() const { return pending_; }

 private:
  // Runs `job` on the worker; false when another job is already waiting.
  bool RunOnWorker(std::move_only_function<void()> job) const;
  void WorkerLoop();
  // On the worker: imports the kept file `path` (shown as `name`) and renders the report, or
  // the form with the file's error. A dry run keeps the file for its Confirm (under `token`)
  // unless it failed; a real import deletes it.
  http::Response RunImport(const std::filesystem::path& path, const std::string& name,
                           const std::string& token, const std::string& authors, bool dry_run,
                           const Principal& principal) const;
  // The import form with an error above it, answered with `status`.
  http::Response FormWithError(const Principal& principal, int status, std::string error) const;

  ScreenDeps& deps_;
  const AdminLayout& layout_;
  PendingImports pending_;
  mutable util::Mutex mutex_;
  mutable util::CondVar wake_;
  mutable std::deque<std::move_only_function<void()>> jobs_ QUIRE_GUARDED_BY(mutex_);
  bool stopping_ QUIRE_GUARDED_BY(mutex_) = false;
  std::thread worker_;  // last: started once the rest is ready
};

}  // namespace quire::admin
