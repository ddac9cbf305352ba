// The site's settings: every one with its default and what it does. They live in the settings
// table as key/value text; Load() fills defaults for keys that are absent.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

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
  int posts_per_page = 10;  // "posts_per_page", 1..100
  // A folder whose files override the built-in theme's files of the same name ("" = none).
  std::string theme_dir;  // "theme_dir"
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
  bool comment_moderation = false;            // "comment_moderation": hold every comment
  bool comment_previously_approved = true;    // "comment_previously_approved"
  // "comment_max_links": hold at this many links (0: off), 0..1000.
  int comment_max_links = 2;
  std::string moderation_keys;  // "moderation_keys": one per line, hold on match
  std::string disallowed_keys;  // "disallowed_keys": one per line, trash on match
  bool show_avatars = true;     // "show_avatars": local identicons
  // Seconds between two comments from the same address or email. Benchmarks set 0.
  int comment_flood_seconds = 15;  // "comment_flood_seconds", 0..86400

  // Defaults for absent keys and for values that do not parse; numbers are clamped to their
  // range; booleans read "1"/"0" (also "true"/"false", "yes"/"no", "on"/"off", "" as false).
  static Settings Load(const std::map<std::string, std::string>& stored);
  // Every setting as stored key/value text (for initialising a site); booleans as "1"/"0".
  std::map<std::string, std::string> ToMap() const;
};

}  // namespace quire::store

#include <memory>
#include <mutex>

namespace quire::store {

// The current settings, swapped whole when they change (thread-safe).
class SettingsHolder {
 public:
  std::shared_ptr<const Settings> Get() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  void Set(Settings settings) {
    auto next = std::make_shared<const Settings>(std::move(settings));
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Settings> current_ = std::make_shared<const Settings>();  // guarded
};

}  // namespace quire::store
