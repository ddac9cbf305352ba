#include "site/commenter_cookies.h"

#include <string>

#include "http/form.h"

namespace quire::site {

bool HasCommenterCookies(const http::Request& request) {
  if (!request.Find("cookie")) return false;
  http::Form cookies = http::ParseCookies(request);
  return cookies.Has(kAuthorCookie) || cookies.Has(kEmailCookie) || cookies.Has(kUrlCookie);
}

CommentFormState FormFromCookies(const http::Request& request) {
  CommentFormState form;
  if (!request.Find("cookie")) return form;
  http::Form cookies = http::ParseCookies(request);
  form.author = std::string(cookies.GetOr(kAuthorCookie));
  form.email = std::string(cookies.GetOr(kEmailCookie));
  form.url = std::string(cookies.GetOr(kUrlCookie));
  form.consent = cookies.Has(kAuthorCookie) || cookies.Has(kEmailCookie) || cookies.Has(kUrlCookie);
  return form;
}

void AddCommenterCookies(http::Response& response, const store::Comment& comment, bool consent) {
  http::CookieOptions options;
  options.max_age = consent ? kCommenterCookieSeconds : 0;
  auto add = [&](std::string_view name, std::string_view value) {
    response.headers.push_back(
        {"Set-Cookie", http::SetCookie(name, consent ? value : std::string_view(), options)});
  };
  add(kAuthorCookie, comment.author);
  add(kEmailCookie, comment.email);
  add(kUrlCookie, comment.url);
}

}  // namespace quire::site
