// The account pages' HTML: log in, lost password, reset password, profile (sessions). Plain,
// accessible pages without scripts, rendered from mustache templates in login_page.cc (values
// are escaped by the templates). Pure functions of their views, so they are tested directly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "http/message.h"
#include "store/accounts.h"

namespace quire::admin {

struct LoginView {
  std::string site_title;
  std::string error;   // shown in role="alert"; empty: none
  std::string notice;  // e.g. "You are now logged out."
  std::string log;     // the login typed, refilled
  std::string redirect_to;
  bool remember = false;
  std::string login_token;  // the pre-login token (kLoginTokenField), also set as a cookie
};

struct LostPasswordView {
  std::string site_title;
  std::string error;
  std::string user_login;
};

struct ResetPasswordView {
  std::string site_title;
  std::string error;
  std::string key;
  std::string login;
};

struct ProfileView {
  std::string site_title;
  std::string login;
  std::string display_name;
  std::string role;
  std::string csrf_token;
  int64_t current_session_id = 0;
  std::vector<store::Session> sessions;  // most recently seen first
  std::string notice;
};

std::string RenderLoginPage(const LoginView& view);
std::string RenderLostPasswordPage(const LostPasswordView& view);
std::string RenderResetPasswordPage(const ResetPasswordView& view);
std::string RenderProfilePage(const ProfileView& view);

// An HTML response for an account page: never cached, never framed, no Referer sent (reset
// links carry their key in the URL).
http::Response AccountPage(int status, std::string html);

}  // namespace quire::admin
