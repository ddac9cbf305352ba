// The commenter cookies of docs/conventions.md: set only with consent, cleared without it, and
// read back to pre-fill the form.
#pragma once

#include <string_view>

#include "http/message.h"
#include "site/article_page.h"
#include "store/records.h"

namespace quire::site {

inline constexpr std::string_view kAuthorCookie = "comment_author_quire";
inline constexpr std::string_view kEmailCookie = "comment_author_email_quire";
inline constexpr std::string_view kUrlCookie = "comment_author_url_quire";
inline constexpr int64_t kCommenterCookieSeconds = 30000000;  // about 347 days, as WordPress

// Whether the request carries any commenter cookie (its page is then personal).
bool HasCommenterCookies(const http::Request& request);

// The form pre-filled from the cookies: name, email, website, and consent checked when any
// cookie is present.
CommentFormState FormFromCookies(const http::Request& request);

// Adds three Set-Cookie headers: the comment's author, email and url with consent; deletions
// (Max-Age=0) without it.
void AddCommenterCookies(http::Response& response, const store::Comment& comment, bool consent);

}  // namespace quire::site
