// What every admin screen works with: the store, the live settings, the clock, authentication
// (for CSRF checks), and the hooks other areas hang on moderators' actions. Built once by
// admin::Screens; each screen keeps a reference.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "admin/auth.h"
#include "comments/submission.h"
#include "media/pixel_budget.h"
#include "store/records.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/status.h"

namespace quire::admin {

// Runs inside the write transaction of every status change a moderator makes (row action, bulk
// action, edit), with the comment as it was and the status it now has. For the learning spam
// filter (spam / not-spam decisions) and reply notifications (sent once a reply is approved).
// Its error rolls the change back.
using ModerationHook = std::function<Status(store::Transaction& tx, const store::Comment& before,
                                            store::CommentStatus after)>;

struct ScreenDeps {
  store::Store& store;
  store::SettingsHolder& settings;
  const util::Clock& clock;
  Auth& auth;
  ModerationHook on_moderated;       // may be empty
  comments::AfterStore after_reply;  // runs in the transaction of a moderator's reply; may be empty
  std::filesystem::path data_dir;    // the data folder (uploads live in DATA/uploads/)
  // The slug of the sample post a new site starts with (app/sample_content.h): a site holding
  // only that post counts as empty when importing (wxr::ImportOptions::sample_slug).
  std::string sample_post_slug;
  // Image pixels one address may have decoded by uploads per media::PixelBudget::kWindowSeconds
  // (`serve --upload-megapixels`).
  int64_t upload_pixels_per_window = media::PixelBudget::kDefaultPixels;
};

}  // namespace quire::admin
