#include "site/post_password.h"

#include <sodium.h>

#include <array>
#include <optional>

#include "http/form.h"
#include "site/layout.h"
#include "util/safe_url.h"
#include "util/strings.h"

namespace quire::site {

namespace {

constexpr std::string_view kPurpose = "postpass:";
constexpr std::string_view kPasswordField = "post_password";
constexpr std::string_view kRedirectField = "redirect_to";

// The path (with its query) of an absolute or root-relative URL when it names this site:
// home_url's origin or the request's Host; nullopt otherwise.
std::optional<std::string> LocalTarget(std::string_view url, const http::Request& request,
                                       const store::Settings& settings) {
  auto path_of = [](std::string_view rest) -> std::optional<std::string> {
    if (rest.empty()) return std::string("/");
    std::string path = util::LocalRedirectPath(rest, "");
    if (path.empty()) return std::nullopt;
    return path;
  };
  std::string home = settings.home_url;
  while (home.ends_with('/')) home.pop_back();
  if (!home.empty() && url.starts_with(home)) return path_of(url.substr(home.size()));
  if (std::optional<std::string_view> host = request.Find("host"); host && !host->empty()) {
    for (std::string_view scheme : {"http://", "https://"}) {
      std::string origin = std::string(scheme) + std::string(*host);
      if (url.starts_with(origin)) return path_of(url.substr(origin.size()));
    }
  }
  return std::nullopt;
}

// Where the form came from: the Referer when it is ours, the form's own field, else home.
std::string ReturnPath(const http::Request& request, const http::Form& form,
                       const store::Settings& settings) {
  if (std::optional<std::string_view> referer = request.Find("referer")) {
    if (std::optional<std::string> target = LocalTarget(*referer, request, settings)) {
      return *target;
    }
  }
  return util::LocalRedirectPath(form.GetOr(kRedirectField), "/");
}

}  // namespace

std::string PostPassToken(std::string_view secret, std::string_view password) {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac;
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(kPurpose.data()),
                                kPurpose.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(password.data()),
                                password.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(mac.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), mac.data(), mac.size(), kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

bool HasPostPassCookie(const http::Request& request) {
  return http::ParseCookies(request).Has(kPostPassCookie);
}

bool PasswordAccepted(const http::Request& request, const store::Post& item,
                      const store::Settings& settings) {
  if (item.password.empty()) return true;
  http::Form cookies = http::ParseCookies(request);
  std::string_view sent = cookies.GetOr(kPostPassCookie);
  std::string expected = PostPassToken(settings.secret, item.password);
  return sent.size() == expected.size() &&
         sodium_memcmp(sent.data(), expected.data(), expected.size()) == 0;
}

http::Response PostPassResponse(const http::Request& request, const store::Settings& settings) {
  if (http::Form::Parse(request.Query()).GetOr("action") != "postpass") {
    return http::Response::Text(400, "Unknown action.\n");
  }
  http::Form form = http::Form::Parse(request.body);
  http::Response response = http::Response::Redirect(303, ReturnPath(request, form, settings));
  http::CookieOptions options;
  options.max_age = kPostPassCookieSeconds;
  response.headers.push_back(
      {"Set-Cookie",
       http::SetCookie(kPostPassCookie, PostPassToken(settings.secret, form.GetOr(kPasswordField)),
                       options)});
  MarkPrivate(response);
  return response;
}

}  // namespace quire::site
