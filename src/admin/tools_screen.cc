#include "admin/tools_screen.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

#include "admin/guard.h"
#include "admin/tokens.h"
#include "http/form.h"
#include "http/multipart.h"
#include "site/layout.h"
#include "util/clock.h"
#include "util/strings.h"
#include "wxr/exporter.h"
#include "wxr/importer.h"

namespace quire::admin {
namespace {

namespace fs = std::filesystem;
namespace mustache = kainjow::mustache;

constexpr std::string_view kImportTitle = "Import WordPress";
constexpr std::string_view kExportTitle = "Export";
constexpr std::string_view kConfirmPath = "/admin/import/confirm/";
constexpr std::string_view kFileField = "import";  // WordPress's importer names it so
constexpr std::string_view kPendingDir = "import-pending";
constexpr size_t kTokenLength = 43;     // NewToken(): 32 bytes, base64url
constexpr size_t kMaxNameBytes = 200;   // the upload's name, as shown
constexpr size_t kWarningsShown = 100;  // the rest are counted
constexpr size_t kMaxWaitingJobs = 2;   // one import runs; a burst beyond this waits for nobody
constexpr auto kSweepInterval = std::chrono::minutes(5);
constexpr size_t kMegabyte = 1024 * 1024;
constexpr size_t kFormOverhead = 64 * 1024;  // the other fields and the multipart framing
// The fields besides the file are a CSRF token and a word.
constexpr http::MultipartLimits kUploadLimits{.max_parts = 16, .max_field_bytes = 8 * 1024};
// The report's kinds in the order they are shown; others follow alphabetically.
constexpr std::array<std::string_view, 11> kKindOrder = {"authors",
                                                         "categories",
                                                         "tags",
                                                         "terms",
                                                         "posts",
                                                         "pages",
                                                         "attachments",
                                                         "comments approved",
                                                         "comments pending",
                                                         "comments spam",
                                                         "comments trash"};

bool IsToken(std::string_view token) {
  if (token.size() != kTokenLength) return false;
  return std::all_of(token.begin(), token.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

// The upload's name as the browser sent it, without folders, for messages ("the file" when it
// is not shown-worthy).
std::string DisplayName(std::string_view sent) {
  size_t slash = sent.find_last_of("/\\");
  std::string_view name = slash == std::string_view::npos ? sent : sent.substr(slash + 1);
  name = util::Trim(name);
  if (name.empty() || name.size() > kMaxNameBytes || !util::IsValidUtf8(name)) return "the file";
  return std::string(name);
}

std::string AuthorsMode(std::string_view sent) {
  return sent == "map" ? "map" : "create";
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  if (from.empty()) return text;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string HumanSize(int64_t bytes) {
  const auto megabyte = static_cast<int64_t>(kMegabyte);
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < megabyte) return std::to_string((bytes + 512) / 1024) + " KB";
  int64_t tenths = (bytes * 10 + megabyte / 2) / megabyte;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

int64_t CountOf(const std::map<std::string, int64_t>& counts, const std::string& kind) {
  auto found = counts.find(kind);
  return found == counts.end() ? 0 : found->second;
}

// The kinds the report names, in kKindOrder, then the others.
std::vector<std::string> KindsOf(const wxr::ImportReport& report) {
  std::vector<std::string> kinds;
  for (std::string_view kind : kKindOrder) {
    std::string key(kind);
    if (report.created.contains(key) || report.matched.contains(key)) kinds.push_back(key);
  }
  auto add_other = [&kinds](const std::map<std::string, int64_t>& counts) {
    for (const auto& [kind, n] : counts) {
      bool known = std::find(kKindOrder.begin(), kKindOrder.end(), kind) != kKindOrder.end();
      if (!known && std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
        kinds.push_back(kind);
    }
  };
  add_other(report.created);
  add_other(report.matched);
  return kinds;
}

mustache::data CountRows(const wxr::ImportReport& report) {
  mustache::data rows(mustache::data::type::list);
  for (const std::string& kind : KindsOf(report)) {
    mustache::data row;
    row.set("kind", kind);
    row.set("created", std::to_string(CountOf(report.created, kind)));
    row.set("matched", std::to_string(CountOf(report.matched, kind)));
    rows.push_back(std::move(row));
  }
  return rows;
}

mustache::data SkippedRows(const wxr::ImportReport& report) {
  mustache::data rows(mustache::data::type::list);
  for (const auto& [reason, n] : report.skipped) {
    mustache::data row;
    row.set("reason", reason);
    row.set("count", std::to_string(n));
    rows.push_back(std::move(row));
  }
  return rows;
}

// The warnings with the kept file's path shown as the upload's name, the first kWarningsShown.
void SetWarnings(mustache::data& data, const wxr::ImportReport& report, std::string_view path,
                 std::string_view name) {
  mustache::data rows(mustache::data::type::list);
  for (size_t i = 0; i < report.warnings.size() && i < kWarningsShown; ++i) {
    mustache::data row;
    row.set("text", ReplaceAll(report.warnings[i], path, name));
    rows.push_back(std::move(row));
  }
  data.set("has_warnings", !report.warnings.empty());
  data.set("warning_count", std::to_string(report.warnings.size()));
  data.set("warnings", std::move(rows));
  const size_t more =
      report.warnings.size() > kWarningsShown ? report.warnings.size() - kWarningsShown : 0;
  data.set("has_more_warnings", more > 0);
  data.set("more_warnings", std::to_string(more));
}

mustache::data ReportData(const wxr::ImportReport& report, std::string_view path,
                          const std::string& name) {
  mustache::data data;
  data.set("dry_run", report.rolled_back);
  data.set("name", name);
  data.set("size", HumanSize(report.bytes));
  mustache::data counts = CountRows(report);
  data.set("has_counts", !counts.is_empty_list());
  data.set("counts", std::move(counts));
  data.set("has_skipped", !report.skipped.empty());
  data.set("skipped", SkippedRows(report));
  const bool renumbered = report.renumbered_items + report.renumbered_comments > 0;
  data.set("has_renumbered", renumbered);
  data.set("renumbered_items", std::to_string(report.renumbered_items));
  data.set("renumbered_comments", std::to_string(report.renumbered_comments));
  data.set("has_permalink_structure", !report.permalink_structure.empty());
  data.set("permalink_structure", report.permalink_structure);
  SetWarnings(data, report, path, name);
  return data;
}

mustache::data FormData() {
  mustache::data data;
  data.set("max_mb", std::to_string(kMaxImportMb));
  return data;
}

// WordPress's name for the download: the site's name as a key, ".WordPress.", the date.
std::string ExportFileName(std::string_view site_title, int64_t now) {
  std::string key;
  for (char c : util::ToLower(site_title)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') key += c;
  }
  if (key.empty()) key = "quire";
  return key + ".WordPress." + util::FormatIso8601(now).substr(0, 10) + ".xml";
}

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return Fail(ErrorKind::kInternal, std::strerror(errno));
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

}  // namespace

std::optional<http::BodyLimit> ImportBodyLimit(std::string_view method, std::string_view target) {
  if (method != "POST" || target.substr(0, target.find('?')) != kImportPath) return std::nullopt;
  return http::BodyLimit{.bytes = kMaxImportMb * kMegabyte + kFormOverhead,
                         .message = "The file is larger than the largest import of " +
                                    std::to_string(kMaxImportMb) +
                                    " MB (413 Content Too Large); import it with "
                                    "`quire import wxr` instead."};
}

// --- PendingImports ---

std::optional<fs::path> PendingImports::PathFor(int64_t user_id, std::string_view token) const {
  if (user_id <= 0 || !IsToken(token)) return std::nullopt;
  return dir_ / (std::to_string(user_id) + "-" + std::string(token) + ".xml");
}

Result<std::string> PendingImports::Keep(int64_t user_id, std::string_view bytes) const {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return std::unexpected(Error{ErrorKind::kInternal, dir_.string() + ": " + ec.message()});
  fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return std::unexpected(Error{ErrorKind::kInternal, dir_.string() + ": " + ec.message()});
  std::string token = NewToken();
  std::optional<fs::path> path = PathFor(user_id, token);
  if (!path) return std::unexpected(Error{ErrorKind::kInternal, "no user to keep the file for"});
  int fd = ::open(path->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return std::unexpected(
        Error{ErrorKind::kInternal, path->string() + ": " + std::strerror(errno)});
  }
  Status written = WriteAll(fd, bytes);
  if (::close(fd) != 0 && written) written = Fail(ErrorKind::kInternal, std::strerror(errno));
  if (!written) {
    fs::remove(*path, ec);
    return std::unexpected(written.error());
  }
  return token;
}

std::optional<fs::path> PendingImports::Find(int64_t user_id, std::string_view token) const {
  std::optional<fs::path> path = PathFor(user_id, token);
  std::error_code ec;
  if (!path || !fs::is_regular_file(*path, ec)) return std::nullopt;
  return path;
}

void PendingImports::Remove(int64_t user_id, std::string_view token) const {
  std::optional<fs::path> path = PathFor(user_id, token);
  std::error_code ec;
  if (path) fs::remove(*path, ec);
}

int PendingImports::Sweep(std::chrono::seconds max_age) const {
  std::error_code ec;
  fs::directory_iterator it(dir_, ec);
  if (ec) return 0;  // no folder: nothing kept
  const auto oldest = fs::file_time_type::clock::now() - max_age;
  int removed = 0;
  for (const fs::directory_entry& entry : it) {
    std::error_code entry_ec;
    if (!entry.is_regular_file(entry_ec)) continue;
    fs::file_time_type written = entry.last_write_time(entry_ec);
    if (entry_ec || written >= oldest) continue;
    if (fs::remove(entry.path(), entry_ec)) ++removed;
  }
  return removed;
}

// --- ToolsScreen ---

ToolsScreen::ToolsScreen(ScreenDeps& deps, const AdminLayout& layout)
    : deps_(deps),
      layout_(layout),
      pending_(deps.data_dir / kPendingDir),
      worker_([this] { WorkerLoop(); }) {}

ToolsScreen::~ToolsScreen() {
  {
    util::MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.NotifyAll();
  worker_.join();
}

bool ToolsScreen::RunOnWorker(std::move_only_function<void()> job) const {
  {
    util::MutexLock lock(mutex_);
    if (jobs_.size() >= kMaxWaitingJobs) return false;
    jobs_.push_back(std::move(job));
  }
  wake_.NotifyOne();
  return true;
}

void ToolsScreen::WorkerLoop() {
  pending_.Sweep();
  util::MutexLock lock(mutex_);
  for (;;) {
    bool woken = wake_.WaitFor(lock, kSweepInterval, [this]() QUIRE_REQUIRES(mutex_) {
      return stopping_ || !jobs_.empty();
    });
    if (!woken) {
      lock.Unlock();
      pending_.Sweep();
      lock.Lock();
      continue;
    }
    if (jobs_.empty()) return;  // stopping, and everything queued has run
    std::move_only_function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.Unlock();
    job();
    lock.Lock();
  }
}

http::Response ToolsScreen::FormWithError(const Principal& principal, int status,
                                          std::string error) const {
  AdminPage page{.title = std::string(kImportTitle), .section = Section::kImport};
  page.error = std::move(error);
  return layout_.Screen("import", principal, FormData(), std::move(page), status);
}

void ToolsScreen::ImportForm(const http::Request&, const Principal& principal,
                             http::Respond respond) const {
  AdminPage page{.title = std::string(kImportTitle), .section = Section::kImport};
  respond(layout_.Screen("import", principal, FormData(), std::move(page)));
}

void ToolsScreen::Upload(const http::Request& request, const Principal& principal,
                         http::Respond respond) const {
  Result<http::Multipart> form = http::Multipart::Parse(request.Find("content-type").value_or(""),
                                                        request.Body(), kUploadLimits);
  if (!form) {
    int status = form.error().kind == ErrorKind::kTooLarge ? 413 : 400;
    return respond(FormWithError(principal, status,
                                 "The upload could not be read: " + form.error().message + "."));
  }
  if (!RequireUploadCsrf(deps_.auth, principal, request, form->Fields(), respond)) return;
  const http::MultipartPart* file = form->Find(kFileField);
  if (file == nullptr || !file->filename || file->data.empty()) {
    return respond(FormWithError(principal, 400, "Please choose a WXR file to upload."));
  }
  if (file->data.size() > kMaxImportMb * kMegabyte) {
    return respond(FormWithError(principal, 413,
                                 "The file is larger than the largest import of " +
                                     std::to_string(kMaxImportMb) +
                                     " MB; import it with `quire import wxr` instead."));
  }
  // The bytes are a view into the request, which lives until the answer is sent.
  auto answer = std::make_shared<http::Respond>(std::move(respond));
  bool queued =
      RunOnWorker([this, answer, bytes = file->data, principal, name = DisplayName(*file->filename),
                   authors = AuthorsMode(form->GetOr("authors"))] {
        Result<std::string> token = pending_.Keep(principal.user.id, bytes);
        if (!token) return (*answer)(layout_.ErrorPage(principal, Section::kImport, token.error()));
        std::optional<fs::path> path = pending_.Find(principal.user.id, *token);
        if (!path) {
          return (*answer)(layout_.ErrorPage(
              principal, Section::kImport, {ErrorKind::kInternal, "the kept upload disappeared"}));
        }
        (*answer)(RunImport(*path, name, *token, authors, true, principal));
      });
  if (!queued) {
    (*answer)(FormWithError(principal, 503,
                            "Another import or export is running; please try again shortly."));
  }
}

void ToolsScreen::Confirm(const http::Request& request, const Principal& principal,
                          http::Respond respond) const {
  const http::Form form = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, form, respond)) return;
  auto answer = std::make_shared<http::Respond>(std::move(respond));
  bool queued = RunOnWorker([this, answer, principal, token = std::string(form.GetOr("token")),
                             name = DisplayName(form.GetOr("name")),
                             authors = AuthorsMode(form.GetOr("authors"))] {
    std::optional<fs::path> path = pending_.Find(principal.user.id, token);
    if (!path) {
      return (*answer)(FormWithError(
          principal, 404,
          "This upload has expired or was already imported; please upload the file again."));
    }
    (*answer)(RunImport(*path, name, token, authors, false, principal));
  });
  if (!queued) {
    (*answer)(FormWithError(principal, 503,
                            "Another import or export is running; please try again shortly."));
  }
}

http::Response ToolsScreen::RunImport(const fs::path& path, const std::string& name,
                                      const std::string& token, const std::string& authors,
                                      bool dry_run, const Principal& principal) const {
  wxr::ImportOptions options;
  options.file = path.string();
  options.dry_run = dry_run;
  options.authors = authors == "map" ? wxr::AuthorMode::kMap : wxr::AuthorMode::kCreate;
  options.sample_slug = deps_.sample_post_slug;
  Result<wxr::ImportReport> report = wxr::Import(deps_.store, options);
  if (!dry_run || !report) pending_.Remove(principal.user.id, token);
  if (!report) {
    Error error = report.error();
    error.message = ReplaceAll(std::move(error.message), options.file, name);
    if (HttpStatusFor(error.kind) >= 500) {
      spdlog::error("admin import of {} failed: {}", name, error.message);
      return layout_.ErrorPage(principal, Section::kImport, error);
    }
    return FormWithError(principal, HttpStatusFor(error.kind),
                         error.message + " Nothing was imported.");
  }
  if (!dry_run) {
    spdlog::info("admin import of {} by {}: {} warnings", name, principal.user.login,
                 report->warnings.size());
  }
  mustache::data data = ReportData(*report, options.file, name);
  data.set("token", token);
  data.set("authors", authors);
  data.set("authors_map", authors == "map");
  data.set("confirm_url", std::string(kConfirmPath));
  AdminPage page{.title = dry_run ? "Import: check before importing" : "Import finished",
                 .section = Section::kImport};
  if (!dry_run) page.notice = "The file was imported.";
  return layout_.Screen("import-report", principal, std::move(data), std::move(page));
}

void ToolsScreen::ExportForm(const http::Request&, const Principal& principal,
                             http::Respond respond) const {
  AdminPage page{.title = std::string(kExportTitle), .section = Section::kExport};
  respond(layout_.Screen("export", principal, mustache::data(), std::move(page)));
}

void ToolsScreen::Export(const http::Request& request, const Principal& principal,
                         http::Respond respond) const {
  const http::Form form = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, form, respond)) return;
  auto answer = std::make_shared<http::Respond>(std::move(respond));
  bool queued = RunOnWorker([this, answer, principal] {
    std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
    const int64_t now = deps_.clock.Now();
    std::ostringstream out;
    Result<wxr::ExportCounts> counts = wxr::Export(deps_.store, *settings, out, now);
    if (!counts) return (*answer)(layout_.ErrorPage(principal, Section::kExport, counts.error()));
    spdlog::info("admin export by {}: {} items, {} comments", principal.user.login, counts->items,
                 counts->comments);
    http::Response response =
        http::Response::Text(200, std::move(out).str(), "application/xml; charset=utf-8");
    response.Set("Content-Disposition",
                 "attachment; filename=\"" + ExportFileName(settings->title, now) + "\"");
    MarkAdmin(response);
    (*answer)(std::move(response));
  });
  if (!queued) {
    AdminPage page{.title = std::string(kExportTitle), .section = Section::kExport};
    page.error = "Another import or export is running; please try again shortly.";
    (*answer)(layout_.Screen("export", principal, mustache::data(), std::move(page), 503));
  }
}

}  // namespace quire::admin
