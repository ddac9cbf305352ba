#include "mail/smtp_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include "util/strings.h"

namespace quire::mail {
namespace {

constexpr long kConnectTimeoutSeconds = 15;
constexpr long kTotalTimeoutSeconds = 60;

struct Upload {
  const std::string& data;
  size_t sent = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t room = size * count;
  size_t left = upload->data.size() - upload->sent;
  size_t n = std::min(room, left);
  std::memcpy(buffer, upload->data.data() + upload->sent, n);
  upload->sent += n;
  return n;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

std::string UrlFor(const SmtpConfig& config, std::string_view helo) {
  std::string host = config.host.find(':') != std::string::npos && config.host.front() != '['
                         ? "[" + config.host + "]"
                         : config.host;
  std::string scheme = config.security == "tls" ? "smtps://" : "smtp://";
  // The path is the name curl gives in EHLO.
  return scheme + host + ":" + std::to_string(config.port) + "/" + std::string(helo);
}

bool IsIpLiteral(std::string_view host) {
  if (host.empty()) return true;
  if (host.find(':') != std::string_view::npos || host.front() == '[') return true;
  return std::all_of(host.begin(), host.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// The host of an http(s) URL: between "://" and the next '/', without the port.
std::string HostOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  if (!rest.empty() && rest.front() == '[') return std::string(rest.substr(0, rest.find(']') + 1));
  return std::string(rest.substr(0, rest.find(':')));
}

ErrorKind KindFor(CURLcode code) {
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_LOGIN_DENIED: return ErrorKind::kInvalid;
    default: return ErrorKind::kUnavailable;
  }
}

}  // namespace

SmtpConfig SmtpConfig::From(const store::Settings& settings) {
  SmtpConfig config;
  config.host = std::string(util::Trim(settings.smtp_host));
  config.port = settings.smtp_port;
  config.security = settings.smtp_security;
  config.user = settings.smtp_user;
  config.password = settings.smtp_password;
  return config;
}

Sender SenderFor(const store::Settings& settings, std::string_view home_url) {
  Sender sender;
  sender.name = settings.title;
  sender.address = std::string(util::Trim(settings.mail_from));
  if (sender.address.empty()) {
    std::string host = HostOf(home_url);
    sender.address = "quire@" + (IsIpLiteral(host) ? std::string("localhost") : host);
  }
  return sender;
}

SmtpTransport::SmtpTransport() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Status SmtpTransport::Send(const SmtpConfig& config, const std::string& from, const std::string& to,
                           const std::string& data) {
  if (config.host.empty()) return Fail(ErrorKind::kInvalid, "smtp_host is not set");
  if (!IsSafeAddress(from)) return Fail(ErrorKind::kInvalid, "bad sender address '" + from + "'");
  if (!IsSafeAddress(to)) return Fail(ErrorKind::kInvalid, "bad recipient address '" + to + "'");
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Fail(ErrorKind::kInternal, "curl_easy_init failed");
  std::string url = UrlFor(config, DomainOf(from));
  std::string mail_from = "<" + from + ">";
  std::unique_ptr<curl_slist, SlistDeleter> rcpt(
      curl_slist_append(nullptr, ("<" + to + ">").c_str()));
  Upload upload{data};
  char error[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, kTotalTimeoutSeconds);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_USE_SSL,
                   config.security == "none" ? static_cast<long>(CURLUSESSL_NONE)
                                             : static_cast<long>(CURLUSESSL_ALL));
  if (!config.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, config.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, &ReadChunk);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  CURLcode code = curl_easy_perform(h);
  if (code == CURLE_OK) return {};
  std::string detail = error[0] != '\0' ? error : curl_easy_strerror(code);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\r')) detail.pop_back();
  return Fail(KindFor(code), "SMTP " + config.host + ":" + std::to_string(config.port) + ": " +
                                 CleanHeaderValue(detail));
}

}  // namespace quire::mail
