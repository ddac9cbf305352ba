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
  return [&auth, needed](const http::RequestHead& head) -> std::optional<http::Response> {
    http::Request request{.method = head.method,
                          .target = head.target,
                          .headers = head.headers,
                          .remote_ip = head.remote_ip};
    Result<std::optional<Principal>> principal = auth.Authenticate(request);
    if (!principal) return std::nullopt;  // Guard answers it once the body is read
    if (!principal->has_value()) {
      http::Response redirect = http::Response::Redirect(303, LoginRedirectLocation(head.target));
      redirect.Set("Cache-Control", "private, no-store");
      return redirect;
    }
    if (!(*principal)->Can(needed)) return ForbiddenResponse();
    return std::nullopt;
  };
}

bool RequireCsrf(const Auth& auth, const Principal& principal, const http::Form& form,
                 http::Respond& respond) {
  if (auth.CheckCsrf(principal, form)) return true;
  respond(ExpiredLinkResponse());
  return false;
}

}  // namespace quire::admin
