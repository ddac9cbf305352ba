// The site's settings: every one with its default and what it does. They live in the settings
// table as key/value text; Load() fills defaults for keys that are absent.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/mutex.h"
#include "util/status.h"

namespace quire::store {

struct Settings {
  // --- site ---
  std::string title = "My Quire Site";              // key "blogname"
  std::string tagline = "Just another Quire site";  // "blogdescription"
  // Public address used in links that leave the page (CLI output, feeds): "home".
  // Default empty: the server fills in http://ADDR:PORT it listens on.
  std::string home_url;  // "home"
  // WordPress permalink structure; %year% %monthnum% %day% %postname% %post_id% are known.
  // Key "permalink_structure".
  std::string permalink_structure = "/%year%/%monthnum%/%day%/%postname%/";
  // The site's time zone, used for the dates in permalinks and date archives (WordPress puts
  // the local date there; storage stays UTC; see content/site_zone.h). "timezone_string": an
  // IANA name ("Europe/Berlin"); "" (the default) uses gmt_offset. Letters, digits and "/_+-"
  // only (anything else reads as ""); `quire settings set` also refuses names ICU does not know.
  std::string timezone_string;
  // "gmt_offset": hours east of UTC when timezone_string is "" (may be fractional, "5.5"),
  // -12..14; default 0 (UTC).
  double gmt_offset = 0;
  int posts_per_page = 10;  // "posts_per_page", 1..100
  // A folder whose files override the built-in theme's files of the same name ("" = none).
  std::string theme_dir;  // "theme_dir"

  // --- reading (feeds, search engines) ---
  int posts_per_rss = 10;        // "posts_per_rss": items in a feed, 1..100
  bool rss_use_excerpt = false;  // "rss_use_excerpt": feeds carry excerpts instead of full text
  // "blog_public": false asks search engines not to index (robots.txt Disallow: /, noindex).
  bool blog_public = true;
  // "robots_txt": extra lines appended to the generated robots.txt (which always names the
  // sitemap); "" none.
  std::string robots_txt;
  // "show_on_front": "posts" (the latest posts) or "page" (page_on_front is the front page).
  std::string show_on_front = "posts";
  int page_on_front = 0;  // "page_on_front": the page shown at / when show_on_front is "page"

  // --- media ---
  int max_upload_mb = 64;       // "max_upload_mb": larger uploads get 413, 1..2048
  int thumbnail_size = 150;     // "thumbnail_size_w": square crop, 0..4096 (0: none)
  int medium_size = 300;        // "medium_size_w": longest side, 0..4096 (0: none)
  int medium_large_size = 768;  // "medium_large_size_w": width, 0..4096 (0: none)
  int large_size = 1024;        // "large_size_w": longest side, 0..8192 (0: none)

  // --- performance ---
  // "page_cache_mb": memory for rendered pages (cache::PageCache's budget, counting what the
  // pages really hold), 16..65536 MiB; a running server applies a change without a restart.
  int page_cache_mb = 256;
  // HMAC key for tokens and avatar hashes; generated at initialisation, never shown.
  std::string secret;  // "secret"

  // --- discussion (WordPress's names in quotes are the stored keys) ---
  bool require_name_email = true;             // "require_name_email"
  bool comment_registration = false;          // "comment_registration": only users may comment
  bool close_comments_for_old_posts = false;  // "close_comments_for_old_posts"
  int close_comments_days_old = 14;           // "close_comments_days_old", 0..36500
  bool show_comments_cookies_opt_in = true;   // "show_comments_cookies_opt_in"
  bool thread_comments = true;                // "thread_comments"
  int thread_comments_depth = 5;              // "thread_comments_depth", 2..10
  bool page_comments = false;                 // "page_comments": break comments into pages
  int comments_per_page = 50;                 // "comments_per_page": top-level threads, 1..1000
  // "default_comments_page": "newest" (the last page) or "oldest" (page 1) on the permalink;
  // anything else reads as "newest".
  std::string default_comments_page = "newest";
  // "comment_order": "asc" (older threads at the top of a page) or "desc"; else "asc".
  std::string comment_order = "asc";
  bool comment_moderation = false;          // "comment_moderation": hold every comment
  bool comment_previously_approved = true;  // "comment_previously_approved"
  // "comment_max_links": hold at this many links (0: off), 0..1000.
  int comment_max_links = 2;
  std::string moderation_keys;  // "moderation_keys": one per line, hold on match
  std::string disallowed_keys;  // "disallowed_keys": one per line, trash on match
  bool show_avatars = true;     // "show_avatars": local identicons
  // Seconds between two comments from the same address or email. Benchmarks set 0.
  int comment_flood_seconds = 15;  // "comment_flood_seconds", 0..86400
  bool comments_notify = true;     // "comments_notify": email the post's author on a new comment
  bool moderation_notify = true;   // "moderation_notify": email moderators on a held comment

  // --- spam defence (all local; see comments/spam/) ---
  bool spam_honeypot = true;  // "spam_honeypot": a hidden field that people leave empty
  // "spam_min_submit_seconds": a form sent sooner than this after it was shown is held as spam
  // (0: off), 0..3600. The time comes from a signed stamp in the form.
  int spam_min_submit_seconds = 3;
  // Token buckets, per address, per email and per post: a burst, then so many an hour.
  int rate_ip_burst = 5;              // "rate_ip_burst", 0..10000 (0: off)
  int rate_ip_per_hour = 30;          // "rate_ip_per_hour", 1..100000
  int rate_email_burst = 5;           // "rate_email_burst", 0..10000 (0: off)
  int rate_email_per_hour = 30;       // "rate_email_per_hour", 1..100000
  int rate_post_burst = 30;           // "rate_post_burst", 0..10000 (0: off)
  int rate_post_per_hour = 300;       // "rate_post_per_hour", 1..100000
  bool spam_filter = true;            // "spam_filter": the learning filter (neutral until trained)
  int spam_filter_hold_percent = 70;  // "spam_filter_hold_percent": hold at this spam score
  int spam_filter_spam_percent = 95;  // "spam_filter_spam_percent": mark spam at this score

  // --- accounts ---
  int session_days = 14;           // "session_days": a login lasts this long, 1..365
  int login_max_failures = 5;      // "login_max_failures": failures before a lock, 1..100
  int login_lockout_minutes = 15;  // "login_lockout_minutes": how long the lock lasts, 1..1440

  // --- email (SMTP through libcurl; an empty host: messages wait in the outbox) ---
  std::string admin_email;                 // "admin_email": where site notices go
  std::string mail_from;                   // "mail_from": the From address ("" : quire@HOST)
  std::string smtp_host;                   // "smtp_host"
  int smtp_port = 587;                     // "smtp_port", 1..65535
  std::string smtp_security = "starttls";  // "smtp_security": starttls, tls or none
  std::string smtp_user;                   // "smtp_user"
  std::string smtp_password;               // "smtp_password": never shown by `settings list`

  // --- personal data ---
  int ip_retention_days = 30;          // "ip_retention_days": then commenters' addresses go
  int user_agent_retention_days = 30;  // "user_agent_retention_days"

  // Defaults for absent keys and for values that do not parse; numbers are clamped to their
  // range; booleans read "1"/"0" (also "true"/"false", "yes"/"no", "on"/"off", "" as false).
  static Settings Load(const std::map<std::string, std::string>& stored);
  // Every setting as stored key/value text (for initialising a site); booleans as "1"/"0".
  std::map<std::string, std::string> ToMap() const;
};

// The tags a permalink structure may use (content/permalink.h renders and matches them).
inline constexpr std::string_view kPermalinkTags[] = {
    "%year%", "%monthnum%", "%day%", "%hour%", "%minute%", "%second%", "%postname%", "%post_id%"};
// A permalink structure is at most this long.
inline constexpr size_t kMaxPermalinkStructure = 200;

// Whether `value` may be stored under `key`: the one check every writer of a setting goes
// through (`quire settings set`, the admin settings screen). kNotFound for an unknown key;
// kInvalid with the reason, worded to follow "KEY: " or a field's label ("enter a whole number
// from 2 to 10", "please enter a valid email address", "%foo% is not a permalink tag ...").
// Syntax only: whether a time zone name exists is content::IsKnownTimeZone's (ICU) question.
Status ValidateSetting(std::string_view key, std::string_view value);

}  // namespace quire::store

#include <memory>
#include <mutex>

namespace quire::store {

// The current settings, swapped whole when they change (thread-safe).
class SettingsHolder {
 public:
  std::shared_ptr<const Settings> Get() const {
    util::MutexLock lock(mutex_);
    return current_;
  }
  void Set(Settings settings) {
    auto next = std::make_shared<const Settings>(std::move(settings));
    util::MutexLock lock(mutex_);
    current_ = std::move(next);
  }

 private:
  mutable util::Mutex mutex_;
  std::shared_ptr<const Settings> current_ QUIRE_GUARDED_BY(mutex_) =
      std::make_shared<const Settings>();
};

}  // namespace quire::store
