#include "app/cli_wxr.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "app/cli_support.h"
#include "app/engine.h"
#include "app/sample_content.h"
#include "util/clock.h"
#include "wxr/exporter.h"
#include "wxr/importer.h"
#include "wxr/uploads.h"

namespace quire::app {
namespace {

constexpr size_t kWarningsShown = 50;
constexpr auto kProgressInterval = std::chrono::milliseconds(100);

struct ImportArgs {
  std::string data_dir{kDefaultDataDir};
  std::string file;
  bool dry_run = false;
  std::string authors = "create";
  std::string uploads;
  bool keep_base_path = false;
};

// "[#####-----] 42% 120 items 3.1 MB/s ETA 2s" on stderr, redrawn at most every 100 ms.
class ProgressBar {
 public:
  void Update(int64_t done, int64_t total, int64_t items) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < kProgressInterval && done < total) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    int percent = total > 0 ? static_cast<int>(100 * done / total) : 100;
    int filled = percent / 5;
    double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    std::fprintf(stderr, "\r[%s%s] %3d%% %lld items %.1f MB/s ETA %.0fs ",
                 std::string(filled, '#').c_str(), std::string(20 - filled, '-').c_str(), percent,
                 static_cast<long long>(items), rate / 1e6, eta);
    drawn_ = true;
  }
  void Finish() {
    if (drawn_) std::fprintf(stderr, "\n");
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
  bool drawn_ = false;
};

void PrintCounts(const char* title, const std::map<std::string, int64_t>& counts) {
  if (counts.empty()) return;
  std::printf("%s:\n", title);
  for (const auto& [kind, n] : counts)
    std::printf("  %-20s %lld\n", kind.c_str(), static_cast<long long>(n));
}

void PrintReport(const wxr::ImportReport& report, double seconds) {
  std::printf("%s %s (%.2f MB in %.2fs)\n", report.rolled_back ? "Dry run of" : "Imported",
              "the file", static_cast<double>(report.bytes) / 1e6, seconds);
  PrintCounts("Created", report.created);
  PrintCounts("Already here (unchanged)", report.matched);
  PrintCounts("Left out", report.skipped);
  if (report.renumbered_items + report.renumbered_comments > 0) {
    std::printf(
        "Renumbered (their WordPress number was taken; ?p=ID and #comment-ID still "
        "work): %lld items, %lld comments\n",
        static_cast<long long>(report.renumbered_items),
        static_cast<long long>(report.renumbered_comments));
  }
  if (!report.permalink_structure.empty()) {
    std::printf("Permalink structure set to %s\n", report.permalink_structure.c_str());
  }
  if (report.original_paths > 0) {
    std::printf("Old addresses kept: %lld (each answers at its path or with a 301 to the item)\n",
                static_cast<long long>(report.original_paths));
  }
  for (const std::string& note : report.notes) std::printf("%s\n", note.c_str());
  if (!report.warnings.empty()) {
    std::printf("Warnings (%zu):\n", report.warnings.size());
    for (size_t i = 0; i < report.warnings.size() && i < kWarningsShown; ++i) {
      std::printf("  %s\n", report.warnings[i].c_str());
    }
    if (report.warnings.size() > kWarningsShown) {
      std::printf("  ... and %zu more\n", report.warnings.size() - kWarningsShown);
    }
  }
  if (report.rolled_back) std::printf("Nothing was changed (--dry-run).\n");
}

void CopyFiles(Engine& engine, const std::string& from, const wxr::ImportReport& report) {
  auto copied = Check(
      wxr::CopyUploads(engine.store(), engine.settings(), engine.data_dir(), from, report.files));
  std::printf("Uploads: %lld copied, %lld already there, %zu missing from %s\n",
              static_cast<long long>(copied.copied), static_cast<long long>(copied.already_there),
              copied.missing.size(), from.c_str());
  for (const std::string& w : copied.warnings) std::printf("  %s\n", w.c_str());
}

void AddImport(CLI::App& import) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd =
      import.add_subcommand("wxr", "Import a WordPress export (WXR 1.0-1.2), all or nothing");
  AddDataOption(*cmd, args->data_dir);
  cmd->add_option("FILE", args->file, "The WXR file")->required();
  cmd->add_flag("--dry-run", args->dry_run, "Import, report, then roll everything back");
  cmd->add_option("--authors", args->authors,
                  "create: make users for the file's authors; map: only match existing logins")
      ->check(CLI::IsMember({"create", "map"}))
      ->capture_default_str();
  cmd->add_option("--uploads", args->uploads,
                  "A copy of the site's wp-content/uploads: attachment files are copied in");
  cmd->add_flag("--keep-base-path", args->keep_base_path,
                "A blog installed in a subfolder (/blog/) keeps it in post addresses; by "
                "default it is served at the root and its old addresses answer 301");
  cmd->callback([args] {
    // A site this command creates starts without the sample post: the file fills it.
    auto engine = Check(Engine::Open(args->data_dir, OpenMode::kCreate, {.sample_content = false}));
    wxr::ImportOptions options;
    options.file = args->file;
    options.dry_run = args->dry_run;
    options.sample_slug = kSamplePostSlug;
    options.keep_base_path = args->keep_base_path;
    options.authors = args->authors == "map" ? wxr::AuthorMode::kMap : wxr::AuthorMode::kCreate;
    auto bar = std::make_shared<ProgressBar>();
    if (::isatty(STDERR_FILENO)) {
      options.progress = [bar](int64_t done, int64_t total, int64_t items) {
        bar->Update(done, total, items);
      };
    }
    auto start = std::chrono::steady_clock::now();
    auto report = wxr::Import(engine->store(), options);
    bar->Finish();
    if (!report) Die(report.error().message + " (nothing was imported)");
    PrintReport(*report,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!args->uploads.empty() && !report->rolled_back) CopyFiles(*engine, args->uploads, *report);
  });
}

void AddExport(CLI::App& exp) {
  auto data_dir = std::make_shared<std::string>(kDefaultDataDir);
  auto out_file = std::make_shared<std::string>();
  auto base_url = std::make_shared<std::string>();
  auto* cmd = exp.add_subcommand(
      "wxr", "Export the site as WXR 1.2 (holds commenters' emails and IP addresses)");
  AddDataOption(*cmd, *data_dir);
  cmd->add_option("--out", *out_file, "Write here instead of stdout");
  cmd->add_option("--base-url", *base_url,
                  "The site's public address for the file's links (default: the home setting, "
                  "else the address a running server listens on, else http://127.0.0.1:8080)");
  cmd->callback([data_dir, out_file, base_url] {
    auto engine = OpenEngine(*data_dir);
    int64_t now = util::SystemClock().Now();
    // Links must be absolute: an importer reads the permalink structure from them.
    std::string home = base_url->empty() ? engine->HomeUrl() : *base_url;
    if (!home.starts_with("http://") && !home.starts_with("https://")) {
      Die("--base-url must be an absolute http:// or https:// address: " + home);
    }
    while (home.ends_with('/')) home.pop_back();
    if (out_file->empty()) {
      Check(wxr::Export(engine->store(), engine->settings(), std::cout, now, home));
      std::cout.flush();
      return;
    }
    std::string partial = *out_file + ".partial";
    // Private like the data folder (0600): the file holds commenters' emails and addresses.
    int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, kDataFileMode);
    if (fd < 0) Die("cannot write " + partial);
    const bool private_file = ::fchmod(fd, kDataFileMode) == 0;
    ::close(fd);
    if (!private_file) Die("cannot make " + partial + " private");
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      if (!out) Die("cannot write " + partial);
      auto counts = wxr::Export(engine->store(), engine->settings(), out, now, home);
      if (!counts) {
        std::remove(partial.c_str());
        Die(counts.error().message);
      }
      std::fprintf(
          stderr,
          "Exported %lld items, %lld attachments, %lld comments, %lld terms, %lld authors to %s\n",
          static_cast<long long>(counts->items), static_cast<long long>(counts->attachments),
          static_cast<long long>(counts->comments), static_cast<long long>(counts->terms),
          static_cast<long long>(counts->authors), out_file->c_str());
    }
    if (std::rename(partial.c_str(), out_file->c_str()) != 0) Die("cannot write " + *out_file);
  });
}

}  // namespace

void AddWxrCommands(CLI::App& app) {
  auto* import = app.add_subcommand("import", "Import content from another system");
  import->require_subcommand(1);
  AddImport(*import);
  auto* exp = app.add_subcommand("export", "Export content for another system");
  exp->require_subcommand(1);
  AddExport(*exp);
}

}  // namespace quire::app
