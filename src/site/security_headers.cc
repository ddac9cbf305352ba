#include "site/security_headers.h"

#include <optional>
#include <string>

#include "util/strings.h"

namespace quire::site {

namespace {

bool IsAdminPath(std::string_view path) {
  return path == "/admin" || path.starts_with("/admin/");
}

void SetIfMissing(http::Response& response, std::string_view name, std::string_view value) {
  if (!response.Find(name)) response.Set(std::string(name), std::string(value));
}

}  // namespace

void AddSecurityHeaders(const http::Request& request, http::Response& response) {
  std::optional<std::string_view> proto = request.Find("x-forwarded-proto");
  bool tls = proto && util::IEquals(util::Trim(*proto), "https");
  if (response.prepared && response.prepared->has_security_fields && !IsAdminPath(request.Path())) {
    // A cached public page: its fields carry the rest already (site.cc: PrepareFields).
    if (tls) SetIfMissing(response, "Strict-Transport-Security", kHstsValue);
    return;
  }
  SetIfMissing(response, "X-Content-Type-Options", "nosniff");
  if (tls) SetIfMissing(response, "Strict-Transport-Security", kHstsValue);
  std::string_view type = response.Find("Content-Type").value_or("");
  constexpr std::string_view kHtml = "text/html";
  if (type.size() < kHtml.size() || !util::IEquals(type.substr(0, kHtml.size()), kHtml)) return;
  const bool admin = IsAdminPath(request.Path());
  SetIfMissing(response, "Content-Security-Policy", admin ? kAdminPolicy : kPublicPolicy);
  SetIfMissing(response, "X-Frame-Options", admin ? "DENY" : "SAMEORIGIN");
  SetIfMissing(response, "Referrer-Policy", "strict-origin-when-cross-origin");
}

}  // namespace quire::site
