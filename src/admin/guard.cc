#include "admin/guard.h"

#include <spdlog/spdlog.h>

#include <string>
#include <utility>

#include "util/strings.h"

namespace quire::admin {
namespace {

// A small, complete page for refusals (no theme: the admin must answer even if the theme fails).
http::Response MessagePage(int status, std::string_view title, std::string_view message) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>";
  util::AppendHtmlEscaped(html, title);
  html += "</title></head><body><main><h1>";
  util::AppendHtmlEscaped(html, title);
  html += "</h1><p>";
  util::AppendHtmlEscaped(html, message);
  html += "</p><p><a href=\"/admin/\">Back to the dashboard</a></p></main></body></html>\n";
  http::Response response = http::Response::Html(status, std::move(html));
  response.Set("Cache-Control", "private, no-store");
  return response;
}

// A form holding only the token, for Auth::CheckCsrf.
http::Form TokenForm(std::string_view token) {
  return http::Form::Parse(std::string(kCsrfField) + "=" + util::UrlEncode(token));
}

http::Response LoginRedirect(std::string_view target);

// GuardHead's and GuardUploadHead's checks: the session, the capability, and (`need_token`)
// the CSRF token from the head.
std::optional<http::Response> CheckHead(Auth& auth, Capability needed,
                                        const http::RequestHead& head, bool need_token) {
  http::Request request{.method = head.method,
                        .target = head.target,
                        .headers = head.headers,
                        .remote_ip = head.remote_ip};
  Result<std::optional<Principal>> principal = auth.Authenticate(request);
  if (!principal) return std::nullopt;  // Guard answers it once the body is read
  if (!principal->has_value()) return LoginRedirect(head.target);
  if (!(*principal)->Can(needed)) return ForbiddenResponse();
  if (need_token) {
    std::string token = HeadCsrfToken(head.target, head.Find("x-wp-nonce"));
    if (!auth.CheckCsrf(**principal, TokenForm(token))) return ExpiredLinkResponse();
  }
  return std::nullopt;
}

http::Response LoginRedirect(std::string_view target) {
  http::Response redirect = http::Response::Redirect(303, LoginRedirectLocation(target));
  redirect.Set("Cache-Control", "private, no-store");
  return redirect;
}

}  // namespace

http::Response ExpiredLinkResponse() {
  return MessagePage(403, "Something went wrong", "The link you followed has expired.");
}

http::Response ForbiddenResponse() {
  return MessagePage(403, "Forbidden", "Sorry, you are not allowed to access this page.");
}

std::string LoginRedirectLocation(std::string_view target) {
  return "/admin/login?redirect_to=" + util::UrlEncode(target);
}

http::RouteHandler Guard(Auth& auth, Capability needed, GuardedHandler handler) {
  return [&auth, needed, handler = std::move(handler)](
             const http::Request& request, const http::Params& params, http::Respond respond) {
    Result<std::optional<Principal>> principal = auth.Authenticate(request);
    if (!principal) {
      spdlog::error("authenticating a request failed: {}", principal.error().message);
      respond(MessagePage(500, "Error", "The request could not be completed; try again."));
      return;
    }
    if (!principal->has_value()) {
      http::Response redirect =
          http::Response::Redirect(303, LoginRedirectLocation(request.target));
      redirect.Set("Cache-Control", "private, no-store");
      respond(std::move(redirect));
      return;
    }
    if (!(*principal)->Can(needed)) {
      respond(ForbiddenResponse());
      return;
    }
    handler(request, params, **principal, std::move(respond));
  };
}

http::AdmitHandler GuardHead(Auth& auth, Capability needed) {
  return [&auth, needed](const http::RequestHead& head) {
    return CheckHead(auth, needed, head, false);
  };
}

std::string HeadCsrfToken(std::string_view target, std::optional<std::string_view> nonce_header) {
  if (nonce_header && !nonce_header->empty()) return std::string(*nonce_header);
  size_t question = target.find('?');
  if (question == std::string_view::npos) return {};
  return std::string(http::Form::Parse(target.substr(question + 1)).GetOr(kCsrfField));
}

http::AdmitHandler GuardUploadHead(Auth& auth, Capability needed) {
  return [&auth, needed](const http::RequestHead& head) {
    return CheckHead(auth, needed, head, true);
  };
}

bool RequireUploadCsrf(const Auth& auth, const Principal& principal, const http::Request& request,
                       const http::Form& fields, http::Respond& respond) {
  std::string token = HeadCsrfToken(request.target, request.Find("x-wp-nonce"));
  if (!token.empty() && auth.CheckCsrf(principal, TokenForm(token))) return true;
  return RequireCsrf(auth, principal, fields, respond);
}

bool RequireCsrf(const Auth& auth, const Principal& principal, const http::Form& form,
                 http::Respond& respond) {
  if (auth.CheckCsrf(principal, form)) return true;
  respond(ExpiredLinkResponse());
  return false;
}

}  // namespace quire::admin
