#include "app/engine.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "admin/auth_routes.h"
#include "admin/passwords.h"
#include "admin/screens.h"
#include "admin/session_auth.h"
#include "admin/tools_screen.h"
#include "api/api.h"
#include "app/sample_content.h"
#include "app/scheduler.h"
#include "cache/page_cache.h"
#include "comments/spam/filter.h"
#include "http/server.h"
#include "mail/notifications.h"
#include "mail/outbox.h"
#include "mail/outbox_worker.h"
#include "mail/smtp_transport.h"
#include "mail/subscription_routes.h"
#include "media/storage.h"
#include "media/uploads_routes.h"
#include "privacy/personal_data.h"
#include "site/security_headers.h"
#include "site/site.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_store.h"
#include "util/mutex.h"
#include "util/strings.h"

namespace quire::app {
namespace {

constexpr std::string_view kDatabaseFile = "quire.db";
constexpr std::string_view kServerUrlFile = "server.url";

// Follows the store's change log and invalidates what changed. Called after every local commit
// (so the next page view is fresh before the writer acknowledges) and on a timer (for changes
// written by other processes). Each change is applied once.
class ChangeFollower {
 public:
  ChangeFollower(store::Store& store, cache::PageCache& cache, std::function<void()> on_settings)
      : store_(store), cache_(cache), on_settings_(std::move(on_settings)) {
    if (auto latest = store_.LatestChange()) last_ = *latest;
  }

  void CatchUp() {
    util::MutexLock lock(mutex_);
    auto changes = store_.ChangesSince(last_);
    if (!changes) {
      spdlog::warn("cannot read the change log: {}", changes.error().message);
      return;
    }
    // New settings are in place before the cache's version moves on: a page rendered between
    // the two with the old settings would otherwise carry the new version and stay cached.
    bool settings_changed = std::ranges::any_of(
        *changes, [](const store::Change& change) { return change.tag == "*"; });
    if (settings_changed) on_settings_();
    for (const store::Change& change : *changes) {
      cache_.Invalidate(change.tag);
      last_ = change.id;
    }
    if (settings_changed) {
      // What tests (and operators) wait for after `quire settings set` on a running server.
      spdlog::info("settings reloaded (change log at {})", last_);
    }
  }

 private:
  store::Store& store_;
  cache::PageCache& cache_;
  std::function<void()> on_settings_;
  util::Mutex mutex_;
  int64_t last_ QUIRE_GUARDED_BY(mutex_) = 0;
};

// Runs fn every period until stopped.
class Ticker {
 public:
  Ticker(std::chrono::milliseconds period, std::function<void()> fn)
      : thread_([this, period, fn = std::move(fn)] {
          util::MutexLock lock(mutex_);
          while (!cv_.WaitFor(lock, period, [this]() QUIRE_REQUIRES(mutex_) { return stop_; })) {
            lock.Unlock();
            fn();
            lock.Lock();
          }
        }) {}
  ~Ticker() {
    {
      util::MutexLock lock(mutex_);
      stop_ = true;
    }
    cv_.NotifyAll();
    thread_.join();
  }

 private:
  util::Mutex mutex_;
  util::CondVar cv_;
  bool stop_ QUIRE_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

// Who reads the public site: anonymous unless the request carries a live session. Requests
// without the session cookie (nearly all) never reach the session store.
// The page cache's budget from the page_cache_mb setting.
size_t PageCacheBytes(const store::Settings& settings) {
  return static_cast<size_t>(settings.page_cache_mb) << 20;
}

site::Viewer SiteViewer(admin::SessionAuth& auth, const http::Request& request) {
  std::optional<std::string_view> cookies = request.Find("cookie");
  if (!cookies || cookies->find(admin::kSessionCookie) == std::string_view::npos) return {};
  Result<std::optional<admin::Principal>> principal = auth.Authenticate(request);
  if (!principal || !*principal) return {};
  return site::Viewer{.user_id = (*principal)->user.id,
                      .read_private = (*principal)->Can(admin::Capability::kReadPrivatePosts),
                      .edit_others = (*principal)->Can(admin::Capability::kEditOthersPosts)};
}

std::string ReadFirstLine(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return std::string(util::Trim(line));
}

std::string ModeText(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777);
  return text;
}

// A new site's folder (0700; its parents as the umask says) and an empty database file (0600,
// which SQLite's -wal and -shm files copy).
Status CreateDataFolder(const std::filesystem::path& data_dir) {
  std::error_code error;
  bool made = std::filesystem::create_directories(data_dir, error);
  if (error) {
    return Fail(ErrorKind::kInvalid,
                "cannot create the data folder " + data_dir.string() + ": " + error.message());
  }
  if (made && ::chmod(data_dir.c_str(), kDataDirMode) != 0) {
    return Fail(ErrorKind::kInvalid, "cannot make " + data_dir.string() + " private: " +
                                         std::error_code(errno, std::generic_category()).message());
  }
  const std::filesystem::path db = data_dir / kDatabaseFile;
  int fd = ::open(db.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kDataFileMode);
  if (fd < 0 && errno != EEXIST) {
    return Fail(ErrorKind::kInvalid, "cannot create " + db.string() + ": " +
                                         std::error_code(errno, std::generic_category()).message());
  }
  if (fd >= 0) ::close(fd);
  return {};
}

// The database and its folder (where SQLite keeps -wal and -shm) must be writable: a read-only
// site would start and then fail every request, so it is refused here with the reason.
Status CheckWritable(const std::filesystem::path& data_dir) {
  const std::filesystem::path db = data_dir / kDatabaseFile;
  for (const std::filesystem::path& path : {db, data_dir}) {
    if (::access(path.c_str(), W_OK) != 0) {
      return Fail(ErrorKind::kUnavailable,
                  "cannot write to " + path.string() + " (" +
                      std::error_code(errno, std::generic_category()).message() +
                      "): Quire needs to write to its database and data folder; check their "
                      "owner and permissions");
    }
  }
  return {};
}

// Warns when the folder or its database files can be read by others than their owner.
void WarnIfShared(const std::filesystem::path& data_dir) {
  std::vector<std::filesystem::path> paths = {data_dir};
  for (std::string_view suffix : {"", "-wal", "-shm"}) {
    paths.push_back(data_dir / (std::string(kDatabaseFile) + std::string(suffix)));
  }
  for (const std::filesystem::path& path : paths) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) continue;
    if ((info.st_mode & 077) == 0) continue;
    const unsigned wanted = S_ISDIR(info.st_mode) ? kDataDirMode : kDataFileMode;
    spdlog::warn(
        "{} has mode {}: others on this machine can read the site's secrets (the SMTP "
        "password, commenters' emails, password hashes); make it private with chmod {} {}",
        path.string(), ModeText(info.st_mode), ModeText(wanted), path.string());
  }
}

}  // namespace

Engine::Engine(std::filesystem::path data_dir, std::unique_ptr<store::Store> store)
    : data_dir_(std::move(data_dir)), store_(std::move(store)) {}

Engine::~Engine() {
  if (store_) store_->Close();
}

bool Engine::IsSite(const std::filesystem::path& data_dir) {
  std::error_code error;
  return std::filesystem::is_regular_file(data_dir / kDatabaseFile, error);
}

Result<std::unique_ptr<Engine>> Engine::Open(const std::filesystem::path& data_dir, OpenMode mode,
                                             OpenOptions open_options) {
  if (!IsSite(data_dir)) {
    if (mode == OpenMode::kExisting) {
      return Fail(ErrorKind::kNotFound, "no Quire site at " + data_dir.string() +
                                            " (create one with `quire init --data " +
                                            data_dir.string() + "`)");
    }
    if (Status created = CreateDataFolder(data_dir); !created) {
      return std::unexpected(created.error());
    }
  }
  if (Status writable = CheckWritable(data_dir); !writable) {
    return std::unexpected(writable.error());
  }
  store::SqliteOptions options;
  options.file = data_dir / kDatabaseFile;
  auto store = store::OpenSqlite(options);
  if (!store) return std::unexpected(store.error());
  std::unique_ptr<Engine> engine(new Engine(data_dir, std::move(*store)));
  if (auto status = engine->InitialiseIfNew(open_options); !status) {
    return std::unexpected(status.error());
  }
  if (auto status = engine->ReloadSettings(); !status) return std::unexpected(status.error());
  return engine;
}

Status Engine::InitialiseIfNew(const OpenOptions& options) {
  auto stored = store_->LoadSettings();
  if (!stored) return std::unexpected(stored.error());
  if (stored->contains("secret")) return {};

  store::Settings defaults;
  defaults.secret = admin::GenerateSecret();
  const int64_t now = clock_.Now();
  return store_->WriteSync([&](store::Transaction& tx) -> Status {
    for (const auto& [key, value] : defaults.ToMap()) {
      if (auto status = tx.SetSetting(key, value); !status) return status;
    }
    if (!options.sample_content) return tx.RecordChange("*");
    store::Post post;
    post.slug = kSamplePostSlug;
    post.title = kSamplePostTitle;
    post.body = kSamplePostBody;
    post.format = store::PostFormat::kMarkdown;
    post.published_at = post.modified_at = now;
    auto post_id = tx.InsertPost(post);
    if (!post_id) return std::unexpected(post_id.error());

    store::Comment comment;
    comment.post_id = *post_id;
    comment.author = kSampleCommentAuthor;
    comment.content = kSampleCommentBody;
    comment.created_at = now;
    comment.status = store::CommentStatus::kApproved;
    comment.reason = "sample content";
    if (auto id = tx.InsertComment(comment); !id) return std::unexpected(id.error());
    return tx.RecordChange("*");
  });
}

Status Engine::ReloadSettings() {
  auto stored = store_->LoadSettings();
  if (!stored) return std::unexpected(stored.error());
  settings_.Set(store::Settings::Load(*stored));
  return {};
}

std::string Engine::HomeUrl() const {
  std::string home = settings_.Get()->home_url;
  if (home.empty()) home = ReadFirstLine(data_dir_ / kServerUrlFile);
  if (home.empty()) home = "http://127.0.0.1:8080";
  while (!home.empty() && home.back() == '/') home.pop_back();
  return home;
}

Status Engine::OnCommentStored(store::Transaction& tx, const store::Comment& comment,
                               bool subscribe) {
  return mail::OnCommentStored(tx, comment, subscribe, *settings_.Get(), HomeUrl());
}

Status Engine::OnModerated(store::Transaction& tx, const store::Comment& before,
                           store::CommentStatus after) {
  if (Status learnt = comments::spam::LearnFromModeration(tx, before, after); !learnt) {
    return learnt;
  }
  if (after != store::CommentStatus::kApproved || before.status == after) return {};
  store::Comment approved = before;
  approved.status = after;
  return mail::OnCommentApproved(tx, approved, *settings_.Get(), HomeUrl());
}

void Engine::ForgetOldData() {
  auto done = privacy::ApplyRetention(*store_, *settings_.Get(), clock_.Now());
  if (!done) return spdlog::warn("privacy: retention failed: {}", done.error().message);
  if (done->ips + done->user_agents > 0) {
    spdlog::info("privacy: removed {} addresses and {} user agents past their retention", done->ips,
                 done->user_agents);
  }
}

int Engine::Serve(const ServeOptions& options) {
  cache::PageCache cache(PageCacheBytes(*settings_.Get()));
  std::string listen_url;        // set once listening; the home URL when the setting is empty
  api::DiscoveryLink discovery;  // the REST API's Link header on HTML answers
  auto apply_settings = [&] {
    auto stored = store_->LoadSettings();
    if (!stored) {
      spdlog::error("cannot reload the settings: {}", stored.error().message);
      return;
    }
    // Published once, whole: a render never sees the settings without their home URL.
    store::Settings settings = store::Settings::Load(*stored);
    if (settings.home_url.empty()) settings.home_url = listen_url;
    discovery.Set(settings.home_url);
    settings_.Set(std::move(settings));
    cache.SetMaxBytes(PageCacheBytes(*settings_.Get()));  // page_cache_mb, without a restart
  };
  ChangeFollower follower(*store_, cache, apply_settings);
  mail::SmtpTransport smtp;
  mail::WorkerOptions mail_options;
  mail_options.retry_base_seconds = options.mail_retry_seconds;
  mail::OutboxWorker mailer(
      *store_, settings_, [this] { return HomeUrl(); }, clock_, smtp, mail_options);
  Scheduler scheduler(*store_, clock_);  // publishes scheduled items at their time
  store_->OnCommit([&follower, &mailer, &scheduler](const std::vector<std::string>& tags) {
    follower.CatchUp();
    if (std::find(tags.begin(), tags.end(), mail::kMailChangeTag) != tags.end()) mailer.Wake();
    auto item_changed = [](const std::string& tag) { return tag.starts_with("post:"); };
    if (std::any_of(tags.begin(), tags.end(), item_changed)) scheduler.Wake();
  });

  // The route table: the public site, reply subscriptions, accounts, the admin screens.
  std::unique_ptr<store::Accounts> accounts = store::SqliteAccounts(*store_);
  admin::SessionAuth auth(*store_, *accounts, clock_);
  site::SiteDeps site_deps{*store_, cache, settings_, clock_};
  site_deps.viewer = [&auth](const http::Request& request) { return SiteViewer(auth, request); };
  site_deps.comment_stored = [this](store::Transaction& tx, const store::Comment& comment,
                                    bool subscribe) {
    return OnCommentStored(tx, comment, subscribe);
  };
  site::Site site(site_deps);
  http::Router router = site.Routes();
  mail::AddSubscriptionRoutes(router, *store_, settings_, clock_);
  const media::Storage uploads(media::Storage::Root(data_dir_));
  media::AddRoutes(router, uploads);
  admin::AddAuthRoutes(
      router, admin::AuthRoutesDeps{*store_, *accounts, auth, settings_, clock_, &mail::Queue});
  admin::ScreenDeps screen_deps{*store_, settings_, clock_, auth};
  screen_deps.data_dir = data_dir_;
  screen_deps.sample_post_slug = std::string(kSamplePostSlug);
  screen_deps.upload_pixels_per_window = options.upload_megapixels * 1'000'000;
  screen_deps.on_moderated = [this](store::Transaction& tx, const store::Comment& before,
                                    store::CommentStatus after) {
    return OnModerated(tx, before, after);
  };
  screen_deps.after_reply = [this](store::Transaction& tx, const store::Comment& reply) {
    return OnCommentStored(tx, reply, false);
  };
  admin::Screens admin_screens(std::move(screen_deps));
  admin_screens.AddRoutes(router);

  http::ServerOptions server_options;
  server_options.address = options.address;
  server_options.port = options.port;
  server_options.threads = options.threads;
  server_options.max_connections = options.max_connections;
  server_options.body_memory_budget = options.body_memory_mb << 20;
  server_options.read_timeout = std::chrono::seconds(options.read_timeout_seconds);
  // Uploads and imports past 1 MiB go to unnamed files in the (private) data folder.
  server_options.body_spool_dir = data_dir_.string();
  if (options.access_log == "off") {
    server_options.access_log = false;
  } else if (!options.access_log.empty()) {
    Result<http::AccessLogSink> sink = http::FileAccessLogSink(options.access_log);
    if (!sink) {
      std::fprintf(stderr, "quire: %s\n", sink.error().message.c_str());
      return 1;
    }
    server_options.access_log_sink = std::move(*sink);
  }
  server_options.body_limit_for =
      [this](std::string_view method, std::string_view target) -> std::optional<http::BodyLimit> {
    if (method != "POST") return std::nullopt;  // reads stay off the settings lock
    if (auto limit = admin::ImportBodyLimit(method, target)) return limit;
    return media::UploadBodyLimit(method, target, settings_.Get()->max_upload_mb);
  };
  // Absolute-form targets only for the site's own host (and the address it listens on).
  server_options.own_host = [this](std::string_view name) {
    auto settings = settings_.Get();  // held while its home_url is read
    return !settings->home_url.empty() && http::HostName(settings->home_url) == name;
  };
  server_options.admit = [&router](const http::RequestHead& head) { return router.Admit(head); };
  // The REST API (src/api): /wp-json/... and /?rest_route=/... go there, before the route table.
  api::Api rest_api(api::ApiDeps{*store_, cache, settings_});
  http::Server server(server_options, [&router, &rest_api, &discovery](const http::Request& request,
                                                                       http::Respond respond) {
    // Every answer leaves through the security headers (site/security_headers.h) and, when
    // it is HTML, names the REST API's root (api::AddDiscoveryLink).
    // The request outlives respond (the server's contract).
    auto finish = [&request, &discovery,
                   respond = std::move(respond)](http::Response response) mutable {
      site::AddSecurityHeaders(request, response);
      discovery.AddTo(response);
      respond(std::move(response));
    };
    if (api::ApiTargetOf(request)) return rest_api.Dispatch(request, std::move(finish));
    router.Dispatch(request, std::move(finish));
  });
  try {
    server.Listen();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "quire: %s\n", e.what());
    return 1;
  }

  std::string host = options.address.find(':') != std::string::npos ? "[" + options.address + "]"
                                                                    : options.address;
  listen_url = "http://" + host + ":" + std::to_string(server.port());
  std::printf("%s/\n", listen_url.c_str());
  std::fflush(stdout);
  apply_settings();
  const std::filesystem::path url_file = data_dir_ / kServerUrlFile;
  std::ofstream(url_file) << listen_url << "/\n";

  mailer.Start();
  scheduler.Start();
  ForgetOldData();
  WarnIfShared(data_dir_);

  {
    Ticker poll(std::chrono::milliseconds(options.change_poll_ms), [&] {
      // A database file replaced under the server is logged here, not only at the next write.
      static_cast<void>(store::CheckSqliteFile(*store_));
      follower.CatchUp();
    });
    Ticker retention(std::chrono::hours(1), [this] { ForgetOldData(); });
    spdlog::info("serving {} from {}", listen_url, data_dir_.string());
    server.Run();
  }
  spdlog::info("stopping: sending no more email, flushing writes and closing the database");
  mailer.Stop();
  scheduler.Stop();
  store_->OnCommit(nullptr);
  store_->Close();
  std::error_code ignored;
  std::filesystem::remove(url_file, ignored);
  return 0;
}

}  // namespace quire::app
