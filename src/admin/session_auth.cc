#include "admin/session_auth.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "admin/tokens.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

constexpr int64_t kSecondsPerDay = 24 * 60 * 60;
// Longer than this, a User-Agent header is cut (it is only shown on the profile page).
constexpr size_t kMaxUserAgent = 512;

http::CookieOptions CookieFor(const http::Request& request) {
  http::CookieOptions options;
  options.http_only = true;
  options.same_site = "Lax";
  options.path = "/";
  options.secure = SessionAuth::IsSecure(request);
  return options;
}

}  // namespace

bool SessionAuth::IsSecure(const http::Request& request) {
  std::optional<std::string_view> proto = request.Find("x-forwarded-proto");
  return proto && util::IEquals(util::Trim(*proto), "https");
}

std::string SessionAuth::ClearCookie(const http::Request& request) {
  http::CookieOptions options = CookieFor(request);
  options.max_age = 0;
  return http::SetCookie(kSessionCookie, "", options);
}

NewSession SessionAuth::Create(const store::User& user, const http::Request& request, bool remember,
                               int session_days) const {
  const int64_t now = clock_.Now();
  const int64_t days = int64_t{session_days} * kSecondsPerDay;
  const int64_t lifetime = remember ? days : std::min(days, kBrowserSessionSeconds);
  NewSession created;
  created.token = NewToken();
  store::Session& s = created.session;
  s.user_id = user.id;
  s.token_hash = HashToken(created.token);
  s.csrf_token = NewToken();
  s.persistent = remember;
  s.created_at = s.last_seen_at = now;
  s.expires_at = now + lifetime;
  s.ip = request.remote_ip;
  s.user_agent = std::string(request.Find("user-agent").value_or("").substr(0, kMaxUserAgent));
  if (!util::IsValidUtf8(s.user_agent)) s.user_agent.clear();
  http::CookieOptions options = CookieFor(request);
  if (remember) options.max_age = lifetime;
  created.set_cookie = http::SetCookie(kSessionCookie, created.token, options);
  return created;
}

Result<std::optional<Principal>> SessionAuth::Authenticate(const http::Request& request) {
  const http::Form cookies = http::ParseCookies(request);
  std::optional<std::string_view> token = cookies.Get(kSessionCookie);
  if (!token || token->empty()) return std::optional<Principal>();
  Result<std::optional<store::Session>> session =
      accounts_.FindSessionByTokenHash(HashToken(*token));
  if (!session) return std::unexpected(std::move(session.error()));
  const int64_t now = clock_.Now();
  if (!*session || !Live(**session, now)) return std::optional<Principal>();
  Result<std::optional<store::User>> user = store_.FindUser((*session)->user_id);
  if (!user) return std::unexpected(std::move(user.error()));
  if (!*user) return std::optional<Principal>();
  MaybeTouch(**session, now);
  return Principal{std::move(**user), (*session)->id, std::move((*session)->csrf_token)};
}

bool SessionAuth::Live(const store::Session& session, int64_t now) {
  if (session.expires_at <= now) return false;
  return session.persistent || now - session.last_seen_at < kIdleSeconds;
}

bool SessionAuth::CheckCsrf(const Principal& principal, const http::Form& form) const {
  return SameSecret(form.GetOr(kCsrfField), principal.csrf_token);
}

void SessionAuth::MaybeTouch(const store::Session& session, int64_t now) {
  if (now - session.last_seen_at < kTouchEverySeconds) return;
  store_.Write([this, id = session.id,
                now](store::Transaction& tx) { return accounts_.TouchSession(tx, id, now); },
               [](Status status) {
                 if (!status)
                   spdlog::warn("recording session activity: {}", status.error().message);
               });
}

}  // namespace quire::admin
