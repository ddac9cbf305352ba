// A comment's link: PERMALINK#comment-ID, or PERMALINK/comment-page-N/#comment-ID while the
// post's comments are paged (comment_pages.h), N being the page that shows the comment. Every
// link to one comment (the redirect after posting, the admin, notification mail, privacy
// exports, the refusal page's reply link, feeds) is made here, so that none lands on the wrong
// page of a busy post.
//
// The page is found without loading the post's comments: the comment's thread root by walking
// up its approved ancestors, then the threads before that root counted by the store
// (store/comment_threads.h). That count reads one index entry per thread before the root; a
// link for use at once (LinkUse::kNow) skips it whenever the plain permalink shows the page.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/records.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::comments {

// Ancestors walked up from a reply to find its thread's root; a longer chain (imported data)
// is paged by the ancestor reached.
inline constexpr int kMaxAncestorsWalked = 1000;

enum class LinkUse {
  // Followed at once (the redirect after posting, a screen's links): 0 when the plain permalink
  // shows the comment's page now (page 1 with default_comments_page "oldest", the last page
  // with "newest"), found reading a few rows instead of counting the post's threads.
  kNow,
  // Kept (mail, exports): always the page's number. Pages count from the oldest thread, so the
  // number stays right as comments are added; the permalink's page moves on.
  kLasting,
};

// The comment page (1-based) that shows `comment` as its post's page lists it (an approved
// comment, or a held one shown to its author); 0 when the post's comments are not paged, when
// `use` is kNow and the permalink shows it, or when the comment sits in a parent cycle (bad
// imported data: shown after every thread). Agrees with threading (Thread) and paging
// (ThreadsOnPage) of the whole list.
Result<int64_t> PageOfComment(store::Store& store, const store::Settings& settings,
                              const store::Comment& comment, LinkUse use);
// The same inside a write job (e.g. for the mail a new comment causes).
Result<int64_t> PageOfComment(store::Transaction& tx, const store::Settings& settings,
                              const store::Comment& comment, LinkUse use);

// PERMALINK[comment-page-N/][?QUERY]#comment-ID; page 0: no page part. `query` without its '?'.
std::string CommentLink(std::string_view permalink, int64_t page, int64_t comment_id,
                        std::string_view query = "");

// PageOfComment and CommentLink in one; when the page cannot be read, the link without the
// page (the permalink still shows the newest or first page, and the link stays useful).
std::string CommentUrl(store::Store& store, const store::Settings& settings,
                       const store::Comment& comment, std::string_view permalink, LinkUse use);
std::string CommentUrl(store::Transaction& tx, const store::Settings& settings,
                       const store::Comment& comment, std::string_view permalink, LinkUse use);

}  // namespace quire::comments
