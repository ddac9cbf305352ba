// The composition root: opens the data folder, owns the store, settings, page cache and site,
// and wires them together. Every CLI command and the server go through an Engine.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "store/settings.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/status.h"

namespace quire::app {

// The default of ServeOptions::body_memory_mb: room for two imports of kMaxImportMb at once.
inline constexpr size_t kDefaultBodyMemoryMb = 256;

struct ServeOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: a free port, printed on the first line of stdout
  int threads = 0;       // 0: one per core
  // How often the server looks for changes written by other processes (the CLI).
  int change_poll_ms = 250;
  // The wait before retrying an email that failed, doubled at each failure (capped at an hour).
  int mail_retry_seconds = 60;
  // Open connections at most (http::ServerOptions::max_connections); 0: from the descriptor limit.
  size_t max_connections = 0;
  // Memory for request bodies in flight (http::ServerOptions::body_memory_budget), in MiB.
  size_t body_memory_mb = kDefaultBodyMemoryMb;
  // A request whose head has not arrived, or whose body has not grown by 16 KiB, within this
  // many seconds gets 408 (http::ServerOptions::read_timeout): inactivity, not the total.
  int read_timeout_seconds = 15;
  // Image pixels one address may upload per ten minutes, in millions (media::PixelBudget).
  int64_t upload_megapixels = 500;
  // Where the access log goes: "" for stdout (the default), "off" for no log, else a file that
  // lines are appended to (buffered per thread, written at least once a second).
  std::string access_log;
};

struct OpenOptions {
  // A new site gets the sample post and comment (app/sample_content.h). Default: true;
  // `quire import wxr` opens a new site without them, so the file's post 1, /hello-world/ and
  // #comment-1 are its own.
  bool sample_content = true;
};

// Whether Engine::Open may make a new site where there is none.
enum class OpenMode {
  kExisting,  // DIR/quire.db must exist: else kNotFound "no Quire site at DIR"
  kCreate,    // `serve`, `import` and `init`: a new site is made when there is none
};

// The data folder is private: created 0700, its files 0600 (they hold the SMTP password, the
// site secret, commenters' emails and addresses, password hashes).
inline constexpr unsigned kDataDirMode = 0700;
inline constexpr unsigned kDataFileMode = 0600;

class Engine {
 public:
  // Opens DIR/quire.db, applies migrations and, for a new site (kCreate only), creates DIR
  // (0700) and the database (0600) and writes the default settings, a fresh secret and
  // (unless `options` say not to) a sample post. Refuses a database it cannot write to, with
  // the reason.
  static Result<std::unique_ptr<Engine>> Open(const std::filesystem::path& data_dir,
                                              OpenMode mode = OpenMode::kExisting,
                                              OpenOptions options = {});
  // Whether DIR holds a Quire site (DIR/quire.db exists).
  static bool IsSite(const std::filesystem::path& data_dir);
  ~Engine();

  store::Store& store() { return *store_; }
  const store::Settings& settings() const { return *settings_.Get(); }
  const util::Clock& clock() const { return clock_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }

  // The public address: the home_url setting, else the URL a running server wrote to
  // DIR/server.url, else http://127.0.0.1:8080.
  std::string HomeUrl() const;

  // Serves until SIGINT/SIGTERM. Returns the process exit code.
  int Serve(const ServeOptions& options);

 private:
  Engine(std::filesystem::path data_dir, std::unique_ptr<store::Store> store);
  Status InitialiseIfNew(const OpenOptions& options);
  Status ReloadSettings();

  // What a stored or moderated comment sets off inside its own transaction: the spam filter
  // learns from moderators, and the mail it causes is queued in the outbox.
  Status OnCommentStored(store::Transaction& tx, const store::Comment& comment, bool subscribe);
  Status OnModerated(store::Transaction& tx, const store::Comment& before,
                     store::CommentStatus after);
  // Clears commenters' addresses and user agents past their retention (at start, then hourly).
  void ForgetOldData();

  std::filesystem::path data_dir_;
  std::unique_ptr<store::Store> store_;
  store::SettingsHolder settings_;
  util::SystemClock clock_;
};

}  // namespace quire::app
