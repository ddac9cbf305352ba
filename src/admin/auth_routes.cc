#include "admin/auth_routes.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "admin/guard.h"
#include "admin/login_page.h"
#include "admin/login_throttle.h"
#include "admin/password_reset.h"
#include "admin/password_workers.h"
#include "admin/passwords.h"
#include "admin/tokens.h"
#include "http/form.h"
#include "util/safe_url.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

constexpr std::string_view kIncorrect = "The username or password you entered is incorrect.";
constexpr std::string_view kCheckEmail = "/admin/login?checkemail=confirm";
constexpr std::string_view kOtherSite =
    "This form was sent from another site. Please use the form on this page.";

// "scheme://host[:port]" of a URL ("" when it has none), lower-cased.
std::string OriginOf(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  size_t end = url.find_first_of("/?#", scheme_end + 3);
  return util::ToLower(url.substr(0, end));
}

http::Response Redirect(std::string location) {
  http::Response response = http::Response::Redirect(303, std::move(location));
  response.Set("Cache-Control", "private, no-store");
  return response;
}

http::Response Busy() {
  http::Response response =
      AccountPage(503,
                  "<!DOCTYPE html><title>Busy</title><p>Too many people are logging in right now; "
                  "please try again in a moment.</p>");
  response.Set("Retry-After", "5");
  return response;
}

http::Response InternalError(const Error& error) {
  spdlog::error("account page: {}", error.message);
  return AccountPage(500,
                     "<!DOCTYPE html><title>Error</title><p>Something went wrong; please "
                     "try again.</p>");
}

constexpr std::string_view kNoLoginToken =
    "Your browser did not send back the login form's cookie, or the form had expired. Please "
    "log in with the form on this page (cookies must be enabled to log in).";
// The longest pre-login token taken from a cookie (NewToken's are 43 characters).
constexpr size_t kMaxLoginTokenLength = 128;

// The request's pre-login token cookie, "" when missing or malformed.
std::string LoginTokenCookie(const http::Request& request) {
  const http::Form cookies = http::ParseCookies(request);
  std::string_view token = cookies.GetOr(kLoginTokenCookie);
  if (token.empty() || token.size() > kMaxLoginTokenLength) return "";
  for (char c : token) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return "";
  }
  return std::string(token);
}

// The Set-Cookie value for the pre-login token (max_age 0 clears it).
std::string LoginTokenSetCookie(std::string_view token, int64_t max_age) {
  return http::SetCookie(kLoginTokenCookie, token,
                         http::CookieOptions{.max_age = max_age, .path = "/admin/"});
}

// The login page for `request`; its pre-login token is set as a cookie (a browser-session
// cookie) when the request did not carry it already.
http::Response LoginPage(int status, const LoginView& view, const http::Request& request) {
  http::Response response = AccountPage(status, RenderLoginPage(view));
  if (LoginTokenCookie(request) != view.login_token) {
    response.headers.push_back({"Set-Cookie", LoginTokenSetCookie(view.login_token, -1)});
  }
  return response;
}

std::string AttemptsLeftText(int left) {
  return std::string(kIncorrect) + " " + std::to_string(left) +
         (left == 1 ? " attempt remains" : " attempts remain") + " before a temporary lock.";
}

// The handlers share this state; each route holds a shared_ptr to it.
class AuthHandlers {
 public:
  explicit AuthHandlers(AuthRoutesDeps deps)
      : d_(std::move(deps)), throttle_(d_.accounts, d_.clock) {}

  void GetLogin(const http::Request& request, http::Respond respond) {
    http::Form query = http::Form::Parse(request.Query());
    LoginView view = NewLoginView(request);
    view.redirect_to = SafeRedirect(query.GetOr("redirect_to"));
    if (query.GetOr("loggedout") == "true") view.notice = "You are now logged out.";
    if (query.GetOr("checkemail") == "confirm") {
      view.notice = "Check your email for the confirmation link, then visit the login page.";
    }
    if (query.GetOr("password") == "changed") {
      view.notice = "Your password has been reset. You can log in with it now.";
    }
    respond(LoginPage(200, view, request));
  }

  void PostLogin(const http::Request& request, http::Respond respond) {
    http::Form form = http::Form::Parse(request.body);
    LoginView view = NewLoginView(request);
    if (FromAnotherSite(request, d_.settings.Get()->home_url)) {
      view.error = std::string(kOtherSite);
      return respond(LoginPage(403, view, request));
    }
    // Login CSRF: the form's token must be the one its page set as a cookie.
    const std::string cookie_token = LoginTokenCookie(request);
    if (cookie_token.empty() || !SameSecret(form.GetOr(kLoginTokenField), cookie_token)) {
      view.log = std::string(util::Trim(form.GetOr("log")));
      view.error = std::string(kNoLoginToken);
      return respond(LoginPage(403, view, request));
    }
    view.log = std::string(util::Trim(form.GetOr("log")));
    view.redirect_to = SafeRedirect(form.GetOr("redirect_to"));
    view.remember = form.Has("rememberme");
    std::string password(form.GetOr("pwd"));
    Result<std::optional<store::User>> user = std::optional<store::User>();
    if (!view.log.empty()) user = FindByLoginOrEmail(view.log);
    if (!user) return respond(InternalError(user.error()));
    // The account's counter: its login whether it was named by login or by email, so that
    // switching between them counts against one account; an unknown name counts as typed.
    std::string account = *user ? (*user)->login : view.log;
    const ThrottleLimits limits = ThrottleLimits::From(*d_.settings.Get());
    Result<ThrottleState> state = throttle_.Check(account, request.remote_ip, limits);
    if (!state) return respond(InternalError(state.error()));
    if (state->locked) {
      view.error = LockedMessage(state->MinutesLeft(d_.clock.Now()));
      return respond(LoginPage(429, view, request));
    }
    if (view.log.empty() || password.empty()) {
      view.error =
          view.log.empty() ? "The username field is empty." : "The password field is empty.";
      return respond(LoginPage(200, view, request));
    }
    // The request outlives respond (the server's contract), so the worker may read it.
    auto verify = [this, &request, user = std::move(*user), account = std::move(account),
                   password = std::move(password), view = std::move(view), state = *state, limits,
                   respond = std::move(respond)](bool busy) mutable {
      if (busy) return respond(Busy());
      bool verified =
          user ? VerifyPassword(user->password_hash, password) : VerifyAgainstDummy(password);
      if (!verified) {
        return Failed(request, std::move(account), std::move(view), state, limits,
                      std::move(respond));
      }
      Succeeded(request, *user, std::move(view), std::move(respond));
    };
    RunOrBusy(std::move(verify));
  }

  void PostLogout(const http::Request& request, const Principal& principal, http::Respond respond) {
    if (!RequireCsrf(d_.auth, principal, http::Form::Parse(request.body), respond)) return;
    std::string clear = SessionAuth::ClearCookie(request);
    d_.store.Write(
        [this, id = principal.session_id, user = principal.user.id](store::Transaction& tx) {
          return Done(d_.accounts.DeleteSession(tx, id, user));
        },
        [respond = std::move(respond), clear](Status status) mutable {
          if (!status) return respond(InternalError(status.error()));
          http::Response response = Redirect("/admin/login?loggedout=true");
          response.headers.push_back({"Set-Cookie", clear});
          respond(std::move(response));
        });
  }

  void GetProfile(const http::Request& request, const Principal& principal, http::Respond respond) {
    auto sessions = d_.accounts.ListSessions(principal.user.id, d_.clock.Now());
    if (!sessions) return respond(InternalError(sessions.error()));
    ProfileView view;
    view.site_title = d_.settings.Get()->title;
    view.login = principal.user.login;
    view.display_name = principal.user.display_name;
    view.role = std::string(store::ToString(principal.user.role));
    view.csrf_token = principal.csrf_token;
    view.current_session_id = principal.session_id;
    view.sessions = std::move(*sessions);
    // A browser session idle too long has ended, though its row stays until it expires.
    const int64_t now = d_.clock.Now();
    std::erase_if(view.sessions,
                  [now](const store::Session& s) { return !SessionAuth::Live(s, now); });
    std::optional<int64_t> ended =
        util::ParseInt(http::Form::Parse(request.Query()).GetOr("ended"));
    if (ended) view.notice = "Sessions ended: " + std::to_string(*ended) + ".";
    respond(AccountPage(200, RenderProfilePage(view)));
  }

  void PostProfile(const http::Request& request, const Principal& principal,
                   http::Respond respond) {
    http::Form form = http::Form::Parse(request.body);
    if (!RequireCsrf(d_.auth, principal, form, respond)) return;
    std::string_view action = form.GetOr("action");
    int64_t session = util::ParseInt(form.GetOr("session")).value_or(0);
    if (action == "end" && (session <= 0 || session == principal.session_id)) {
      return respond(AccountPage(400,
                                 "<!DOCTYPE html><title>Bad request</title><p>Choose "
                                 "another session to end.</p>"));
    }
    if (action != "end" && action != "end-others") {
      return respond(AccountPage(400,
                                 "<!DOCTYPE html><title>Bad request</title><p>Unknown "
                                 "action.</p>"));
    }
    auto ended = std::make_shared<int64_t>(0);
    d_.store.Write(
        [this, ended, action = std::string(action), session, user = principal.user.id,
         keep = principal.session_id](store::Transaction& tx) -> Status {
          if (action == "end") {
            auto deleted = d_.accounts.DeleteSession(tx, session, user);
            if (!deleted) return std::unexpected(deleted.error());
            *ended = *deleted ? 1 : 0;
            return {};
          }
          auto deleted = d_.accounts.DeleteUserSessions(tx, user, keep);
          if (!deleted) return std::unexpected(deleted.error());
          *ended = *deleted;
          return {};
        },
        [respond = std::move(respond), ended](Status status) mutable {
          if (!status) return respond(InternalError(status.error()));
          respond(Redirect("/admin/profile/?ended=" + std::to_string(*ended)));
        });
  }

  void GetLostPassword(const http::Request&, http::Respond respond) {
    LostPasswordView view;
    view.site_title = d_.settings.Get()->title;
    respond(AccountPage(200, RenderLostPasswordPage(view)));
  }

  void PostLostPassword(const http::Request& request, http::Respond respond) {
    LostPasswordView view;
    view.site_title = d_.settings.Get()->title;
    view.user_login = std::string(util::Trim(http::Form::Parse(request.body).GetOr("user_login")));
    if (FromAnotherSite(request, d_.settings.Get()->home_url)) {
      view.error = std::string(kOtherSite);
      return respond(AccountPage(403, RenderLostPasswordPage(view)));
    }
    if (view.user_login.empty()) {
      view.error = "Please enter a username or email address.";
      return respond(AccountPage(200, RenderLostPasswordPage(view)));
    }
    Result<std::optional<store::User>> user = FindByLoginOrEmail(view.user_login);
    if (!user) return respond(InternalError(user.error()));
    // The same answer, at once, either way: the token and its mail are written after the answer
    // (off the request's path), so neither the page nor its timing tells whether the account
    // exists.
    respond(Redirect(std::string(kCheckEmail)));
    if (!*user || (*user)->email.empty()) return;
    auto settings = d_.settings.Get();
    std::string home = settings->home_url;
    while (!home.empty() && home.back() == '/') home.pop_back();
    d_.store.Write(
        [this, user = **user, home, title = settings->title](store::Transaction& tx) -> Status {
          if (!d_.queue_mail) return Fail(ErrorKind::kUnavailable, "no mail queue is set up");
          auto token = IssueResetToken(tx, d_.accounts, user, d_.clock.Now());
          if (!token) return std::unexpected(token.error());
          return d_.queue_mail(tx, ResetMessage(user, *token, home, title));
        },
        [](Status status) {
          if (!status) spdlog::error("password reset: {}", status.error().message);
        });
  }

  void GetResetPassword(const http::Request& request, http::Respond respond) {
    http::Form query = http::Form::Parse(request.Query());
    ResetPasswordView view;
    view.site_title = d_.settings.Get()->title;
    view.key = std::string(query.GetOr("key"));
    view.login = std::string(query.GetOr("login"));
    Result<bool> usable = LinkUsable(view.key, view.login);
    if (!usable) return respond(InternalError(usable.error()));
    if (!*usable) return respond(InvalidLink());
    respond(AccountPage(200, RenderResetPasswordPage(view)));
  }

  void PostResetPassword(const http::Request& request, http::Respond respond) {
    http::Form form = http::Form::Parse(request.body);
    ResetPasswordView view;
    view.site_title = d_.settings.Get()->title;
    view.key = std::string(form.GetOr("key"));
    view.login = std::string(form.GetOr("login"));
    Result<bool> usable = LinkUsable(view.key, view.login);
    if (!usable) return respond(InternalError(usable.error()));
    if (!*usable) return respond(InvalidLink());
    if (Status s = CheckNewPassword(form.GetOr("pass1"), form.GetOr("pass2")); !s) {
      view.error = s.error().message;
      return respond(AccountPage(400, RenderResetPasswordPage(view)));
    }
    Result<std::optional<store::User>> user = d_.store.FindUserByLogin(view.login);
    if (!user || !*user) return respond(InvalidLink());
    RunOrBusy([this, user = std::move(**user), key = std::move(view.key),
               password = std::string(form.GetOr("pass1")),
               respond = std::move(respond)](bool busy) mutable {
      if (busy) return respond(Busy());
      Result<std::string> hash = HashPassword(password);
      if (!hash) return respond(InternalError(hash.error()));
      SaveNewPassword(user, key, *hash, std::move(respond));
    });
  }

  void SaveNewPassword(const store::User& user, const std::string& key, const std::string& hash,
                       http::Respond respond) {
    d_.store.Write(
        [this, user, key, hash](store::Transaction& tx) -> Status {
          const int64_t now = d_.clock.Now();
          if (Status s = RedeemResetToken(tx, d_.accounts, user, key, hash, now); !s) return s;
          return d_.accounts.ClearLoginFailures(tx, store::FailureScope::kLogin,
                                                LoginThrottle::LoginKey(user.login));
        },
        [this, respond = std::move(respond)](Status status) mutable {
          if (status) return respond(Redirect("/admin/login?password=changed"));
          if (status.error().kind == ErrorKind::kInvalid) return respond(InvalidLink());
          respond(InternalError(status.error()));
        });
  }

 private:
  // Hands password work to the workers: work(false) runs there, or work(true) runs here when
  // too many password checks are already waiting (it answers 503).
  template <typename Work>
  void RunOrBusy(Work work) {
    auto shared = std::make_shared<Work>(std::move(work));
    if (password_workers_.Run([shared] { (*shared)(false); })) return;
    spdlog::warn("account page: too many password checks waiting; answered 503");
    (*shared)(true);
  }

  template <typename T>
  static Status Done(const Result<T>& result) {
    if (!result) return std::unexpected(result.error());
    return {};
  }

  // A login page's view; its pre-login token is the request's (a page reloaded, or a second
  // tab, keeps the one the cookie holds) or a new one.
  LoginView NewLoginView(const http::Request& request) const {
    LoginView view;
    view.site_title = d_.settings.Get()->title;
    view.redirect_to = "/admin/";
    view.login_token = LoginTokenCookie(request);
    if (view.login_token.empty()) view.login_token = NewToken();
    return view;
  }

  // The user named by a login or, when it has an '@', by an email address.
  Result<std::optional<store::User>> FindByLoginOrEmail(std::string_view name) {
    Result<std::optional<store::User>> user = d_.store.FindUserByLogin(name);
    if (!user || *user || name.find('@') == std::string_view::npos) return user;
    return d_.accounts.FindUserByEmail(name);
  }

  Result<bool> LinkUsable(const std::string& key, const std::string& login) {
    if (key.empty() || login.empty()) return false;
    Result<std::optional<store::User>> user = d_.store.FindUserByLogin(login);
    if (!user) return std::unexpected(user.error());
    if (!*user) return false;
    Result<std::optional<store::ResetToken>> token = d_.accounts.FindResetToken(HashToken(key));
    if (!token) return std::unexpected(token.error());
    return *token && ResetTokenUsable(**token, (*user)->id, d_.clock.Now());
  }

  http::Response InvalidLink() const {
    LostPasswordView view;
    view.site_title = d_.settings.Get()->title;
    view.error = std::string(kInvalidResetLink);
    return AccountPage(400, RenderLostPasswordPage(view));
  }

  // `account` is its own argument: the two callbacks below are built in an unspecified order,
  // so the job must not read from `view`, which the second one takes.
  void Failed(const http::Request& request, std::string account, LoginView view,
              const ThrottleState& before, const ThrottleLimits& limits, http::Respond respond) {
    d_.store.Write(
        [this, login = std::move(account), ip = request.remote_ip, limits](store::Transaction& tx) {
          return throttle_.RecordFailure(tx, login, ip, limits);
        },
        // The request outlives respond (the server's contract).
        [&request, view = std::move(view), left = before.attempts_left - 1, limits,
         respond = std::move(respond)](Status status) mutable {
          if (!status) return respond(InternalError(status.error()));
          if (left <= 0) {
            view.error = LockedMessage(static_cast<int>(limits.lockout_seconds / 60));
            return respond(LoginPage(429, view, request));
          }
          view.error = AttemptsLeftText(left);
          respond(LoginPage(200, view, request));
        });
  }

  void Succeeded(const http::Request& request, const store::User& user, LoginView view,
                 http::Respond respond) {
    NewSession created =
        d_.auth.Create(user, request, view.remember, d_.settings.Get()->session_days);
    d_.store.Write(
        [this, session = created.session, typed = view.log, login = user.login,
         ip = request.remote_ip](store::Transaction& tx) -> Status {
          if (Status s = throttle_.Reset(tx, typed, ip); !s) return s;
          if (Status s = throttle_.Reset(tx, login, ip); !s) return s;
          if (auto id = d_.accounts.InsertSession(tx, session); !id) {
            return std::unexpected(id.error());
          }
          return Done(d_.accounts.DeleteExpiredSessions(tx, d_.clock.Now()));
        },
        [cookie = std::move(created.set_cookie), to = std::move(view.redirect_to),
         respond = std::move(respond)](Status status) mutable {
          if (!status) return respond(InternalError(status.error()));
          http::Response response = Redirect(to);
          response.headers.push_back({"Set-Cookie", cookie});
          response.headers.push_back({"Set-Cookie", LoginTokenSetCookie("", 0)});  // spent
          respond(std::move(response));
        });
  }

  AuthRoutesDeps d_;
  LoginThrottle throttle_;
  PasswordWorkers password_workers_;  // Argon2id, off the I/O threads
};

}  // namespace

bool FromAnotherSite(const http::Request& request, std::string_view home_url) {
  if (std::optional<std::string_view> site = request.Find("sec-fetch-site")) {
    std::string value = util::ToLower(util::Trim(*site));
    return value != "same-origin" && value != "none";
  }
  std::optional<std::string_view> origin = request.Find("origin");
  if (!origin) return false;
  std::string from = util::ToLower(util::Trim(*origin));
  if (from == "null" || from.empty()) return true;
  if (!home_url.empty() && from == OriginOf(home_url)) return false;
  std::string host = util::ToLower(util::Trim(request.Find("host").value_or("")));
  size_t scheme_end = from.find("://");
  return host.empty() || scheme_end == std::string::npos || from.substr(scheme_end + 3) != host;
}

std::string SafeRedirect(std::string_view requested) {
  constexpr std::string_view kFallback = "/admin/";
  std::string path = util::LocalRedirectPath(requested, kFallback);
  const bool under_admin =
      path == "/admin" || path.starts_with("/admin/") || path.starts_with("/admin?");
  const bool clean = path.find("//") == std::string::npos;
  return under_admin && clean ? path : std::string(kFallback);
}

void AddAuthRoutes(http::Router& router, AuthRoutesDeps deps) {
  SessionAuth& auth = deps.auth;
  auto h = std::make_shared<AuthHandlers>(std::move(deps));
  auto plain = [h](void (AuthHandlers::*method)(const http::Request&, http::Respond)) {
    return [h, method](const http::Request& request, const http::Params&, http::Respond respond) {
      ((*h).*method)(request, std::move(respond));
    };
  };
  auto guarded = [h, &auth](void (AuthHandlers::*method)(const http::Request&, const Principal&,
                                                         http::Respond)) {
    return Guard(auth, Capability::kRead,
                 [h, method](const http::Request& request, const http::Params&,
                             const Principal& principal, http::Respond respond) {
                   ((*h).*method)(request, principal, std::move(respond));
                 });
  };
  router.Add("GET", "/admin/login", plain(&AuthHandlers::GetLogin));
  router.Add("POST", "/admin/login", plain(&AuthHandlers::PostLogin));
  // The signed-in user's forms are refused from their head when anonymous (body never read).
  router.Add("POST", "/admin/logout", guarded(&AuthHandlers::PostLogout),
             GuardHead(auth, Capability::kRead));
  router.Add("GET", "/admin/profile/", guarded(&AuthHandlers::GetProfile));
  router.Add("POST", "/admin/profile/", guarded(&AuthHandlers::PostProfile),
             GuardHead(auth, Capability::kRead));
  router.Add("GET", "/admin/lostpassword", plain(&AuthHandlers::GetLostPassword));
  router.Add("POST", "/admin/lostpassword", plain(&AuthHandlers::PostLostPassword));
  router.Add("GET", "/admin/resetpass", plain(&AuthHandlers::GetResetPassword));
  router.Add("POST", "/admin/resetpass", plain(&AuthHandlers::PostResetPassword));
}

}  // namespace quire::admin
