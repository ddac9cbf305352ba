#include "admin/login_page.h"

#include <kainjow/mustache.hpp>
#include <string_view>
#include <utility>

#include "util/clock.h"

namespace quire::admin {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kLayout = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{title}} &lsaquo; {{site_title}}</title>
<link rel="stylesheet" href="/assets/login.css">
</head>
<body>
<main{{#wide}} class="wide"{{/wide}}>
<h1>{{title}}</h1>
{{#error}}<div id="login_error" class="error" role="alert"><p><strong>Error:</strong> {{error}}</p></div>{{/error}}
{{#notice}}<div class="notice" role="status"><p>{{notice}}</p></div>{{/notice}}
{{{content}}}
</main>
</body>
</html>
)";

constexpr std::string_view kLogin =
    R"(<form name="loginform" id="loginform" action="/admin/login" method="post">
<label for="user_login">Username or Email Address</label>
<input type="text" name="log" id="user_login" value="{{log}}" autocomplete="username" required autofocus>
<label for="user_pass">Password</label>
<input type="password" name="pwd" id="user_pass" autocomplete="current-password" required>
<p><label><input type="checkbox" name="rememberme" id="rememberme" value="forever"{{#remember}} checked{{/remember}}> Remember Me</label></p>
<input type="hidden" name="redirect_to" value="{{redirect_to}}">
<input type="hidden" name="login_token" value="{{login_token}}">
<button type="submit" name="wp-submit" id="wp-submit">Log In</button>
</form>
<p><a href="/admin/lostpassword">Lost your password?</a></p>
)";

constexpr std::string_view kLostPassword =
    R"(<p>Please enter your username or email address. You will receive an email message with instructions on how to reset your password.</p>
<form name="lostpasswordform" id="lostpasswordform" action="/admin/lostpassword" method="post">
<label for="user_login">Username or Email Address</label>
<input type="text" name="user_login" id="user_login" value="{{user_login}}" autocomplete="username" required autofocus>
<button type="submit" name="wp-submit" id="wp-submit">Get New Password</button>
</form>
<p><a href="/admin/login">Log in</a></p>
)";

constexpr std::string_view kResetPassword =
    R"(<p>Enter your new password below (at least 8 characters).</p>
<form name="resetpassform" id="resetpassform" action="/admin/resetpass" method="post" autocomplete="off">
<input type="hidden" name="key" value="{{key}}">
<input type="hidden" name="login" id="user_login" value="{{login}}" autocomplete="username">
<label for="pass1">New password</label>
<input type="password" name="pass1" id="pass1" minlength="8" autocomplete="new-password" required autofocus>
<label for="pass2">Confirm new password</label>
<input type="password" name="pass2" id="pass2" minlength="8" autocomplete="new-password" required>
<button type="submit" name="wp-submit" id="wp-submit">Save Password</button>
</form>
)";

constexpr std::string_view kProfile =
    R"(<p>Logged in as <strong>{{display_name}}</strong> ({{login}}, {{role}}).</p>
<form action="/admin/logout" method="post">
<input type="hidden" name="_wpnonce" value="{{csrf}}">
<button type="submit" id="logout">Log Out</button>
</form>
<h2 id="sessions-heading">Sessions</h2>
<table aria-labelledby="sessions-heading" id="sessions">
<thead><tr><th scope="col">Started</th><th scope="col">Last seen</th><th scope="col">Address</th><th scope="col">Browser</th><th scope="col"><span class="screen-reader-text">Action</span></th></tr></thead>
<tbody>
{{#sessions}}<tr id="session-{{id}}"><td>{{created}}</td><td>{{last_seen}}</td><td>{{ip}}</td><td>{{user_agent}}</td><td>{{#current}}This session{{/current}}{{^current}}<form action="/admin/profile/" method="post"><input type="hidden" name="_wpnonce" value="{{csrf}}"><input type="hidden" name="action" value="end"><input type="hidden" name="session" value="{{id}}"><button type="submit">End</button></form>{{/current}}</td></tr>
{{/sessions}}
</tbody>
</table>
{{#others}}<form action="/admin/profile/" method="post">
<input type="hidden" name="_wpnonce" value="{{csrf}}">
<input type="hidden" name="action" value="end-others">
<button type="submit" id="end-others">Log Out Everywhere Else</button>
</form>{{/others}}
)";

std::string Render(std::string_view text, const mustache::data& data) {
  mustache::mustache tmpl{std::string(text)};
  return tmpl.render(data);
}

std::string Layout(std::string_view title, std::string_view site_title, const std::string& error,
                   const std::string& notice, std::string content, bool wide = false) {
  mustache::data data;
  data.set("title", std::string(title));
  data.set("site_title", std::string(site_title));
  if (!error.empty()) data.set("error", error);
  if (!notice.empty()) data.set("notice", notice);
  data.set("content", std::move(content));
  data.set("wide", wide);
  return Render(kLayout, data);
}

}  // namespace

std::string RenderLoginPage(const LoginView& view) {
  mustache::data data;
  data.set("log", view.log);
  data.set("redirect_to", view.redirect_to);
  data.set("remember", view.remember);
  data.set("login_token", view.login_token);
  return Layout("Log In", view.site_title, view.error, view.notice, Render(kLogin, data));
}

std::string RenderLostPasswordPage(const LostPasswordView& view) {
  mustache::data data;
  data.set("user_login", view.user_login);
  return Layout("Lost Password", view.site_title, view.error, "", Render(kLostPassword, data));
}

std::string RenderResetPasswordPage(const ResetPasswordView& view) {
  mustache::data data;
  data.set("key", view.key);
  data.set("login", view.login);
  return Layout("Reset Password", view.site_title, view.error, "", Render(kResetPassword, data));
}

std::string RenderProfilePage(const ProfileView& view) {
  mustache::data sessions{mustache::data::type::list};
  for (const store::Session& s : view.sessions) {
    mustache::data row;
    row.set("id", std::to_string(s.id));
    row.set("created", util::FormatHumanDate(s.created_at));
    row.set("last_seen", util::FormatHumanDate(s.last_seen_at));
    row.set("ip", s.ip);
    row.set("user_agent", s.user_agent.empty() ? "(unknown)" : s.user_agent);
    row.set("current", s.id == view.current_session_id);
    row.set("csrf", view.csrf_token);
    sessions.push_back(std::move(row));
  }
  mustache::data data;
  data.set("display_name", view.display_name);
  data.set("login", view.login);
  data.set("role", view.role);
  data.set("csrf", view.csrf_token);
  data.set("sessions", std::move(sessions));
  data.set("others", view.sessions.size() > 1);
  return Layout("Profile", view.site_title, "", view.notice, Render(kProfile, data), true);
}

http::Response AccountPage(int status, std::string html) {
  http::Response response = http::Response::Html(status, std::move(html));
  response.Set("Cache-Control", "private, no-store");
  response.Set("X-Frame-Options", "DENY");
  response.Set("Referrer-Policy", "no-referrer");
  return response;
}

}  // namespace quire::admin
