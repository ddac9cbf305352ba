// Comment paging's arithmetic lives in comments/comment_pages.h (mail and privacy links need it
// too, below site/); the site's pages use it under these names.
#pragma once

#include "comments/comment_pages.h"

namespace quire::site {

using comments::CommentPageCount;
using comments::CommentPagePath;
using comments::CommentPagePathParts;
using comments::CommentsPaged;
using comments::DefaultCommentPage;
using comments::kAlwaysPageCommentsOver;
using comments::PageOfThread;
using comments::SplitCommentPagePath;
using comments::ThreadRange;
using comments::ThreadsOnPage;

}  // namespace quire::site
